/**
 * CRS at each charted moment of a scan: the findings in the look-back, the CRS sign that keeps an
 * episode open, fever masking, and the ASTCT grade (assessCrs).
 *
 * - Look-back ("current findings") at moment t:
 *   · fever: the HIGHEST temperature recorded after the infusion in (t − 24 h, t]. Fever swings and is
 *     masked by antipyretics; CRS fever and hypotension/hypoxia are often charted hours apart, and
 *     ASTCT grades "fever with hypotension" without requiring them in the same vital set. 24 h
 *     matches the daily grading trials report and the resolution window.
 *   · hypotension and oxygen: the LATEST recorded value at or before t (what the patient needs now);
 *     flagged stale after 4 h (inpatient vitals at least every 4 h, clinical-reference.md).
 *   · vasopressors: those running at t (start ≤ t < stop).
 * - CRS episode (episodes.ts): starts at the first moment a counted fever (≥ 38.0 °C, after infusion,
 *   not attributed to another cause) is in the look-back window while no episode is open. A CRS sign
 *   at a moment is: the latest temperature is a counted fever, hypotension, a vasopressor running, or
 *   oxygen other than room air.
 * - Fever no longer required (ASTCT 2019): from the first tocilizumab, corticosteroid, antipyretic,
 *   anakinra or siltuximab given at or after the episode's onset, until the episode ends. Drugs given
 *   before the onset (premedication, prophylaxis) do not count.
 */
import type { CrsAssessment, OxygenDevice, OxygenSupport, Vasopressor } from '../crs.ts';
import { assessCrs, FEVER_THRESHOLD_C, VASOPRESSORS } from '../crs.ts';
import { FEVER_MASKING_MEDICATIONS } from '../facts.ts';
import { lowerBound } from '../time.ts';
import type { EpisodeState } from './episodes.ts';
import type { FactIndex } from './fact-index.ts';
import { missingVitals } from './missing-data.ts';
import type { CourseSettings } from './options.ts';
import { atOf, MaxWindow } from './sliding-max.ts';
import type { CrsAtMoment, NInfusion, NMed, NVitals } from './types.ts';

const ROOM_AIR: OxygenSupport = { device: 'room_air' };

/** The vasopressors running, in VASOPRESSORS order, for each set of them (a bit per drug): built once each. */
const DRUGS_BY_SET: (Vasopressor[] | undefined)[] = [];
function drugsOf(set: number): Vasopressor[] {
  let drugs = DRUGS_BY_SET[set];
  if (drugs === undefined) {
    drugs = VASOPRESSORS.filter((_, bit) => (set & (1 << bit)) !== 0);
    DRUGS_BY_SET[set] = drugs;
  }
  return drugs;
}

/** The findings an assessment was made from, to reuse it at the next moment when they are the same. */
interface LastAssessment {
  temperatureC: number | null;
  feverOtherCause: boolean;
  waived: boolean;
  hypotension: boolean;
  drugSet: number;
  device: OxygenDevice;
  flowLpm: number | undefined;
  comfort: boolean;
  dead: boolean;
  assessment: CrsAssessment;
}

/** Walks the CRS facts forward, one charted moment at a time, from the first moment of a scan. */
export class CrsMoments {
  private readonly counted = new MaxWindow();
  private readonly attributed = new MaxWindow();
  private windowNext: number;
  private tempNext: number;
  private bpNext: number;
  private oxyNext: number;
  private medNext: number;
  private infusionNext: number;
  private running: NInfusion[];
  private last: LastAssessment | null = null;

  // Findings at the current moment.
  /** Ids of the facts the grade at this moment uses: the first `idCount` entries of a reused buffer. */
  private readonly ids: string[] = [];
  private idCount = 0;
  /** A CRS sign at this moment (keeps an episode open). */
  sign = false;
  /** The counted fever in the look-back, which opens an episode when none is open. */
  onsetFever: NVitals | null = null;
  private temperatureC: number | null = null;
  private feverOtherCause = false;
  private hypotension = false;
  private drugSet = 0;
  private oxygen: OxygenSupport = ROOM_AIR;
  private dead = false;
  private latestTemp: NVitals | undefined;
  private bp: NVitals | undefined;
  private oxy: NVitals | undefined;

  constructor(
    private readonly index: FactIndex,
    private readonly settings: CourseSettings,
    firstMoment: number,
    private readonly memo: Map<string, CrsAssessment>,
  ) {
    const { temps, bps, oxys, meds, infusions } = index;
    const T0 = firstMoment;
    this.windowNext = lowerBound(temps, T0 - settings.feverLookBack + 1, atOf); // first reading with at > T0 − window
    this.tempNext = lowerBound(temps, T0, atOf);
    this.bpNext = lowerBound(bps, T0, atOf);
    this.oxyNext = lowerBound(oxys, T0, atOf);
    this.medNext = lowerBound(meds, T0, atOf);
    this.infusionNext = lowerBound(infusions, T0, atOf);
    this.running = infusions.slice(0, this.infusionNext).filter((x) => x.stop > T0);
  }

  /** Move to moment t: the look-back windows, the latest values, the running vasopressors. */
  advanceTo(t: number): void {
    const { temps, bps, oxys, infusions, feverOther } = this.index;
    const { feverLookBack, infusionAt } = this.settings;
    while (this.windowNext < temps.length && (temps[this.windowNext] as NVitals).at <= t) {
      const reading = temps[this.windowNext] as NVitals;
      this.windowNext++;
      // Readings before the infusion are not CRS fevers.
      if (reading.at < infusionAt) continue;
      if (feverOther.length === 0 || this.index.annotationCovering(reading.at) === null)
        this.counted.push(reading);
      else this.attributed.push(reading);
    }
    this.counted.evictUpTo(t - feverLookBack);
    this.attributed.evictUpTo(t - feverLookBack);
    while (this.tempNext < temps.length && (temps[this.tempNext] as NVitals).at <= t) this.tempNext++;
    while (this.bpNext < bps.length && (bps[this.bpNext] as NVitals).at <= t) this.bpNext++;
    while (this.oxyNext < oxys.length && (oxys[this.oxyNext] as NVitals).at <= t) this.oxyNext++;
    let startedOrStopped = false;
    while (this.infusionNext < infusions.length && (infusions[this.infusionNext] as NInfusion).at <= t) {
      this.running.push(infusions[this.infusionNext] as NInfusion);
      this.infusionNext++;
      startedOrStopped = true;
    }
    if (this.running.length > 0) {
      for (const infusion of this.running) {
        if (infusion.stop <= t) {
          startedOrStopped = true;
          break;
        }
      }
      if (startedOrStopped) this.running = this.running.filter((x) => x.stop > t);
    }
    this.findings(t);
  }

  private findings(t: number): void {
    const { temps, bps, oxys, feverOther, crsDeaths } = this.index;
    const { feverLookBack, infusionAt, hypotensionBelow } = this.settings;
    const ids = this.ids;
    let count = 0;
    const top = this.counted.max();
    const topAttributed = this.attributed.max();
    let temperatureC: number | null = null;
    let feverOtherCause = false;
    if (top && (top.temperatureC as number) >= FEVER_THRESHOLD_C) {
      temperatureC = top.temperatureC;
      ids[count++] = top.id;
    } else if (topAttributed && (topAttributed.temperatureC as number) >= FEVER_THRESHOLD_C) {
      temperatureC = topAttributed.temperatureC;
      feverOtherCause = true;
      ids[count++] = topAttributed.id;
      ids[count++] = this.index.annotationCovering(topAttributed.at) as string;
    } else {
      const highest =
        top && topAttributed
          ? (top.temperatureC as number) >= (topAttributed.temperatureC as number)
            ? top
            : topAttributed
          : (top ?? topAttributed);
      if (highest) {
        temperatureC = highest.temperatureC;
        ids[count++] = highest.id;
      }
    }
    const feverCounts = temperatureC !== null && !feverOtherCause && temperatureC >= FEVER_THRESHOLD_C;
    this.onsetFever = feverCounts && top ? top : null;

    const bp = bps[this.bpNext - 1];
    let hypotension = false;
    if (bp) {
      hypotension = bp.hypotensionFlag ?? (bp.systolic !== null && bp.systolic < hypotensionBelow);
      ids[count++] = bp.id;
    }
    const oxy = oxys[this.oxyNext - 1];
    const oxygen = oxy?.oxygen ?? ROOM_AIR;
    if (oxy) ids[count++] = oxy.id;
    let drugSet = 0;
    for (let i = 0; i < this.running.length; i++) {
      const infusion = this.running[i] as NInfusion;
      drugSet |= 1 << VASOPRESSORS.indexOf(infusion.drug);
      ids[count++] = infusion.id;
    }
    const crsDeath = crsDeaths[0];
    const dead = crsDeath !== undefined && crsDeath.at <= t;
    if (dead) ids[count++] = crsDeath.id;

    const latestTemp = temps[this.tempNext - 1];
    const feverSign =
      latestTemp !== undefined &&
      latestTemp.at >= infusionAt &&
      latestTemp.at > t - feverLookBack &&
      (latestTemp.temperatureC as number) >= FEVER_THRESHOLD_C &&
      (feverOther.length === 0 || this.index.annotationCovering(latestTemp.at) === null);
    // Oxygen for comfort only is not an oxygen requirement (ASTCT 2019): not a sign of CRS either.
    const comfort = oxygen.forComfort === true;
    this.sign = feverSign || hypotension || drugSet !== 0 || (oxygen.device !== 'room_air' && !comfort);

    this.idCount = count;
    this.temperatureC = temperatureC;
    this.feverOtherCause = feverOtherCause;
    this.hypotension = hypotension;
    this.drugSet = drugSet;
    this.oxygen = oxygen;
    this.dead = dead;
    this.latestTemp = latestTemp;
    this.bp = bp;
    this.oxy = oxy;
  }

  /** Fever no longer required: the first masking medication given at or after the open episode's onset. */
  maskFever(open: EpisodeState | null, t: number): EpisodeState | null {
    const meds = this.index.meds;
    let crs = open;
    while (this.medNext < meds.length && (meds[this.medNext] as NMed).at <= t) {
      const med = meds[this.medNext] as NMed;
      this.medNext++;
      if (
        crs !== null &&
        crs.waiverAt === null &&
        med.at >= crs.onsetAt &&
        FEVER_MASKING_MEDICATIONS.includes(med.medication)
      ) {
        crs = { ...crs, waiverAt: med.at, waiverFactId: med.id };
      }
    }
    return crs;
  }

  /** The CRS grade at moment t, within the open episode (if any). */
  atMoment(t: number, open: EpisodeState | null): CrsAtMoment {
    const waived = open !== null && open.waiverAt !== null;
    if (waived && open?.waiverFactId) this.ids[this.idCount++] = open.waiverFactId;
    const assessment = this.assessment(waived);
    return {
      grade: assessment.grade,
      reasons: assessment.reasons,
      // An array of exactly the ids (the buffer is reused at the next moment).
      factIds: this.ids.slice(0, this.idCount),
      missing: missingVitals(t, this.settings.vitalsStale, this.latestTemp, this.bp, this.oxy),
      episode: open?.index ?? null,
      feverNoLongerRequired: waived,
    };
  }

  /** Consecutive moments usually have identical findings: reuse the last assessment, else memo. */
  private assessment(waived: boolean): CrsAssessment {
    const { temperatureC, feverOtherCause, hypotension, drugSet, oxygen, dead, last } = this;
    const comfort = oxygen.forComfort === true;
    if (
      last !== null &&
      last.temperatureC === temperatureC &&
      last.feverOtherCause === feverOtherCause &&
      last.waived === waived &&
      last.hypotension === hypotension &&
      last.drugSet === drugSet &&
      last.device === oxygen.device &&
      last.flowLpm === oxygen.flowLpm &&
      last.comfort === comfort &&
      last.dead === dead
    ) {
      return last.assessment;
    }
    const key = `${temperatureC ?? 'n'}|${feverOtherCause ? 1 : 0}|${waived ? 1 : 0}|${hypotension ? 1 : 0}|${drugSet}|${oxygen.device}|${oxygen.flowLpm ?? ''}|${comfort ? 1 : 0}|${dead ? 1 : 0}`;
    let assessment = this.memo.get(key);
    if (assessment === undefined) {
      assessment = assessCrs({
        temperatureC,
        feverOtherCause,
        feverNoLongerRequired: waived,
        hypotension,
        vasopressors: drugsOf(drugSet),
        oxygen,
        crsDeath: dead,
      });
      this.memo.set(key, assessment);
    }
    this.last = {
      temperatureC,
      feverOtherCause,
      waived,
      hypotension,
      drugSet,
      device: oxygen.device,
      flowLpm: oxygen.flowLpm,
      comfort,
      dead,
      assessment,
    };
    return assessment;
  }
}

/**
 * The course: CRS and ICANS grades at every charted moment after infusion, episodes, daily maxima,
 * recomputed incrementally when a fact arrives or is marked entered-in-error.
 *
 * Rules: ASTCT 2019 (Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638) through gradeCrs /
 * assessIcans. Everything about TIME is CellWatch's interpretation (the consensus grades a patient at
 * one moment) and is documented here and in README.md:
 *
 * - Charted moment: the time of any vital-sign set, vasopressor start or stop, medication, neuro
 *   assessment or death fact, at or after the infusion. Fever-attribution annotations change how
 *   readings count but add no moment.
 * - Look-back ("current findings") at moment t:
 *   · fever: the HIGHEST temperature recorded after the infusion in (t − 24 h, t]. Fever swings and is
 *     masked by antipyretics; CRS fever and hypotension/hypoxia are often charted hours apart, and
 *     ASTCT grades "fever with hypotension" without requiring them in the same vital set. 24 h
 *     matches the daily grading trials report and the resolution window.
 *   · hypotension and oxygen: the LATEST recorded value at or before t (what the patient needs now);
 *     flagged stale after 4 h (inpatient vitals at least every 4 h, clinical-reference.md).
 *   · vasopressors: those running at t (start ≤ t < stop).
 *   · ICANS: the latest neuro assessment at or before t; flagged stale after 12 h (ICE at least twice
 *     daily, clinical-reference.md).
 * - Hypotension: the clinician's recorded judgement when present, else systolic below a threshold:
 *   90 mmHg from age 10 (ASTCT names no cut-off; clinical-reference.md default), and the PALS
 *   definition below 10 years (< 70 mmHg under 1 year, < 70 + 2 × age in years from 1 to 9).
 *   Configurable.
 * - CRS episode: starts at the first moment a counted fever (≥ 38.0 °C, after infusion, not attributed
 *   to another cause) is in the look-back window while no episode is open. A CRS sign at a moment is:
 *   the latest temperature is a counted fever, hypotension, a vasopressor running, or oxygen other
 *   than room air. The episode is RESOLVED at the first sign-free moment (resolvedAt) once no sign has
 *   been seen for 24 h after it; it is confirmed at the first moment ≥ 24 h later
 *   (resolutionConfirmedAt). A sign within those 24 h keeps the same episode open. A new fever after
 *   resolution starts a new episode.
 * - Fever no longer required (ASTCT 2019): from the first tocilizumab, corticosteroid, antipyretic,
 *   anakinra or siltuximab given at or after the episode's onset, until the episode ends. Drugs given
 *   before the onset (premedication, prophylaxis) do not count.
 * - ICANS episode: starts at the first moment graded ≥ 1; resolved at the first moment graded 0
 *   (resolvedAt) once no grade ≥ 1 is seen for 24 h after it.
 * - Daily maximum: the highest grade at any charted moment of each Day (time.ts for Day numbers).
 *
 * Incremental recomputation: every fact has an instant from which it can change grades (its time, a
 * vasopressor's start, an annotation's `from`). Every rule above looks only backwards in time, so
 * moments before that instant are untouched; the engine restores the scan state saved at the last
 * earlier moment and regrades from there. A property test proves this equals grading from scratch.
 */

import { atOf, compareTimed, insertSorted, MaxWindow, removeSorted } from './course/sliding-max.ts';
import type {
  Course,
  CourseChange,
  CourseOptions,
  CoursePoint,
  CourseResult,
  DailyMaxGrade,
  Episode,
  IcansAtMoment,
  MissingData,
  MissingItem,
  NDeath,
  NFact,
  NFeverOther,
  NInfusion,
  NMed,
  NNeuro,
  NStop,
  NVitals,
  Timed,
} from './course/types.ts';
import type { CrsAssessment, Grade, OxygenDevice, Vasopressor } from './crs.ts';
import { assessCrs, FEVER_THRESHOLD_C, VASOPRESSORS, validateOxygen, validateTemperature } from './crs.ts';
import { CourseFactError, InvalidFindingsError } from './errors.ts';
import type {
  ChartedFact,
  NeuroAssessmentFact,
  PatientContext,
  VasopressorInfusionFact,
  VitalSignsFact,
} from './facts.ts';
import { FEVER_MASKING_MEDICATIONS, MEDICATION_KINDS } from './facts.ts';
import { assessIcans, DEFAULT_CAPD_BELOW_AGE_YEARS, validateAge } from './icans.ts';
import { iceScore } from './ice.ts';
import { dayNumberer, HOUR_MS, lowerBound, toEpochMs } from './time.ts';
import { roundTo } from './units.ts';
import { RULE_VERSION } from './version.ts';

export type {
  Course,
  CourseChange,
  CourseOptions,
  CoursePoint,
  CourseResult,
  CrsAtMoment,
  DailyMaxGrade,
  Episode,
  IcansAtMoment,
  MissingData,
  MissingItem,
} from './course/types.ts';

// ---------------------------------------------------------------------------------------------
// Scan state (immutable; shared between moments while unchanged)

interface CrsEpisodeState {
  index: number;
  onsetAt: number;
  onsetFactIds: readonly string[];
  maxGrade: Grade;
  maxGradeAt: number;
  maxGradeFactIds: readonly string[];
  waiverAt: number | null;
  waiverFactId: string | null;
  signFreeSince: number | null;
}
interface IcansEpisodeState {
  index: number;
  onsetAt: number;
  onsetFactIds: readonly string[];
  maxGrade: Grade;
  maxGradeAt: number;
  maxGradeFactIds: readonly string[];
  signFreeSince: number | null;
}
interface ScanState {
  crsCount: number;
  crs: CrsEpisodeState | null;
  icansCount: number;
  icans: IcansEpisodeState | null;
}
const INITIAL_STATE: ScanState = { crsCount: 0, crs: null, icansCount: 0, icans: null };

const NOTHING_MISSING: readonly MissingData[] = [];
const VITAL_LABEL: Record<MissingItem, string> = {
  temperature: 'temperature',
  blood_pressure: 'blood pressure',
  oxygen: 'oxygen device',
  neuro_assessment: 'neuro assessment',
  ice: 'ICE',
  capd: 'CAPD',
};

// ---------------------------------------------------------------------------------------------
// Validation and normalisation

/**
 * Default hypotension threshold by age: 90 mmHg from 10 years (clinical-reference.md); below 10 years
 * the Pediatric Advanced Life Support (PALS, American Heart Association) definition: < 70 mmHg under
 * 1 year, < 70 + 2 × age in years from 1 to 9 years.
 */
export function defaultHypotensionThresholdMmHg(ageYears: number): number {
  if (ageYears >= 10) return 90;
  if (ageYears < 1) return 70;
  return 70 + 2 * Math.floor(ageYears);
}

function positiveHours(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new InvalidFindingsError(`options.${field}`, 'must be a positive number of hours');
  }
  return v * HOUR_MS;
}

function optionalNumberInRange(
  value: unknown,
  min: number,
  max: number,
  field: string,
  unit: string,
): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidFindingsError(field, `must be ${min}–${max} ${unit}`);
  }
  return value;
}

function requireId(fact: { id?: unknown }): string {
  if (typeof fact.id !== 'string' || fact.id.length === 0)
    throw new InvalidFindingsError('id', 'must be a non-empty string');
  return fact.id;
}

function normalizeVitals(f: VitalSignsFact): NVitals {
  const at = toEpochMs(f.at, 'at');
  // Temperatures are graded at 0.01 °C (units.ts): rounded once here.
  const valid = f.temperatureC === undefined ? null : validateTemperature(f.temperatureC);
  const temperatureC = valid === null ? null : roundTo(valid, 2);
  const systolic = optionalNumberInRange(f.systolicMmHg, 20, 300, 'systolicMmHg', 'mmHg');
  optionalNumberInRange(f.spo2Pct, 0, 100, 'spo2Pct', '%');
  const oxygen = f.oxygen === undefined || f.oxygen === null ? null : validateOxygen(f.oxygen);
  if (f.hypotension !== undefined && typeof f.hypotension !== 'boolean') {
    throw new InvalidFindingsError('hypotension', 'must be true or false');
  }
  return {
    kind: 'vital_signs',
    id: f.id,
    fact: f,
    active: false,
    at,
    temperatureC,
    systolic,
    hypotensionFlag: f.hypotension,
    oxygen,
  };
}

function normalizeInfusion(f: VasopressorInfusionFact): NInfusion {
  if (!(VASOPRESSORS as readonly string[]).includes(f.drug)) {
    throw new InvalidFindingsError('drug', `unknown vasopressor ${JSON.stringify(f.drug)}`);
  }
  const at = toEpochMs(f.start, 'start');
  const chartedStop =
    f.stop === undefined || f.stop === null ? Number.POSITIVE_INFINITY : toEpochMs(f.stop, 'stop');
  if (chartedStop < at) throw new InvalidFindingsError('stop', 'is before the start');
  return {
    kind: 'vasopressor_infusion',
    id: f.id,
    fact: f,
    active: false,
    at,
    drug: f.drug,
    chartedStop,
    stop: chartedStop,
  };
}

function normalizeNeuro(f: NeuroAssessmentFact, ageYears: number, capdBelowAgeYears: number): NNeuro {
  const at = toEpochMs(f.at, 'at');
  let ice = f.iceScore;
  if (f.iceItems !== undefined) {
    const fromItems = iceScore(f.iceItems);
    if (ice !== undefined && ice !== fromItems) {
      throw new InvalidFindingsError('iceScore', `${ice} does not match the ICE items (${fromItems})`);
    }
    ice = fromItems;
  }
  const findings = {
    ageYears,
    iceScore: ice,
    capdScore: f.capdScore,
    ...(f.notPerformedReason !== undefined && { notPerformedReason: f.notPerformedReason }),
    consciousness: f.consciousness,
    consciousnessOtherCause: f.consciousnessOtherCause,
    seizure: f.seizure,
    motorWeakness: f.motorWeakness,
    raisedIcp: f.raisedIcp,
  };
  const assessment = assessIcans(findings, { capdBelowAgeYears });
  return {
    kind: 'neuro_assessment',
    id: f.id,
    fact: f,
    active: false,
    at,
    assessment,
  };
}

// ---------------------------------------------------------------------------------------------

class CourseEngine implements Course {
  private readonly infusionAt: number;
  private readonly ageYears: number;
  private readonly hypotensionBelow: number;
  private readonly feverLookBack: number;
  private readonly vitalsStale: number;
  private readonly neuroStale: number;
  private readonly resolution: number;
  private readonly capdBelowAgeYears: number;
  private readonly dayOf: (t: number) => number;

  private readonly byId = new Map<string, NFact>();
  private readonly arrival: ChartedFact[] = [];
  private temps: NVitals[] = [];
  private bps: NVitals[] = [];
  private oxys: NVitals[] = [];
  private infusions: NInfusion[] = [];
  private readonly stopsByInfusion = new Map<string, NStop[]>();
  private meds: NMed[] = [];
  private neuros: NNeuro[] = [];
  private feverOther: NFeverOther[] = [];
  private crsDeaths: NDeath[] = [];
  private icansDeaths: NDeath[] = [];
  /** Distinct charted times, ascending. */
  private moments: number[] = [];
  /** How many active facts chart each time; built on the first removal (bulk loads need none). */
  private momentCount: Map<number, number> | null = null;

  private points: CoursePoint[] = [];
  private states: ScanState[] = [];
  private crsClosed: Episode[] = [];
  private icansClosed: Episode[] = [];
  private daily: DailyMaxGrade[] = [];

  private readonly crsMemo = new Map<string, CrsAssessment>();
  private readonly icansDeathMemo = new Map<string, { grade: Grade; reasons: readonly string[] }>();

  constructor(context: PatientContext, options: CourseOptions = {}) {
    if (typeof context !== 'object' || context === null)
      throw new InvalidFindingsError('context', 'must be an object');
    this.infusionAt = toEpochMs(context.infusionAt, 'infusionAt');
    this.ageYears = validateAge(context.ageYears);
    const threshold = options.hypotensionSystolicBelowMmHg ?? defaultHypotensionThresholdMmHg(this.ageYears);
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 40 || threshold > 140) {
      throw new InvalidFindingsError('options.hypotensionSystolicBelowMmHg', 'must be 40–140 mmHg');
    }
    this.hypotensionBelow = threshold;
    this.feverLookBack = positiveHours(options.feverLookBackHours, 24, 'feverLookBackHours');
    this.vitalsStale = positiveHours(options.vitalsStaleAfterHours, 4, 'vitalsStaleAfterHours');
    this.neuroStale = positiveHours(options.neuroStaleAfterHours, 12, 'neuroStaleAfterHours');
    this.resolution = positiveHours(options.resolutionHours, 24, 'resolutionHours');
    this.capdBelowAgeYears = options.capdBelowAgeYears ?? DEFAULT_CAPD_BELOW_AGE_YEARS;
    // Validates the cut-off through the ICANS rules' own check.
    assessIcans(
      {
        ageYears: this.ageYears,
        consciousness: 'normal',
        seizure: 'none',
        motorWeakness: 'none',
        raisedIcp: 'none',
      },
      { capdBelowAgeYears: this.capdBelowAgeYears },
    );
    this.dayOf = dayNumberer(this.infusionAt, options.dayNumbering);
  }

  // ---- facts ---------------------------------------------------------------------------------

  /** Validate and store without regrading; returns the instant from which grades may change. */
  record(fact: ChartedFact): number | null {
    if (typeof fact !== 'object' || fact === null)
      throw new InvalidFindingsError('fact', 'must be an object');
    const id = requireId(fact);
    if (this.byId.has(id)) throw new CourseFactError(id, 'a fact with this id is already recorded');
    if (fact.enteredInError !== undefined && typeof fact.enteredInError !== 'boolean') {
      throw new InvalidFindingsError('enteredInError', 'must be true or false');
    }
    const stored = this.normalize(fact);
    this.byId.set(id, stored);
    this.arrival.push(fact);
    if (fact.enteredInError === true) return null;
    return this.activate(stored);
  }

  private normalize(fact: ChartedFact): NFact {
    switch (fact.kind) {
      case 'vital_signs':
        return normalizeVitals(fact);
      case 'vasopressor_infusion':
        return normalizeInfusion(fact);
      case 'vasopressor_stop': {
        const at = toEpochMs(fact.at, 'at');
        const infusion = this.byId.get(fact.infusionId);
        if (infusion === undefined || infusion.kind !== 'vasopressor_infusion') {
          throw new CourseFactError(
            fact.id,
            `stops unknown vasopressor infusion ${JSON.stringify(fact.infusionId)}`,
          );
        }
        if (at < infusion.at) throw new InvalidFindingsError('at', 'the stop is before the infusion start');
        return { kind: fact.kind, id: fact.id, fact, active: false, at, infusionId: fact.infusionId };
      }
      case 'medication': {
        if (!(MEDICATION_KINDS as readonly string[]).includes(fact.medication)) {
          throw new InvalidFindingsError(
            'medication',
            `unknown medication kind ${JSON.stringify(fact.medication)}`,
          );
        }
        if (fact.doseMg !== undefined && (!Number.isFinite(fact.doseMg) || fact.doseMg <= 0)) {
          throw new InvalidFindingsError('doseMg', 'must be a positive number of mg');
        }
        const at = toEpochMs(fact.at, 'at');
        return { kind: fact.kind, id: fact.id, fact, active: false, at, medication: fact.medication };
      }
      case 'neuro_assessment':
        return normalizeNeuro(fact, this.ageYears, this.capdBelowAgeYears);
      case 'fever_other_cause': {
        const from = toEpochMs(fact.from, 'from');
        const to =
          fact.to === undefined || fact.to === null ? Number.POSITIVE_INFINITY : toEpochMs(fact.to, 'to');
        if (to < from) throw new InvalidFindingsError('to', 'is before from');
        return { kind: fact.kind, id: fact.id, fact, active: false, from, to };
      }
      case 'crs_death':
      case 'icans_death':
        return { kind: fact.kind, id: fact.id, fact, active: false, at: toEpochMs(fact.at, 'at') };
      default:
        throw new InvalidFindingsError(
          'kind',
          `unknown fact kind ${JSON.stringify((fact as { kind?: unknown }).kind)}`,
        );
    }
  }

  private addMoment(t: number): void {
    if (this.momentCount !== null) this.momentCount.set(t, (this.momentCount.get(t) ?? 0) + 1);
    const moments = this.moments;
    if (moments.length === 0 || (moments[moments.length - 1] as number) < t) {
      moments.push(t);
      return;
    }
    const index = lowerBound(moments, t, (x) => x);
    if (moments[index] !== t) moments.splice(index, 0, t);
  }

  private removeMoment(t: number): void {
    const counts = this.ensureMomentCount();
    const count = counts.get(t) ?? 0;
    if (count > 1) {
      counts.set(t, count - 1);
      return;
    }
    counts.delete(t);
    const index = lowerBound(this.moments, t, (x) => x);
    if (this.moments[index] === t) this.moments.splice(index, 1);
  }

  private effectiveStop(infusion: NInfusion): number {
    let stop = infusion.chartedStop;
    for (const s of this.stopsByInfusion.get(infusion.id) ?? []) stop = Math.min(stop, s.at);
    return stop;
  }

  private activate(stored: NFact): number {
    stored.active = true;
    return this.applyIndex(stored, true);
  }

  private ensureMomentCount(): Map<number, number> {
    if (this.momentCount !== null) return this.momentCount;
    const counts = new Map<number, number>();
    for (const nf of this.byId.values()) {
      if (nf.active) for (const time of momentTimes(nf)) counts.set(time, (counts.get(time) ?? 0) + 1);
    }
    this.momentCount = counts;
    return counts;
  }

  private deactivate(stored: NFact): number {
    this.ensureMomentCount(); // counts the fact being removed, before it stops being active
    stored.active = false;
    return this.applyIndex(stored, false);
  }

  /** Insert into (or remove from) the sorted indexes; returns the instant from which grades may change. */
  private applyIndex(normalized: NFact, add: boolean): number {
    const edit = <T extends Timed>(list: T[], item: T): void =>
      add ? insertSorted(list, item) : removeSorted(list, item);
    const moment = (t: number): void => (add ? this.addMoment(t) : this.removeMoment(t));
    switch (normalized.kind) {
      case 'vital_signs': {
        const v = normalized;
        if (v.temperatureC !== null) edit(this.temps, v);
        if (v.systolic !== null || v.hypotensionFlag !== undefined) edit(this.bps, v);
        if (v.oxygen !== null) edit(this.oxys, v);
        moment(v.at);
        return v.at;
      }
      case 'vasopressor_infusion': {
        const v = normalized;
        v.stop = this.effectiveStop(v);
        edit(this.infusions, v);
        moment(v.at);
        if (Number.isFinite(v.chartedStop)) moment(v.chartedStop);
        return v.at;
      }
      case 'vasopressor_stop': {
        const s = normalized;
        const list = this.stopsByInfusion.get(s.infusionId) ?? [];
        if (add) list.push(s);
        else list.splice(list.indexOf(s), 1);
        this.stopsByInfusion.set(s.infusionId, list);
        const infusion = this.byId.get(s.infusionId);
        moment(s.at);
        if (infusion?.kind === 'vasopressor_infusion') {
          infusion.stop = this.effectiveStop(infusion);
          return Math.min(s.at, infusion.at);
        }
        return s.at;
      }
      case 'medication':
        edit(this.meds, normalized);
        moment(normalized.at);
        return normalized.at;
      case 'neuro_assessment':
        edit(this.neuros, normalized);
        moment(normalized.at);
        return normalized.at;
      case 'fever_other_cause':
        if (add) this.feverOther.push(normalized);
        else this.feverOther.splice(this.feverOther.indexOf(normalized), 1);
        return normalized.from;
      case 'crs_death':
        edit(this.crsDeaths, normalized);
        moment(normalized.at);
        return normalized.at;
      case 'icans_death':
        edit(this.icansDeaths, normalized);
        moment(normalized.at);
        return normalized.at;
    }
  }

  // ---- public API ----------------------------------------------------------------------------

  addFact(fact: ChartedFact): CourseChange {
    const changedAt = this.record(fact);
    return this.regradeFrom(changedAt);
  }

  markEnteredInError(id: string): CourseChange {
    const stored = this.byId.get(id);
    if (stored === undefined) throw new CourseFactError(id, 'no fact with this id is recorded');
    if (!stored.active) return this.regradeFrom(null);
    return this.regradeFrom(this.deactivate(stored));
  }

  facts(): readonly ChartedFact[] {
    return this.arrival;
  }

  pointCount(): number {
    return this.points.length;
  }

  pointAt(index: number): CoursePoint {
    const point = this.points[index];
    if (point === undefined)
      throw new RangeError(`no point at index ${index} (${this.points.length} points)`);
    return point;
  }

  latestPoint(): CoursePoint | null {
    return this.points[this.points.length - 1] ?? null;
  }

  episodes(): { crsEpisodes: readonly Episode[]; icansEpisodes: readonly Episode[] } {
    return { crsEpisodes: this.episodesOf('CRS'), icansEpisodes: this.episodesOf('ICANS') };
  }

  dailyMax(): readonly DailyMaxGrade[] {
    return this.daily.slice();
  }

  result(): CourseResult {
    return {
      ruleVersion: RULE_VERSION,
      infusionAt: this.infusionAt,
      // Copies: the engine keeps editing its own arrays on later writes.
      points: this.points.slice(),
      crsEpisodes: this.episodesOf('CRS'),
      icansEpisodes: this.episodesOf('ICANS'),
      dailyMax: this.daily.slice(),
    };
  }

  private episodesOf(syndrome: 'CRS' | 'ICANS'): Episode[] {
    const closed = syndrome === 'CRS' ? this.crsClosed : this.icansClosed;
    const last = this.states[this.states.length - 1];
    const open = syndrome === 'CRS' ? last?.crs : last?.icans;
    return open ? [...closed, this.episodeRecord(syndrome, open, null)] : [...closed];
  }

  private episodeRecord(
    syndrome: 'CRS' | 'ICANS',
    s: CrsEpisodeState | IcansEpisodeState,
    confirmedAt: number | null,
  ): Episode {
    const waiver = 'waiverAt' in s ? s : null;
    const resolvedAt = s.signFreeSince;
    return {
      syndrome,
      index: s.index,
      onsetAt: s.onsetAt,
      onsetDay: this.dayOf(s.onsetAt),
      onsetFactIds: s.onsetFactIds,
      maxGrade: s.maxGrade,
      maxGradeAt: s.maxGradeAt,
      maxGradeFactIds: s.maxGradeFactIds,
      feverNoLongerRequiredFrom: waiver?.waiverAt ?? null,
      feverNoLongerRequiredFactId: waiver?.waiverFactId ?? null,
      status: confirmedAt !== null ? 'resolved' : resolvedAt !== null ? 'resolving' : 'ongoing',
      resolvedAt,
      resolutionConfirmedAt: confirmedAt,
      durationMs: confirmedAt !== null && resolvedAt !== null ? resolvedAt - s.onsetAt : null,
    };
  }

  // ---- grading -------------------------------------------------------------------------------

  /** The annotation attributing a reading to another cause (the smallest id if several: deterministic). */
  private annotationCovering(at: number): string | null {
    let found: string | null = null;
    for (const a of this.feverOther) {
      if (a.from <= at && at <= a.to && (found === null || a.id < found)) found = a.id;
    }
    return found;
  }

  /** Regrade every moment at or after `from`; `null` means nothing changed. */
  regradeFrom(from: number | null): CourseChange {
    if (from === null) {
      return {
        changedFrom: null,
        firstPointIndex: this.points.length,
        points: [],
        dailyMax: [],
        crsEpisodes: this.episodesOf('CRS'),
        icansEpisodes: this.episodesOf('ICANS'),
      };
    }
    const k = lowerBound(this.points, from, atOf);
    this.points.length = k;
    this.states.length = k;
    while ((this.crsClosed.at(-1)?.resolutionConfirmedAt ?? Number.NEGATIVE_INFINITY) >= from)
      this.crsClosed.pop();
    while ((this.icansClosed.at(-1)?.resolutionConfirmedAt ?? Number.NEGATIVE_INFINITY) >= from)
      this.icansClosed.pop();
    this.scan(Math.max(from, this.infusionAt), this.states[k - 1] ?? INITIAL_STATE);
    const firstDay = this.redoDaily(from, k);
    return {
      changedFrom: from,
      firstPointIndex: k,
      points: this.points.slice(k),
      dailyMax: this.daily.slice(lowerBound(this.daily, firstDay, (d) => d.day)),
      crsEpisodes: this.episodesOf('CRS'),
      icansEpisodes: this.episodesOf('ICANS'),
    };
  }

  private scan(fromT: number, initial: ScanState): void {
    const moments = this.moments;
    let j = lowerBound(moments, fromT, (x) => x);
    if (j >= moments.length) return;
    const T0 = moments[j] as number;
    const { temps, bps, oxys, meds, neuros, infusions, feverLookBack, infusionAt } = this;

    // Sliding windows and "latest" pointers, positioned for the first moment.
    const counted = new MaxWindow();
    const attributed = new MaxWindow();
    let windowNext = lowerBound(temps, T0 - feverLookBack + 1, atOf); // first reading with at > T0 − window
    let tempNext = lowerBound(temps, T0, atOf);
    let bpNext = lowerBound(bps, T0, atOf);
    let oxyNext = lowerBound(oxys, T0, atOf);
    let medNext = lowerBound(meds, T0, atOf);
    let neuroNext = lowerBound(neuros, T0, atOf);
    let infusionNext = lowerBound(infusions, T0, atOf);
    let running: NInfusion[] = infusions.slice(0, infusionNext).filter((x) => x.stop > T0);
    const crsDeath = this.crsDeaths[0];
    const icansDeath = this.icansDeaths[0];

    let state = initial;
    let last: {
      temperatureC: number | null;
      feverOtherCause: boolean;
      waived: boolean;
      hypotension: boolean;
      drugsKey: string;
      device: OxygenDevice;
      flowLpm: number | undefined;
      comfort: boolean;
      dead: boolean;
      assessment: CrsAssessment;
    } | null = null;
    let previousIcans: {
      neuro: NNeuro | undefined;
      dead: boolean;
      stale: boolean;
      value: IcansAtMoment;
    } | null = null;

    for (; j < moments.length; j++) {
      const t = moments[j] as number;

      // -- advance pointers
      while (windowNext < temps.length && (temps[windowNext] as NVitals).at <= t) {
        const reading = temps[windowNext] as NVitals;
        windowNext++;
        // Readings before the infusion are not CRS fevers.
        if (reading.at < infusionAt) continue;
        if (this.feverOther.length === 0 || this.annotationCovering(reading.at) === null)
          counted.push(reading);
        else attributed.push(reading);
      }
      counted.evictUpTo(t - feverLookBack);
      attributed.evictUpTo(t - feverLookBack);
      while (tempNext < temps.length && (temps[tempNext] as NVitals).at <= t) tempNext++;
      while (bpNext < bps.length && (bps[bpNext] as NVitals).at <= t) bpNext++;
      while (oxyNext < oxys.length && (oxys[oxyNext] as NVitals).at <= t) oxyNext++;
      while (neuroNext < neuros.length && (neuros[neuroNext] as NNeuro).at <= t) neuroNext++;
      let startedOrStopped = false;
      while (infusionNext < infusions.length && (infusions[infusionNext] as NInfusion).at <= t) {
        running.push(infusions[infusionNext] as NInfusion);
        infusionNext++;
        startedOrStopped = true;
      }
      if (running.length > 0) {
        for (const infusion of running) {
          if (infusion.stop <= t) {
            startedOrStopped = true;
            break;
          }
        }
        if (startedOrStopped) running = running.filter((x) => x.stop > t);
      }

      // -- CRS findings
      const factIds: string[] = [];
      const top = counted.max();
      const topAttributed = attributed.max();
      let temperatureC: number | null = null;
      let feverOtherCause = false;
      if (top && (top.temperatureC as number) >= FEVER_THRESHOLD_C) {
        temperatureC = top.temperatureC;
        factIds.push(top.id);
      } else if (topAttributed && (topAttributed.temperatureC as number) >= FEVER_THRESHOLD_C) {
        temperatureC = topAttributed.temperatureC;
        feverOtherCause = true;
        factIds.push(topAttributed.id, this.annotationCovering(topAttributed.at) as string);
      } else {
        const highest =
          top && topAttributed
            ? (top.temperatureC as number) >= (topAttributed.temperatureC as number)
              ? top
              : topAttributed
            : (top ?? topAttributed);
        if (highest) {
          temperatureC = highest.temperatureC;
          factIds.push(highest.id);
        }
      }
      const feverCounts = temperatureC !== null && !feverOtherCause && temperatureC >= FEVER_THRESHOLD_C;

      const bp = bps[bpNext - 1];
      let hypotension = false;
      if (bp) {
        hypotension = bp.hypotensionFlag ?? (bp.systolic !== null && bp.systolic < this.hypotensionBelow);
        factIds.push(bp.id);
      }
      const oxy = oxys[oxyNext - 1];
      const oxygen = oxy?.oxygen ?? { device: 'room_air' as const };
      if (oxy) factIds.push(oxy.id);
      let drugs: Vasopressor[] = [];
      if (running.length > 0) {
        const set = new Set<Vasopressor>();
        for (const infusion of running) {
          set.add(infusion.drug);
          factIds.push(infusion.id);
        }
        drugs = VASOPRESSORS.filter((d) => set.has(d));
      }
      const dead = crsDeath !== undefined && crsDeath.at <= t;
      if (dead) factIds.push(crsDeath.id);

      // -- CRS episode: signs, resolution, onset, fever-no-longer-required
      const latestTemp = temps[tempNext - 1];
      const feverSign =
        latestTemp !== undefined &&
        latestTemp.at >= infusionAt &&
        latestTemp.at > t - feverLookBack &&
        (latestTemp.temperatureC as number) >= FEVER_THRESHOLD_C &&
        (this.feverOther.length === 0 || this.annotationCovering(latestTemp.at) === null);
      // Oxygen for comfort only is not an oxygen requirement (ASTCT 2019): not a sign of CRS either.
      const comfort = oxygen.forComfort === true;
      const sign = feverSign || hypotension || drugs.length > 0 || (oxygen.device !== 'room_air' && !comfort);
      let crs = state.crs;
      if (crs !== null) {
        if (sign) {
          if (crs.signFreeSince !== null) crs = { ...crs, signFreeSince: null };
        } else if (crs.signFreeSince === null) {
          crs = { ...crs, signFreeSince: t };
        } else if (t - crs.signFreeSince >= this.resolution) {
          this.crsClosed.push(this.episodeRecord('CRS', crs, t));
          crs = null;
        }
      }
      let crsCount = state.crsCount;
      if (crs === null && feverCounts && top) {
        crsCount += 1;
        crs = {
          index: crsCount,
          onsetAt: t,
          onsetFactIds: [top.id],
          maxGrade: 0,
          maxGradeAt: t,
          maxGradeFactIds: [],
          waiverAt: null,
          waiverFactId: null,
          signFreeSince: null,
        };
      }
      while (medNext < meds.length && (meds[medNext] as NMed).at <= t) {
        const med = meds[medNext] as NMed;
        medNext++;
        if (
          crs !== null &&
          crs.waiverAt === null &&
          med.at >= crs.onsetAt &&
          FEVER_MASKING_MEDICATIONS.includes(med.medication)
        ) {
          crs = { ...crs, waiverAt: med.at, waiverFactId: med.id };
        }
      }
      const waived = crs !== null && crs.waiverAt !== null;
      if (waived && crs?.waiverFactId) factIds.push(crs.waiverFactId);

      // Consecutive moments usually have identical findings: reuse the last assessment, else memo.
      const drugsKey = drugs.length === 0 ? '' : drugs.join(',');
      let assessment: CrsAssessment;
      if (
        last !== null &&
        last.temperatureC === temperatureC &&
        last.feverOtherCause === feverOtherCause &&
        last.waived === waived &&
        last.hypotension === hypotension &&
        last.drugsKey === drugsKey &&
        last.device === oxygen.device &&
        last.flowLpm === oxygen.flowLpm &&
        last.comfort === comfort &&
        last.dead === dead
      ) {
        assessment = last.assessment;
      } else {
        const key = `${temperatureC ?? 'n'}|${feverOtherCause ? 1 : 0}|${waived ? 1 : 0}|${hypotension ? 1 : 0}|${drugsKey}|${oxygen.device}|${oxygen.flowLpm ?? ''}|${comfort ? 1 : 0}|${dead ? 1 : 0}`;
        const memo = this.crsMemo.get(key);
        if (memo === undefined) {
          assessment = assessCrs({
            temperatureC,
            feverOtherCause,
            feverNoLongerRequired: waived,
            hypotension,
            vasopressors: drugs,
            oxygen,
            crsDeath: dead,
          });
          this.crsMemo.set(key, assessment);
        } else assessment = memo;
        last = {
          temperatureC,
          feverOtherCause,
          waived,
          hypotension,
          drugsKey,
          device: oxygen.device,
          flowLpm: oxygen.flowLpm,
          comfort,
          dead,
          assessment,
        };
      }
      if (crs !== null && assessment.grade > crs.maxGrade) {
        crs = { ...crs, maxGrade: assessment.grade, maxGradeAt: t, maxGradeFactIds: factIds };
      }

      // -- missing or stale CRS data
      let crsMissing: readonly MissingData[] = NOTHING_MISSING;
      const stale = t - this.vitalsStale;
      if (
        latestTemp === undefined ||
        latestTemp.at < stale ||
        bp === undefined ||
        bp.at < stale ||
        oxy === undefined ||
        oxy.at < stale
      ) {
        const gaps: MissingData[] = [];
        this.vitalGap(gaps, 'temperature', latestTemp, stale);
        this.vitalGap(gaps, 'blood_pressure', bp, stale);
        this.vitalGap(gaps, 'oxygen', oxy, stale);
        crsMissing = gaps;
      }

      // -- ICANS
      const neuro = neuros[neuroNext - 1];
      const icansDead = icansDeath !== undefined && icansDeath.at <= t;
      const neuroStale = neuro !== undefined && t - neuro.at > this.neuroStale;
      let icans = state.icans;
      let icansGrade: Grade;
      let icansValue: IcansAtMoment;
      if (
        previousIcans !== null &&
        previousIcans.neuro === neuro &&
        previousIcans.dead === icansDead &&
        previousIcans.stale === neuroStale
      ) {
        icansGrade = previousIcans.value.grade;
        icansValue = previousIcans.value; // episode number is checked below
      } else {
        const graded = this.icansGrading(neuro, icansDead ? (icansDeath as NDeath) : null);
        icansGrade = graded.grade;
        const missing: MissingData[] = [];
        if (neuro === undefined) {
          missing.push({
            item: 'neuro_assessment',
            status: 'missing',
            lastAt: null,
            message: 'no neuro assessment recorded',
          });
        } else {
          if (neuroStale) {
            missing.push({
              item: 'neuro_assessment',
              status: 'stale',
              lastAt: neuro.at,
              message: `no neuro assessment in the last ${this.neuroStale / HOUR_MS} h`,
            });
          }
          // The tool not recorded, or not assessable (not-performed.ts): the grade may be an underestimate.
          const toolMissing = neuro.assessment.encephalopathyMissing;
          if (toolMissing !== null) {
            missing.push({
              item: neuro.assessment.tool === 'ICE' ? 'ice' : 'capd',
              status: 'missing',
              lastAt: null,
              message: toolMissing,
            });
          }
        }
        const ids: string[] = [];
        if (neuro) ids.push(neuro.id);
        if (icansDead) ids.push((icansDeath as NDeath).id);
        icansValue = {
          grade: graded.grade,
          reasons: graded.reasons,
          factIds: ids,
          missing: missing.length === 0 ? NOTHING_MISSING : missing,
          episode: null,
        };
      }
      if (icans !== null) {
        if (icansGrade > 0) {
          if (icans.signFreeSince !== null) icans = { ...icans, signFreeSince: null };
        } else if (icans.signFreeSince === null) {
          icans = { ...icans, signFreeSince: t };
        } else if (t - icans.signFreeSince >= this.resolution) {
          this.icansClosed.push(this.episodeRecord('ICANS', icans, t));
          icans = null;
        }
      }
      let icansCount = state.icansCount;
      if (icans === null && icansGrade > 0) {
        icansCount += 1;
        icans = {
          index: icansCount,
          onsetAt: t,
          onsetFactIds: icansValue.factIds,
          maxGrade: 0,
          maxGradeAt: t,
          maxGradeFactIds: [],
          signFreeSince: null,
        };
      }
      if (icans !== null && icansGrade > icans.maxGrade) {
        icans = { ...icans, maxGrade: icansGrade, maxGradeAt: t, maxGradeFactIds: icansValue.factIds };
      }
      const icansEpisode = icans?.index ?? null;
      if (icansValue.episode !== icansEpisode) icansValue = { ...icansValue, episode: icansEpisode };
      if (previousIcans === null || previousIcans.value !== icansValue) {
        previousIcans = { neuro, dead: icansDead, stale: neuroStale, value: icansValue };
      }

      if (
        crs !== state.crs ||
        icans !== state.icans ||
        crsCount !== state.crsCount ||
        icansCount !== state.icansCount
      ) {
        state = { crsCount, crs, icansCount, icans };
      }
      this.states.push(state);
      this.points.push({
        at: t,
        day: this.dayOf(t),
        ruleVersion: RULE_VERSION,
        crs: {
          grade: assessment.grade,
          reasons: assessment.reasons,
          factIds,
          missing: crsMissing,
          episode: crs?.index ?? null,
          feverNoLongerRequired: waived,
        },
        icans: icansValue,
      });
    }
  }

  private vitalGap(
    gaps: MissingData[],
    item: MissingItem,
    latest: NVitals | undefined,
    staleBefore: number,
  ): void {
    const label = VITAL_LABEL[item];
    if (latest === undefined)
      gaps.push({ item, status: 'missing', lastAt: null, message: `no ${label} recorded` });
    else if (latest.at < staleBefore) {
      gaps.push({
        item,
        status: 'stale',
        lastAt: latest.at,
        message: `no ${label} in the last ${this.vitalsStale / HOUR_MS} h`,
      });
    }
  }

  private icansGrading(
    neuro: NNeuro | undefined,
    death: NDeath | null,
  ): { grade: Grade; reasons: readonly string[] } {
    if (death !== null) {
      const key = `${neuro?.id ?? ''}|${death.id}`;
      let memo = this.icansDeathMemo.get(key);
      if (memo === undefined) {
        memo = {
          grade: 5,
          reasons: ['death due to ICANS → grade 5', ...(neuro ? neuro.assessment.reasons.slice(0, -1) : [])],
        };
        this.icansDeathMemo.set(key, memo);
      }
      return memo;
    }
    if (neuro === undefined) return NO_NEURO;
    return neuro.assessment;
  }

  /** Recompute daily maxima from the Day of `from`; returns that Day. */
  private redoDaily(from: number, firstNewPoint: number): number {
    const firstDay = this.dayOf(Math.max(from, this.infusionAt));
    this.daily.length = lowerBound(this.daily, firstDay, (d) => d.day);
    let p = firstNewPoint;
    while (p > 0 && (this.points[p - 1] as CoursePoint).day >= firstDay) p--;
    let current: DailyMaxGrade | null = null;
    for (; p < this.points.length; p++) {
      const point = this.points[p] as CoursePoint;
      if (current === null || current.day !== point.day) {
        current = { day: point.day, crsMaxGrade: 0, crsMaxAt: null, icansMaxGrade: 0, icansMaxAt: null };
        this.daily.push(current);
      }
      if (point.crs.grade > current.crsMaxGrade) {
        current.crsMaxGrade = point.crs.grade;
        current.crsMaxAt = point.at;
      }
      if (point.icans.grade > current.icansMaxGrade) {
        current.icansMaxGrade = point.icans.grade;
        current.icansMaxAt = point.at;
      }
    }
    return firstDay;
  }

  /** Bulk load for grading from scratch: index everything, then one scan. */
  loadAll(facts: readonly ChartedFact[]): void {
    if (!Array.isArray(facts)) throw new InvalidFindingsError('facts', 'must be a list of charted facts');
    // Infusions first, so that stops can refer to them whatever the order given.
    for (let pass = 0; pass < 2; pass++) {
      for (const fact of facts) {
        if (typeof fact !== 'object' || fact === null)
          throw new InvalidFindingsError('fact', 'must be an object');
        if ((fact.kind === 'vasopressor_infusion') !== (pass === 0)) continue;
        const id = requireId(fact);
        if (this.byId.has(id)) throw new CourseFactError(id, 'a fact with this id is already recorded');
        const stored = this.normalize(fact);
        stored.active = fact.enteredInError !== true;
        this.byId.set(id, stored);
      }
    }
    for (const fact of facts) this.arrival.push(fact);
    // Build the indexes in one pass and sort each once (O(n log n); O(n) when already in order).
    const times: number[] = [];
    for (const nf of this.byId.values()) {
      if (!nf.active || nf.kind !== 'vasopressor_stop') continue;
      const list = this.stopsByInfusion.get(nf.infusionId) ?? [];
      list.push(nf);
      this.stopsByInfusion.set(nf.infusionId, list);
    }
    for (const nf of this.byId.values()) {
      if (!nf.active) continue;
      switch (nf.kind) {
        case 'vital_signs':
          if (nf.temperatureC !== null) this.temps.push(nf);
          if (nf.systolic !== null || nf.hypotensionFlag !== undefined) this.bps.push(nf);
          if (nf.oxygen !== null) this.oxys.push(nf);
          times.push(nf.at);
          break;
        case 'vasopressor_infusion':
          nf.stop = this.effectiveStop(nf);
          this.infusions.push(nf);
          times.push(nf.at);
          if (Number.isFinite(nf.chartedStop)) times.push(nf.chartedStop);
          break;
        case 'vasopressor_stop':
          times.push(nf.at);
          break;
        case 'medication':
          this.meds.push(nf);
          times.push(nf.at);
          break;
        case 'neuro_assessment':
          this.neuros.push(nf);
          times.push(nf.at);
          break;
        case 'fever_other_cause':
          this.feverOther.push(nf);
          break;
        case 'crs_death':
          this.crsDeaths.push(nf);
          times.push(nf.at);
          break;
        case 'icans_death':
          this.icansDeaths.push(nf);
          times.push(nf.at);
          break;
      }
    }
    for (const list of [
      this.temps,
      this.bps,
      this.oxys,
      this.infusions,
      this.meds,
      this.neuros,
      this.crsDeaths,
      this.icansDeaths,
    ]) {
      if (!isSorted(list)) (list as Timed[]).sort(compareTimed);
    }
    if (!isSortedNumbers(times)) times.sort((a, b) => a - b);
    let last = Number.NaN;
    for (const t of times) {
      if (t !== last) this.moments.push(t);
      last = t;
    }
    this.scan(this.infusionAt, INITIAL_STATE);
    this.redoDaily(this.infusionAt, 0);
  }
}

/** The charted moments a fact contributes. */
function momentTimes(nf: NFact): number[] {
  switch (nf.kind) {
    case 'vasopressor_infusion':
      return Number.isFinite(nf.chartedStop) ? [nf.at, nf.chartedStop] : [nf.at];
    case 'fever_other_cause':
      return [];
    default:
      return [nf.at];
  }
}

function isSorted(list: readonly Timed[]): boolean {
  for (let i = 1; i < list.length; i++)
    if (compareTimed(list[i - 1] as Timed, list[i] as Timed) > 0) return false;
  return true;
}

function isSortedNumbers(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i - 1] as number) > (list[i] as number)) return false;
  return true;
}

const NO_NEURO: { grade: Grade; reasons: readonly string[] } = {
  grade: 0,
  reasons: ['no neuro assessment recorded: ICANS not graded'],
};

/** A course to which facts are added one at a time (the API's path: one regrade per write). */
export function createCourse(context: PatientContext, options?: CourseOptions): Course {
  return new CourseEngine(context, options);
}

/** Grade a whole course from scratch. */
export function gradeCourse(
  context: PatientContext,
  facts: readonly ChartedFact[],
  options?: CourseOptions,
): CourseResult {
  const engine = new CourseEngine(context, options);
  engine.loadAll(facts);
  return engine.result();
}

/** A course loaded with `facts` (graded from scratch) that further facts can be added to. */
export function loadCourse(
  context: PatientContext,
  facts: readonly ChartedFact[],
  options?: CourseOptions,
): Course {
  const engine = new CourseEngine(context, options);
  engine.loadAll(facts);
  return engine;
}

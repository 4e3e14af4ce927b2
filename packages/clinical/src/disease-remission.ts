/**
 * Whether the protocol's remission definition holds for a patient's disease, from the charted
 * disease activity scores, with the basis lines and the source. Computed where the definition is a
 * formula (DORIS from its components, sle-remission.ts); the other instruments are entered totals
 * held against thresholds.
 *
 * Rules (settings and their cited defaults in disease-remission-protocol.ts):
 * | Disease | Instrument(s) | Definition holds when | Source |
 * | SLE | SLEDAI-2K with components | DORIS 2021: clinical SLEDAI-2K 0, PGA < 0.5, prednisolone ≤ 5 mg/day; stable antimalarials, immunosuppressants and biologics allowed. Drug-free variant (setting): also none of these | van Vollenhoven 2021; Müller 2024 |
 * | Myositis | ACR/EULAR TIS (IMACS core set) | TIS ≥ the protocol's remission threshold (default 60, major improvement); levels ≥ 20 minimal, ≥ 40 moderate, ≥ 60 major | Aggarwal 2017 |
 * | Systemic sclerosis | mRSS, EUSTAR activity index | EUSTAR AI < 2.5 (low activity) and mRSS fallen ≥ 25 % from the first charted mRSS (baseline) | Valentini 2017; Maurer 2015 |
 * | MuSK myasthenia | MG-ADL, QMG | MG-ADL ≤ 1 (minimal symptom expression); QMG shown, not part of the definition | Vissing 2018; MGFA |
 * | Pemphigus | PDAI, anti-Dsg3 course | PDAI 0 with no systemic therapy running and the last stop ≥ 2 months before (complete remission off therapy) | Murrell 2008 |
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Disease activity and remission"):
 * - The latest assessment decides; for SSc the latest of each instrument, and both must be charted.
 * - A higher activity score (or a lower TIS) never turns "not in remission" into "in remission".
 * - The charted PDAI is the total (activity + damage): a damage score keeps the definition from
 *   holding (conservative).
 * - Pemphigus: no systemic therapy running and none ever recorded stopped counts as off therapy.
 */
import {
  DEFAULT_DISEASE_REMISSION_SETTINGS,
  DISEASE_INSTRUMENTS,
  DISEASE_REMISSION_SOURCES,
  type DiseaseRemissionSettings,
  myositisImprovement,
  REMISSION_DEFINITIONS,
  REMISSION_DISEASES,
  type RemissionDisease,
  resolveDiseaseRemissionSettings,
} from './disease-remission-protocol.ts';
import { checkDiseaseScore, DISEASE_SCORE_RANGES, type DiseaseScoreKind } from './disease-scores.ts';
import { InvalidFindingsError } from './errors.ts';
import { checkArray, checkImmunosuppressants, checkInstant, checkText, utcDate } from './follow-up-input.ts';
import { type SleActivityComponents, sleRemission } from './sle-remission.ts';
import { DAY_MS, type DayNumbering, dayNumberer, type Instant, toEpochMs } from './time.ts';
import { RULE_VERSION } from './version.ts';

export interface ChartedDiseaseScore {
  id?: string | null;
  kind: DiseaseScoreKind;
  at: Instant;
  value: number;
  /** SLEDAI-2K only: the components DORIS and LLDAS are computed from. */
  sleComponents?: SleActivityComponents | null;
}

export interface DiseaseRemissionInput {
  /** The patient's diagnosis ('sle', 'myositis', …); another one has no definition here. */
  disease: string;
  scores: readonly ChartedDiseaseScore[];
  /** Systemic therapy running now, by name (from the latest remission assessment). */
  activeImmunosuppressants: readonly string[];
  immunosuppressantStops: readonly { drug: string; stoppedAt: Instant }[];
  infusionAt?: Instant;
  dayNumbering?: DayNumbering;
  settings?: Partial<DiseaseRemissionSettings>;
}

export interface ScorePoint {
  id: string | null;
  at: number;
  day: number | null;
  value: number;
}

export interface ScoreCourse {
  kind: DiseaseScoreKind;
  label: string;
  min: number;
  max: number;
  points: ScorePoint[];
}

export type DiseaseRemissionStatus = 'in_remission' | 'not_in_remission' | 'no_assessment' | 'no_definition';

export interface DiseaseRemission {
  disease: string;
  definition: string | null;
  instruments: DiseaseScoreKind[];
  status: DiseaseRemissionStatus;
  holds: boolean;
  /** The assessment the status rests on (the latest of the instruments that decide). */
  assessedAt: number | null;
  /** Disease-specific level, e.g. 'drug_free_doris', 'major', 'minimal_symptom_expression'. */
  level: string | null;
  basis: string[];
  source: string | null;
  settings: DiseaseRemissionSettings;
  ruleVersion: string;
  courses: ScoreCourse[];
}

type Checked = { id: string | null; kind: DiseaseScoreKind; at: number; value: number } & {
  sle: SleActivityComponents | null;
};

type Verdict = { holds: boolean | null; level: string | null; assessedAt: number | null; basis: string[] };

const isRemissionDisease = (d: string): d is RemissionDisease =>
  (REMISSION_DISEASES as readonly string[]).includes(d);

function checkScores(scores: readonly ChartedDiseaseScore[]): Checked[] {
  return checkArray<ChartedDiseaseScore>(scores, 'scores')
    .map((s, i) => {
      const at = checkInstant(s.at, `scores[${i}].at`);
      checkDiseaseScore(s.kind, s.value);
      const sle = s.kind === 'sledai_2k' ? (s.sleComponents ?? null) : null;
      if (s.kind === 'sledai_2k') {
        if (!sle)
          throw new InvalidFindingsError(`scores[${i}].sleComponents`, 'SLEDAI-2K needs its components');
        sleRemission(sle);
        if (sle.sledai !== s.value) {
          throw new InvalidFindingsError(`scores[${i}].value`, 'must equal the SLEDAI-2K of its components');
        }
      }
      return { id: s.id ?? null, kind: s.kind, at, value: s.value, sle };
    })
    .sort((a, b) => a.at - b.at || (a.id ?? '').localeCompare(b.id ?? ''));
}

const on = (ms: number) => utcDate(ms);

function sle(list: Checked[], s: DiseaseRemissionSettings): Verdict {
  const latest = list.filter((x) => x.kind === 'sledai_2k').at(-1);
  if (!latest?.sle) return { holds: null, level: null, assessedAt: null, basis: ['no SLEDAI-2K charted'] };
  const r = sleRemission(latest.sle);
  const holds = s.sleRequiresDrugFree ? r.drugFreeDoris : r.doris;
  const level = r.drugFreeDoris ? 'drug_free_doris' : r.doris ? 'doris' : r.lldas ? 'lldas' : 'active';
  const basis = [`SLEDAI-2K ${latest.value} on ${on(latest.at)}`, ...r.reasons];
  if (s.sleRequiresDrugFree) basis.push('the protocol asks for drug-free DORIS remission');
  return { holds, level, assessedAt: latest.at, basis };
}

function myositis(list: Checked[], s: DiseaseRemissionSettings): Verdict {
  const latest = list.filter((x) => x.kind === 'myositis_tis').at(-1);
  if (!latest)
    return { holds: null, level: null, assessedAt: null, basis: ['no Total Improvement Score charted'] };
  const level = myositisImprovement(latest.value);
  const holds = latest.value >= s.myositisRemissionTisAtLeast;
  return {
    holds,
    level,
    assessedAt: latest.at,
    basis: [
      `TIS ${latest.value} on ${on(latest.at)}: ${level === 'none' ? 'no' : level} improvement (≥ 20 minimal, ≥ 40 moderate, ≥ 60 major)`,
      `remission from TIS ${s.myositisRemissionTisAtLeast} (protocol setting): ${holds ? 'met' : 'not met'}`,
    ],
  };
}

function systemicSclerosis(list: Checked[], s: DiseaseRemissionSettings): Verdict {
  const mrss = list.filter((x) => x.kind === 'mrss');
  const ai = list.filter((x) => x.kind === 'eustar_ai').at(-1);
  const baseline = mrss[0];
  const latest = mrss.at(-1);
  if (!ai && !latest)
    return {
      holds: null,
      level: null,
      assessedAt: null,
      basis: ['no mRSS or EUSTAR activity index charted'],
    };
  const basis: string[] = [];
  const low = ai ? ai.value < s.sscEustarLowBelow : false;
  basis.push(
    ai
      ? `EUSTAR activity index ${ai.value} on ${on(ai.at)} ${low ? '<' : '≥'} ${s.sscEustarLowBelow}: ${low ? 'low activity' : 'active, not met'}`
      : 'no EUSTAR activity index charted: not met',
  );
  let fallOk = false;
  if (!latest || !baseline || latest === baseline) {
    basis.push(
      latest
        ? `mRSS ${latest.value} on ${on(latest.at)} is the baseline: no change yet, not met`
        : 'no mRSS charted: not met',
    );
  } else {
    const fall = baseline.value === 0 ? 0 : ((baseline.value - latest.value) / baseline.value) * 100;
    fallOk = baseline.value > 0 && fall >= s.sscMrssFallAtLeastPercent;
    basis.push(
      `mRSS ${baseline.value} (baseline ${on(baseline.at)}) → ${latest.value} (${on(latest.at)}): ${Math.round(fall)} % fall, ${fallOk ? '≥' : 'below'} ${s.sscMrssFallAtLeastPercent} %${fallOk ? '' : ', not met'}`,
    );
  }
  const at = Math.max(ai?.at ?? 0, latest?.at ?? 0);
  return { holds: low && fallOk, level: low ? 'low_activity' : 'active', assessedAt: at, basis };
}

function muskMyasthenia(list: Checked[], s: DiseaseRemissionSettings): Verdict {
  const adl = list.filter((x) => x.kind === 'mg_adl').at(-1);
  const qmg = list.filter((x) => x.kind === 'qmg').at(-1);
  const qmgLine = qmg
    ? `QMG ${qmg.value} on ${on(qmg.at)} (shown, not part of the definition)`
    : 'no QMG charted';
  if (!adl) return { holds: null, level: null, assessedAt: null, basis: ['no MG-ADL charted', qmgLine] };
  const holds = adl.value <= s.mgMseMgAdlMax;
  return {
    holds,
    level: holds ? 'minimal_symptom_expression' : 'symptomatic',
    assessedAt: adl.at,
    basis: [
      `MG-ADL ${adl.value} on ${on(adl.at)} ${holds ? '≤' : '>'} ${s.mgMseMgAdlMax}: ${holds ? 'minimal symptom expression' : 'not met'}`,
      qmgLine,
    ],
  };
}

function pemphigus(list: Checked[], s: DiseaseRemissionSettings, input: TherapyFacts): Verdict {
  const latest = list.filter((x) => x.kind === 'pdai').at(-1);
  if (!latest) return { holds: null, level: null, assessedAt: null, basis: ['no PDAI charted'] };
  const clear = latest.value === 0;
  const basis = [`PDAI ${latest.value} on ${on(latest.at)}${clear ? ': no lesions' : ', not met'}`];
  let offTherapy = false;
  if (input.active.length > 0) {
    basis.push(`still on ${input.active.join(', ')}: not off therapy`);
  } else if (input.lastStop === null) {
    offTherapy = true;
    basis.push('no systemic therapy running or recorded stopped: off therapy');
  } else {
    const days = Math.floor((latest.at - input.lastStop.at) / DAY_MS);
    offTherapy = days >= s.pemphigusOffTherapyMinDays;
    basis.push(
      `last systemic therapy ${input.lastStop.drug} stopped ${on(input.lastStop.at)}: ${days} days off therapy, ${offTherapy ? '≥' : 'below'} ${s.pemphigusOffTherapyMinDays}${offTherapy ? '' : ', not met'}`,
    );
  }
  const level = !clear
    ? 'active'
    : offTherapy
      ? 'complete_remission_off_therapy'
      : 'complete_remission_on_therapy';
  return { holds: clear && offTherapy, level, assessedAt: latest.at, basis };
}

type TherapyFacts = { active: string[]; lastStop: { drug: string; at: number } | null };

const RULES: Record<
  RemissionDisease,
  (list: Checked[], s: DiseaseRemissionSettings, therapy: TherapyFacts) => Verdict
> = {
  sle,
  myositis,
  systemic_sclerosis: systemicSclerosis,
  musk_myasthenia_gravis: muskMyasthenia,
  pemphigus_vulgaris: pemphigus,
};

/** The score course of each instrument: the disease's own first (empty when not charted), then any other charted. */
function scoreCourses(
  list: Checked[],
  own: readonly DiseaseScoreKind[],
  dayOf: ((t: number) => number) | null,
) {
  const kinds = [...own, ...new Set(list.map((x) => x.kind).filter((k) => !own.includes(k)))];
  return kinds.map((kind) => {
    const range = DISEASE_SCORE_RANGES[kind];
    return {
      kind,
      label: range.label,
      min: range.min,
      max: range.max,
      points: list
        .filter((x) => x.kind === kind)
        .map((x) => ({ id: x.id, at: x.at, day: dayOf ? dayOf(x.at) : null, value: x.value })),
    };
  });
}

/** Whether the protocol's remission definition holds for the patient's disease, with its basis. */
export function diseaseRemission(input: DiseaseRemissionInput): DiseaseRemission {
  const settings = resolveDiseaseRemissionSettings(input.settings ?? DEFAULT_DISEASE_REMISSION_SETTINGS);
  const disease = checkText(input.disease, 'disease');
  const list = checkScores(input.scores);
  const infusionMs = input.infusionAt === undefined ? null : toEpochMs(input.infusionAt, 'infusionAt');
  const dayOf = infusionMs === null ? null : dayNumberer(infusionMs, input.dayNumbering);
  const { active, lastStop } = checkImmunosuppressants(input);
  const base = { disease, settings, ruleVersion: RULE_VERSION };
  if (!isRemissionDisease(disease)) {
    return {
      ...base,
      definition: null,
      instruments: [],
      status: 'no_definition',
      holds: false,
      assessedAt: null,
      level: null,
      basis: [`no remission definition for ${disease}: scores are shown without one`],
      source: null,
      courses: scoreCourses(list, [], dayOf),
    };
  }
  const verdict = RULES[disease](list, settings, { active, lastStop });
  return {
    ...base,
    definition: REMISSION_DEFINITIONS[disease],
    instruments: [...DISEASE_INSTRUMENTS[disease]],
    status: verdict.holds === null ? 'no_assessment' : verdict.holds ? 'in_remission' : 'not_in_remission',
    holds: verdict.holds === true,
    assessedAt: verdict.assessedAt,
    level: verdict.level,
    basis: verdict.basis,
    source: DISEASE_REMISSION_SOURCES[disease],
    courses: scoreCourses(list, DISEASE_INSTRUMENTS[disease], dayOf),
  };
}

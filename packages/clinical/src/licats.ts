/**
 * LICATS: local immune effector cell-associated toxicity syndrome.
 *
 * Source: Hagen M et al., Lancet Rheumatol 2025, as transcribed in shared/clinical-reference.md
 * ("Related syndromes"): a self-limited flare-like reaction in organs the disease had affected,
 * during B-cell aplasia (median onset Day 10, median 11 days; skin 35%, kidney 22%; 77% of 39
 * patients). Grade 1 resolves on its own; 2 needs glucocorticoids for > 1 week or involves an inner
 * organ; 3 prolonged or new hospitalisation; 4 ICU. Hints: creatinine > 50% above baseline, rising
 * urine protein/creatinine ratio, new rash, arthritis, troponin rise.
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Long-term follow-up"):
 * - The highest grade whose criterion is met wins. "> 1 week" = more than 7 days: exactly 7 days of
 *   glucocorticoids is not grade 2 by that criterion.
 * - An event that did not resolve on its own but meets no grade 2–4 criterion (e.g. glucocorticoids
 *   for ≤ 7 days) is graded 1, and the reasons say this is a CellWatch reading (UNCONFIRMED against
 *   the paper).
 * - Hints are hints, never diagnoses. Creatinine baseline = the value given, else the last value at
 *   or before the infusion, else the first value; a hint when a later value is more than 50% above
 *   it (exactly +50% is not). Rising UPCR = a value after the baseline more than 50% above the UPCR
 *   baseline (same baseline rule) and higher than the value before it (CellWatch choice; the
 *   reference gives no figure). A new organ flare charted while in B-cell aplasia gives a hint.
 */
import { InvalidFindingsError } from './errors.ts';
import {
  checkArray,
  checkBoolean,
  checkInstant,
  checkNumber,
  checkOptionalNumber,
  checkText,
} from './follow-up-input.ts';
import { ANALYTES } from './labs.ts';
import type { DayNumbering, Instant } from './time.ts';
import { dayNumberer, toEpochMs } from './time.ts';
import { roundTo } from './units.ts';

export const LICATS_SOURCE =
  'Hagen M et al., LICATS, Lancet Rheumatol 2025 (as in shared/clinical-reference.md)';
export const LICATS_HINT_LABEL = 'hint, not a diagnosis';

export interface LicatsFindings {
  resolvedWithoutTreatment: boolean;
  /** Days of glucocorticoid treatment for this event (0 if none). */
  glucocorticoidsDays: number;
  /** An inner organ is involved (e.g. kidney, heart, lung), not only skin or joints. */
  innerOrgan: boolean;
  prolongedOrNewHospitalisation: boolean;
  icu: boolean;
}

export interface LicatsGrading {
  grade: 1 | 2 | 3 | 4;
  reasons: string[];
  source: string;
}

/** LICATS grade 1–4 (Hagen 2025): the highest criterion met. */
export function licatsGrade(f: LicatsFindings): LicatsGrading {
  const resolved = checkBoolean(f.resolvedWithoutTreatment, 'resolvedWithoutTreatment');
  const gcDays = checkNumber(f.glucocorticoidsDays, 'glucocorticoidsDays', { min: 0, max: 3650 });
  const inner = checkBoolean(f.innerOrgan, 'innerOrgan');
  const hosp = checkBoolean(f.prolongedOrNewHospitalisation, 'prolongedOrNewHospitalisation');
  const icu = checkBoolean(f.icu, 'icu');
  if (resolved && gcDays > 0) {
    throw new InvalidFindingsError(
      'resolvedWithoutTreatment',
      'cannot be true when glucocorticoids were given',
    );
  }
  const reasons: string[] = [];
  let grade: 1 | 2 | 3 | 4 = 1;
  if (icu) {
    grade = 4;
    reasons.push('ICU admission → grade 4');
  }
  if (hosp) {
    if (grade < 3) grade = 3;
    reasons.push('prolonged or new hospitalisation → grade 3');
  }
  if (gcDays > 7) {
    if (grade < 2) grade = 2;
    reasons.push(`glucocorticoids for ${gcDays} days (> 1 week) → grade 2`);
  }
  if (inner) {
    if (grade < 2) grade = 2;
    reasons.push('inner organ involved → grade 2');
  }
  if (grade === 1) {
    if (resolved) {
      reasons.push('resolved without treatment → grade 1');
    } else if (gcDays > 0) {
      reasons.push(
        `glucocorticoids for ${gcDays} days (not > 1 week), no inner organ, no hospitalisation → grade 1 (CellWatch reading, UNCONFIRMED against Hagen 2025)`,
      );
    } else {
      reasons.push(
        'not resolved yet, no grade 2–4 criterion met → grade 1 for now (CellWatch reading; regrade when it resolves)',
      );
    }
  }
  reasons.push(LICATS_SOURCE);
  return { grade, reasons, source: LICATS_SOURCE };
}

export interface LicatsLabPoint {
  at: Instant;
  value: number;
  id?: string;
}

export interface OrganFlareEvent {
  at: Instant;
  /** e.g. 'skin', 'kidney', 'joints', 'heart'. */
  organ: string;
  id?: string;
}

export interface LicatsHintInput {
  infusionAt: Instant;
  /** Creatinine, mg/dL. */
  creatinineSeries: readonly LicatsLabPoint[];
  baselineCreatinine?: number | null;
  /** Urine protein/creatinine ratio, mg/g. */
  upcrSeries: readonly LicatsLabPoint[];
  newOrganFlares: readonly OrganFlareEvent[];
  /** In B-cell aplasia: true/false for the whole period, or the aplasia periods (b-cells.ts episodes). */
  inAplasia: boolean | readonly { from: Instant; to?: Instant | null }[];
  riseFraction?: number;
  dayNumbering?: DayNumbering;
}

export type LicatsHintKind = 'creatinine_rise' | 'upcr_rise' | 'organ_flare_in_aplasia';

export interface LicatsHint {
  kind: LicatsHintKind;
  at: number;
  day: number;
  message: string;
  label: typeof LICATS_HINT_LABEL;
}

export interface LicatsHintResult {
  hints: LicatsHint[];
  reasons: string[];
  label: typeof LICATS_HINT_LABEL;
  source: string;
}

function series(points: readonly LicatsLabPoint[], field: string, max: number) {
  return checkArray<LicatsLabPoint>(points, field)
    .map((p, i) => ({
      at: toEpochMs(p.at, `${field}[${i}].at`),
      value: checkNumber(p.value, `${field}[${i}].value`, { min: 0, max }),
    }))
    .sort((a, b) => a.at - b.at);
}

function baselineOf(points: { at: number; value: number }[], infusionMs: number) {
  const pre = points.filter((p) => p.at <= infusionMs).at(-1);
  return pre
    ? { ...pre, source: 'last value before infusion' }
    : points[0]
      ? { ...points[0], source: 'first value' }
      : null;
}

/** Hints that an organ reaction may be LICATS. Hints, not diagnoses. */
export function licatsHints(input: LicatsHintInput): LicatsHintResult {
  const infusionMs = toEpochMs(input.infusionAt, 'infusionAt');
  const dayOf = dayNumberer(infusionMs, input.dayNumbering);
  const rise = checkNumber(input.riseFraction ?? 0.5, 'riseFraction', {
    min: 0,
    minExclusive: true,
    max: 10,
  });
  const creat = series(input.creatinineSeries, 'creatinineSeries', ANALYTES.creatinine.limits.max);
  const upcr = series(input.upcrSeries, 'upcrSeries', ANALYTES.urine_protein_creatinine.limits.max);
  const givenBaseline = checkOptionalNumber(input.baselineCreatinine, 'baselineCreatinine', {
    min: 0,
    minExclusive: true,
    max: ANALYTES.creatinine.limits.max,
  });
  const hints: LicatsHint[] = [];
  const reasons: string[] = [];
  const factor = 1 + rise;
  const pct = roundTo(rise * 100, 1);
  const hint = (kind: LicatsHintKind, at: number, message: string) =>
    hints.push({
      kind,
      at,
      day: dayOf(at),
      message: `${message} (${LICATS_HINT_LABEL})`,
      label: LICATS_HINT_LABEL,
    });

  const creatBase =
    givenBaseline !== null
      ? { at: Number.NEGATIVE_INFINITY, value: givenBaseline, source: 'baseline given' }
      : baselineOf(creat, infusionMs);
  if (!creatBase) reasons.push('no creatinine: kidney hint not assessed');
  else {
    const after = creat.filter((p) => p.at > Math.max(creatBase.at, infusionMs));
    const high = after.find((p) => p.value > creatBase.value * factor);
    if (high) {
      const up = roundTo((high.value / creatBase.value - 1) * 100, 0);
      hint(
        'creatinine_rise',
        high.at,
        `creatinine ${high.value} mg/dL on Day ${dayOf(high.at)} is ${up}% above baseline ${creatBase.value} mg/dL (${creatBase.source}; > ${pct}%): possible kidney LICATS`,
      );
    } else {
      reasons.push(`creatinine not more than ${pct}% above baseline ${creatBase.value} mg/dL`);
    }
  }

  const upcrBase = baselineOf(upcr, infusionMs);
  if (!upcrBase) reasons.push('no urine protein/creatinine ratio: proteinuria hint not assessed');
  else {
    const after = upcr.filter((p) => p.at > Math.max(upcrBase.at, infusionMs));
    let prev = upcrBase.value;
    let found = false;
    for (const p of after) {
      if (!found && p.value > upcrBase.value * factor && p.value > prev) {
        found = true;
        hint(
          'upcr_rise',
          p.at,
          `urine protein/creatinine ratio rising: ${prev} → ${p.value} mg/g on Day ${dayOf(p.at)}, more than ${pct}% above baseline ${upcrBase.value} mg/g (${upcrBase.source}): possible kidney LICATS`,
        );
      }
      prev = p.value;
    }
    if (!found) reasons.push('urine protein/creatinine ratio not rising above baseline');
  }

  const periods =
    typeof input.inAplasia === 'boolean'
      ? null
      : checkArray<{ from: Instant; to?: Instant | null }>(input.inAplasia, 'inAplasia').map((p, i) => ({
          from: toEpochMs(p.from, `inAplasia[${i}].from`),
          to:
            p.to === undefined || p.to === null
              ? Number.POSITIVE_INFINITY
              : toEpochMs(p.to, `inAplasia[${i}].to`),
        }));
  if (periods?.some((p) => p.to < p.from))
    throw new InvalidFindingsError('inAplasia', 'a period ends before it starts');
  checkArray<OrganFlareEvent>(input.newOrganFlares, 'newOrganFlares').forEach((f, i) => {
    const at = checkInstant(f.at, `newOrganFlares[${i}].at`);
    const organ = checkText(f.organ, `newOrganFlares[${i}].organ`);
    const during =
      periods === null ? input.inAplasia === true : periods.some((p) => at >= p.from && at < p.to);
    if (during && at > infusionMs) {
      hint(
        'organ_flare_in_aplasia',
        at,
        `new ${organ} flare on Day ${dayOf(at)} during B-cell aplasia: consider LICATS (median onset Day 10, Hagen 2025)`,
      );
    } else {
      reasons.push(
        `${organ} flare on Day ${dayOf(at)} not during B-cell aplasia after infusion: no LICATS hint`,
      );
    }
  });
  hints.sort((a, b) => a.at - b.at);
  return { hints, reasons, label: LICATS_HINT_LABEL, source: LICATS_SOURCE };
}

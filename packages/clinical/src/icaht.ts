/**
 * Early immune effector cell-associated hematotoxicity (ICAHT), Day 0–30.
 * Source: Rejeski K et al., EHA/EBMT consensus, Blood 2023;142:865–877, as transcribed in
 * shared/clinical-reference.md: days with ANC ≤ 500/µL and ≤ 100/µL counted cumulatively;
 * recoveries shorter than 3 days still count as below threshold.
 *   Grade 1: ANC ≤ 500 for < 7 days.  Grade 2: ≤ 500 for 7–13 days.
 *   Grade 3: ≤ 500 for ≥ 14 days, or ≤ 100 for 7–13 days.
 *   Grade 4: ≤ 500 for the whole 30 days, or ≤ 100 for ≥ 14 days.
 * Late ICAHT (after Day 30) thresholds are UNCONFIRMED in the reference, so no late grade is
 * given; instead the result reports, ungraded, the Days after Day 30 with ANC ≤ 500/µL measured
 * (`afterDay30`), so a late neutropenia is never hidden behind a finished early grade.
 *
 * INTERPRETATIONS (README.md):
 * - A Day's value is the LOWEST ANC measured that Day (Day numbers as in time.ts).
 * - A Day without a measurement takes the last value measured before it (carried forward), but only
 *   between measurements: Days before the first and after the last measurement are "not assessed"
 *   and never counted; the result says the grade may still rise.
 * - "The whole 30 days" = ANC ≤ 500 on at least 30 of the 31 Days 0–30, so a Day 0 count drawn
 *   before the nadir (or a Day 30 recovery) does not prevent grade 4.
 */
import type { Grade } from './crs.ts';
import { InvalidFindingsError } from './errors.ts';
import type { DayNumbering, Instant } from './time.ts';
import { dayNumberer, toEpochMs } from './time.ts';

export interface AncMeasurement {
  at: Instant;
  /** Absolute neutrophil count, cells/µL. */
  ancPerUl: number;
  id?: string;
}

export interface IcahtDay {
  day: number;
  /** Lowest ANC measured that Day, or carried forward; null when not assessed. */
  ancPerUl: number | null;
  measured: boolean;
  atOrBelow500: boolean;
  atOrBelow100: boolean;
  /** Above the threshold but inside a recovery shorter than 3 Days: counted as below. */
  shortRecovery500: boolean;
  shortRecovery100: boolean;
}

export interface IcahtResult {
  grade: Grade;
  reasons: string[];
  daysAtOrBelow500: number;
  daysAtOrBelow100: number;
  days: IcahtDay[];
  /** Days 0–30 without any value (before the first or after the last measurement). */
  notAssessedDays: number[];
  /** False while some Day 0–30 is not assessed: the grade may still rise. */
  complete: boolean;
  /**
   * Measured ANC after Day 30, not graded (late ICAHT thresholds are unconfirmed): the Days whose
   * lowest ANC was ≤ 500/µL, and the lowest value measured after Day 30 (null: none measured).
   */
  afterDay30: { daysAtOrBelow500: number[]; lowestAncPerUl: number | null };
  source: string;
}

export const ICAHT_SOURCE = 'Rejeski K et al., EHA/EBMT early ICAHT grading, Blood 2023;142:865–877';
const FIRST_DAY = 0;
const LAST_DAY = 30;
/** Rejeski 2023: a recovery shorter than 3 days still counts as below threshold. */
const MIN_RECOVERY_DAYS = 3;

/** Count Days below a threshold, filling recoveries shorter than 3 Days between two Days below. */
function countWithRecoveryRule(below: (boolean | null)[]): { count: number; filled: boolean[] } {
  const filled = below.map(() => false);
  let lastBelow = -1;
  for (let i = 0; i < below.length; i++) {
    if (below[i] !== true) continue;
    const gap = i - lastBelow - 1;
    if (lastBelow >= 0 && gap > 0 && gap < MIN_RECOVERY_DAYS) {
      for (let j = lastBelow + 1; j < i; j++) if (below[j] === false) filled[j] = true;
    }
    lastBelow = i;
  }
  const count = below.filter((b, i) => b === true || filled[i]).length;
  return { count, filled };
}

function dayRange(days: number[]): string {
  if (days.length === 0) return '';
  const parts: string[] = [];
  let start = days[0] as number;
  let prev = start;
  for (const d of [...days.slice(1), Number.NaN]) {
    if (d === prev + 1) {
      prev = d;
      continue;
    }
    parts.push(start === prev ? `Day ${start}` : `Days ${start}–${prev}`);
    start = d;
    prev = d;
  }
  return parts.join(', ');
}

/** Early ICAHT grade (Day 0–30) from a series of ANC measurements. */
export function gradeEarlyIcaht(
  measurements: readonly AncMeasurement[],
  infusionAt: Instant,
  options: { dayNumbering?: DayNumbering } = {},
): IcahtResult {
  const infusion = toEpochMs(infusionAt, 'infusionAt');
  const dayOf = dayNumberer(infusion, options.dayNumbering);
  if (!Array.isArray(measurements))
    throw new InvalidFindingsError('anc', 'must be a list of ANC measurements');
  const lowestByDay = new Map<number, number>();
  measurements.forEach((m, i) => {
    const at = toEpochMs(m.at, `anc[${i}].at`);
    if (
      typeof m.ancPerUl !== 'number' ||
      !Number.isFinite(m.ancPerUl) ||
      m.ancPerUl < 0 ||
      m.ancPerUl > 100_000
    ) {
      throw new InvalidFindingsError(`anc[${i}].ancPerUl`, 'must be 0–100 000 cells/µL');
    }
    const day = dayOf(at);
    lowestByDay.set(day, Math.min(lowestByDay.get(day) ?? Number.POSITIVE_INFINITY, m.ancPerUl));
  });
  const measuredDays = [...lowestByDay.keys()].sort((a, b) => a - b);
  const lastMeasuredDay = measuredDays.at(-1);

  const days: IcahtDay[] = [];
  const notAssessedDays: number[] = [];
  let carried: number | null = null;
  for (const d of measuredDays) if (d < FIRST_DAY) carried = lowestByDay.get(d) ?? carried;
  for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
    const measured = lowestByDay.get(day);
    let value: number | null;
    if (measured !== undefined) {
      value = measured;
      carried = measured;
    } else if (carried !== null && lastMeasuredDay !== undefined && day < lastMeasuredDay) {
      value = carried; // between two measurements: carry the last value forward
    } else {
      value = null;
      notAssessedDays.push(day);
    }
    days.push({
      day,
      ancPerUl: value,
      measured: measured !== undefined,
      atOrBelow500: value !== null && value <= 500,
      atOrBelow100: value !== null && value <= 100,
      shortRecovery500: false,
      shortRecovery100: false,
    });
  }
  const below500 = days.map((d) => (d.ancPerUl === null ? null : d.atOrBelow500));
  const below100 = days.map((d) => (d.ancPerUl === null ? null : d.atOrBelow100));
  const r500 = countWithRecoveryRule(below500);
  const r100 = countWithRecoveryRule(below100);
  days.forEach((d, i) => {
    d.shortRecovery500 = r500.filled[i] === true;
    d.shortRecovery100 = r100.filled[i] === true;
  });

  const laterDays = measuredDays.filter((d) => d > LAST_DAY);
  const afterDay30 = {
    daysAtOrBelow500: laterDays.filter((d) => (lowestByDay.get(d) as number) <= 500),
    lowestAncPerUl: laterDays.length ? Math.min(...laterDays.map((d) => lowestByDay.get(d) as number)) : null,
  };

  const reasons: string[] = [];
  const n500 = r500.count;
  const n100 = r100.count;
  const days500 = days.filter((d) => d.atOrBelow500 || d.shortRecovery500).map((d) => d.day);
  const days100 = days.filter((d) => d.atOrBelow100 || d.shortRecovery100).map((d) => d.day);
  if (n500 > 0) reasons.push(`ANC ≤ 500/µL on ${n500} Day${n500 === 1 ? '' : 's'} (${dayRange(days500)})`);
  else reasons.push('ANC never ≤ 500/µL in Days 0–30 assessed');
  if (n100 > 0) reasons.push(`ANC ≤ 100/µL on ${n100} Day${n100 === 1 ? '' : 's'} (${dayRange(days100)})`);
  const recoveries = days.filter((d) => d.shortRecovery500).map((d) => d.day);
  if (recoveries.length > 0) {
    reasons.push(`recovery shorter than 3 Days (${dayRange(recoveries)}) counted as ≤ 500/µL`);
  }

  let grade: Grade;
  if (n500 >= 30 || n100 >= 14) {
    grade = 4;
    reasons.push(
      n100 >= 14 ? 'ANC ≤ 100/µL for ≥ 14 Days → grade 4' : 'ANC ≤ 500/µL for the whole 30 Days → grade 4',
    );
  } else if (n500 >= 14 || n100 >= 7) {
    grade = 3;
    reasons.push(
      n500 >= 14 ? 'ANC ≤ 500/µL for ≥ 14 Days → grade 3' : 'ANC ≤ 100/µL for 7–13 Days → grade 3',
    );
  } else if (n500 >= 7) {
    grade = 2;
    reasons.push('ANC ≤ 500/µL for 7–13 Days → grade 2');
  } else if (n500 >= 1) {
    grade = 1;
    reasons.push('ANC ≤ 500/µL for < 7 Days → grade 1');
  } else {
    grade = 0;
    reasons.push('no early ICAHT');
  }
  if (notAssessedDays.length > 0) {
    reasons.push(
      `${dayRange(notAssessedDays)} not assessed (no ANC before or after): the grade may still rise`,
    );
  }
  reasons.push(`early ICAHT grade ${grade} — ${ICAHT_SOURCE}`);
  if (afterDay30.daysAtOrBelow500.length > 0) {
    reasons.push(
      `ANC ≤ 500/µL after Day 30 (${dayRange(afterDay30.daysAtOrBelow500)}): late ICAHT not graded, its thresholds are unconfirmed`,
    );
  }
  return {
    grade,
    reasons,
    daysAtOrBelow500: n500,
    daysAtOrBelow100: n100,
    afterDay30,
    days,
    notAssessedDays,
    complete: notAssessedDays.length === 0,
    source: ICAHT_SOURCE,
  };
}

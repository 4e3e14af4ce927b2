import { formatDayNumber } from '../format/clinical.ts';

/** How the report writes its cells: grades as words, numbers with their unit, nothing as a word. */

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "1 dose", "3 doses", "0.5 days". */
export function withUnit(value: number, singular: string, plural = `${singular}s`): string {
  return `${decimal.format(value)} ${value === 1 ? singular : plural}`;
}

/** A maximum grade: "None" for 0, "Grade 3"; `missing` when there was nothing to grade. */
export function gradeText(grade: number | null, missing = 'Not assessed'): string {
  if (grade === null) return missing;
  return grade === 0 ? 'None' : `Grade ${grade}`;
}

export function onsetText(day: number | null): string | null {
  return day === null ? null : formatDayNumber(day);
}

export function durationText(days: number | null): string | null {
  return days === null ? null : withUnit(days, 'day');
}

/** Patients as a published series writes them: "3 (42.9%)". */
export function countPercent(count: number, pct: number): string {
  return `${count} (${percent.format(pct)}%)`;
}

/** The same rounding as the API's summary: one decimal, 0 for an empty cohort. */
export function percentOf(count: number, total: number): number {
  return total ? Math.round((count / total) * 1000) / 10 : 0;
}

/** "1 of 7 patients (14.3%)". */
export function shareOf(count: number, total: number): string {
  return `${count} of ${withUnit(total, 'patient')} (${percent.format(percentOf(count, total))}%)`;
}

import { calendarDayNumbering, DIAGNOSES, dayNumberAt, PRODUCTS } from '@cellwatch/clinical';
import type { Patient, PatientStatus } from '@cellwatch/contracts';

const STATUS_LABELS: Record<PatientStatus, string> = {
  planned: 'Planned',
  infused: 'Infused',
  inpatient_monitoring: 'Inpatient monitoring',
  outpatient_follow_up: 'Outpatient follow-up',
  long_term_follow_up: 'Long-term follow-up',
  withdrawn: 'Withdrawn',
  deceased: 'Deceased',
};

export const statusLabel = (status: PatientStatus) => STATUS_LABELS[status];
export const diagnosisLabel = (diagnosis: Patient['diagnosis']) => DIAGNOSES[diagnosis].name;
export const productLabel = (product: Patient['product']) => PRODUCTS[product].name;

/**
 * "Day +3", "Day 0", "Day −2" relative to the infusion; null before an infusion time exists.
 * With the unit's time zone (useUnitTimeZone, from the API) Day 0 is the infusion's calendar day
 * there, as on every view and in the API (@cellwatch/clinical time.ts); every view passes it.
 * Without one, the engine's fallback: 24-hour periods from the infusion instant.
 */
export function dayLabel(
  infusionAt: string | number | null,
  now: number = Date.now(),
  timeZone?: string,
): string | null {
  if (infusionAt === null || infusionAt === '') return null;
  const infused = typeof infusionAt === 'number' ? infusionAt : Date.parse(infusionAt);
  if (Number.isNaN(infused)) return null;
  return formatDayNumber(dayNumberAt(infused, now, timeZone ? calendarDayNumbering(timeZone) : undefined));
}

/** A study day as it is written: "Day 0", "Day +3", "Day −2" (with a real minus sign). */
export function formatDayNumber(day: number): string {
  if (day === 0) return 'Day 0';
  return day > 0 ? `Day +${day}` : `Day \u2212${-day}`;
}

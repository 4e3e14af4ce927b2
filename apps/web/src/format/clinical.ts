import { DAY_MS, DIAGNOSES, PRODUCTS } from '@cellwatch/clinical';
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
 * "Day +3", "Day 0", "Day −2" relative to the infusion (Day 0 = the first 24 h after it, the
 * engine's default numbering in @cellwatch/clinical time.ts); null before an infusion time exists.
 */
export function dayLabel(infusionAt: string | null, now: number = Date.now()): string | null {
  if (!infusionAt) return null;
  const infused = Date.parse(infusionAt);
  if (Number.isNaN(infused)) return null;
  return formatDayNumber(Math.floor((now - infused) / DAY_MS));
}

/** A study day as it is written: "Day 0", "Day +3", "Day −2" (with a real minus sign). */
export function formatDayNumber(day: number): string {
  if (day === 0) return 'Day 0';
  return day > 0 ? `Day +${day}` : `Day \u2212${-day}`;
}

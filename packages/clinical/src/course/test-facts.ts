/** Charting helpers for the course tests: times relative to the infusion, vital sets, neuro assessments. */
import type { NeuroAssessmentFact, PatientContext, VitalSignsFact } from '../facts.ts';
import type { CoursePoint } from './index.ts';

export const INFUSION = Date.parse('2025-03-01T10:00:00Z');
export const H = 3_600_000;
export const h = (hours: number): string => new Date(INFUSION + hours * H).toISOString();
export const ctx: PatientContext = { infusionAt: '2025-03-01T10:00:00Z', ageYears: 45 };

export const vitals = (id: string, hours: number, patch: Partial<VitalSignsFact> = {}): VitalSignsFact => ({
  kind: 'vital_signs',
  id,
  at: h(hours),
  temperatureC: 37.0,
  systolicMmHg: 120,
  oxygen: { device: 'room_air' },
  ...patch,
});
export const neuro = (
  id: string,
  hours: number,
  patch: Partial<NeuroAssessmentFact> = {},
): NeuroAssessmentFact => ({
  kind: 'neuro_assessment',
  id,
  at: h(hours),
  iceScore: 10,
  consciousness: 'normal',
  seizure: 'none',
  motorWeakness: 'none',
  raisedIcp: 'none',
  ...patch,
});
export const pointAt = (points: readonly CoursePoint[], hours: number): CoursePoint => {
  const point = points.find((p) => p.at === INFUSION + hours * H);
  if (!point) throw new Error(`no point at +${hours} h`);
  return point;
};

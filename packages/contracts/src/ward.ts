import { z } from 'zod';
import { GradesOfRecord } from './grade-of-record.ts';

export const AlertSeverity = z.enum(['critical', 'high', 'warning', 'info']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/** The patient's latest valid vital set, as stored with the patient's state (database columns). */
export const LatestVitals = z.object({
  id: z.number(),
  taken_at: z.string(),
  taken_at_ms: z.number(),
  temperature_c: z.number().nullable(),
  heart_rate: z.number().nullable(),
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  mean_arterial: z.number().nullable(),
  respiratory_rate: z.number().nullable(),
  spo2: z.number().nullable(),
  oxygen_device: z.string().nullable(),
  oxygen_flow_lpm: z.number().nullable(),
});
export type LatestVitals = z.infer<typeof LatestVitals>;

/** One row of the ward board: a patient under active monitoring. */
export const WardPatient = z.object({
  id: z.number(),
  mrn: z.string(),
  name: z.string(),
  isDemo: z.boolean(),
  diagnosis: z.string(),
  product: z.string(),
  weightKg: z.number().nullable(),
  status: z.string(),
  infusionAt: z.string().nullable(),
  day: z.number().nullable(),
  crsGrade: z.number().nullable(),
  icansGrade: z.number().nullable(),
  /** Signed where signed, with the computed grade beside it; crsGrade/icansGrade are these grades. */
  grades: GradesOfRecord,
  gradedAt: z.string().nullable(),
  latestVitals: LatestVitals.nullable(),
  febrile: z.boolean(),
  openAlerts: z.object({ count: z.number(), highest: AlertSeverity.nullable() }),
  nextDue: z
    .object({
      inWindow: z.boolean(),
      vitalsDueAt: z.string().nullable(),
      vitalsOverdue: z.boolean(),
      iceDueAt: z.string().nullable(),
      iceOverdue: z.boolean(),
    })
    .nullable(),
});
export type WardPatient = z.infer<typeof WardPatient>;

/** What GET /api/ward answers: the patients most acute first, and the server's time. */
export const Ward = z.object({ now: z.string(), patients: z.array(WardPatient) });
export type Ward = z.infer<typeof Ward>;

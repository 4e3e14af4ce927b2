import { z } from 'zod';
import { Instant, SafeLine, SafeText } from './common.ts';

const text = (max: number) => SafeLine.min(1).max(max);

export const InfectionRequest = z.strictObject({
  onsetAt: Instant,
  site: text(100),
  organism: text(100).optional(),
  bacterial: z.boolean().default(false),
  /** CTCAE v5 grade, 1 (mild) to 5 (death). */
  ctcaeGrade: z.number().int().min(1).max(5),
  hospitalised: z.boolean().default(false),
  note: SafeText.max(2000).optional(),
});

export const PlanIvigRequest = z.strictObject({
  firstDueAt: Instant,
  count: z.number().int().min(1).max(26),
  /** Weeks between doses; the protocol default (4) when omitted. */
  intervalWeeks: z.number().int().min(1).max(12).optional(),
  /** Grams per dose; the engine's weight-based dose rounded to stocked vials when omitted. */
  doseG: z.number().positive().max(200).optional(),
});

export const IvigGivenRequest = z.strictObject({
  givenAt: Instant,
  doseG: z.number().positive().max(200),
  lot: text(60),
});
export const IvigMissedRequest = z.strictObject({ at: Instant, reason: SafeText.min(1).max(500).optional() });
export const IvigCancelRequest = z.strictObject({ reason: SafeText.min(3).max(500) });

export const ImmunosuppressantStopRequest = z.strictObject({ drug: text(100), stoppedAt: Instant });

export const RemissionAssessmentRequest = z.strictObject({
  assessedAt: Instant,
  inRemission: z.boolean(),
  /** Immunosuppressants still taken at this assessment (empty: none). */
  activeImmunosuppressants: z.array(text(100)).max(20).default([]),
  note: SafeText.max(2000).optional(),
});

export const LicatsRequest = z.strictObject({
  organ: z.enum(['skin', 'kidney', 'joints', 'muscle', 'lung', 'heart', 'gut', 'nervous_system', 'other']),
  onsetAt: Instant,
  resolvedAt: Instant.optional(),
  resolvedWithoutTreatment: z.boolean(),
  glucocorticoidDays: z.number().int().min(0).max(365),
  innerOrgan: z.boolean(),
  prolongedOrNewHospitalisation: z.boolean(),
  icu: z.boolean(),
  treatment: SafeText.max(500).optional(),
});

export const MilestoneVisitRequest = z.strictObject({
  milestone: z
    .string()
    .regex(/^(day_(7|14|28|100)|month_6|year_([1-9]|1[0-5]))$/, 'a follow-up milestone id'),
  completedAt: Instant,
  note: SafeText.max(2000).optional(),
});

export const WorklistQuery = z.strictObject({
  horizonDays: z.coerce.number().int().min(1).max(365).default(14),
});

export const ReportQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('csv') });

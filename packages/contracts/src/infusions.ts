import { z } from 'zod';
import { FactMeta } from './charting.ts';
import { Instant, SafeText } from './common.ts';
import { CellProductSchema } from './patients.ts';

/** Why a patient received this infusion: the first one, or a re-treatment and why. */
export const InfusionReasonSchema = z.enum([
  'first_infusion',
  'relapse',
  'insufficient_response',
  're_treatment',
]);
export type InfusionReason = z.infer<typeof InfusionReasonSchema>;

/** The reasons a re-treatment may be recorded with (the first infusion comes with enrolment). */
export const RetreatmentReasonSchema = z.enum(['relapse', 'insufficient_response', 're_treatment']);

/** POST /api/patients/:id/infusions: a re-treatment, a new infusion episode with its own Day 0. */
export const RecordInfusionRequest = z.strictObject({
  product: CellProductSchema,
  infusedAt: Instant,
  reason: RetreatmentReasonSchema,
  /** The re-treatment's lymphodepletion start (a date): it replaces the patient record's. */
  lymphodepletionStart: z.iso.date().optional(),
  note: SafeText.optional(),
});
export type RecordInfusionRequest = z.infer<typeof RecordInfusionRequest>;

/** One infusion episode read back: its number, product and Day 0. */
export const InfusionEpisode = FactMeta.extend({
  number: z.number().int().min(1),
  product: CellProductSchema,
  infusedAt: z.string(),
  reason: InfusionReasonSchema,
  note: z.string().nullable(),
});
export type InfusionEpisode = z.infer<typeof InfusionEpisode>;

/** GET /api/patients/:id/infusions: the episodes, first infusion first, with corrections. */
export const InfusionEpisodeList = z.object({ infusions: z.array(InfusionEpisode) });
export type InfusionEpisodeList = z.infer<typeof InfusionEpisodeList>;

/** POST /api/patients/:id/infusions answers the recorded episode. */
export const RecordedInfusion = z.object({ infusion: InfusionEpisode });

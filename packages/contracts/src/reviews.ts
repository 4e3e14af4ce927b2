import { z } from 'zod';
import { SecondFactorCode } from './auth.ts';
import { SafeText } from './common.ts';
import { FactInWords } from './grade-of-record.ts';
import { MissingData } from './toxicity.ts';

/** Signing asks for the password again: the signature is the hematologist's own act. */
export const ConfirmGradeRequest = z.strictObject({
  password: z.string().min(1).max(1024),
  /** The second factor, when signing requires one (CELLWATCH_TOTP_FOR_SIGNING). */
  code: SecondFactorCode.optional(),
});

export const OverrideGradeRequest = z.strictObject({
  password: z.string().min(1).max(1024),
  code: SecondFactorCode.optional(),
  grade: z.number().int().min(0).max(5),
  reason: SafeText.min(5).max(1000),
});

export const ReviewQuery = z.strictObject({
  status: z.enum(['pending', 'confirmed', 'overridden', 'superseded', 'all']).default('pending'),
  patientId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const AlertQuery = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'resolved', 'unresolved', 'all']).default('unresolved'),
  patientId: z.coerce.number().int().positive().optional(),
  severity: z.enum(['info', 'warning', 'high', 'critical']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const AcknowledgeAlertRequest = z.strictObject({ note: SafeText.max(1000).optional() });
export const ResolveAlertRequest = z.strictObject({ note: SafeText.min(3).max(1000) });

/** A hematologist's signature on a grade change, as the review queue shows it. */
export const ReviewSignature = z.object({
  id: z.number(),
  decision: z.enum(['confirmed', 'overridden']),
  computedGrade: z.number(),
  signedGrade: z.number(),
  reason: z.string().nullable(),
  meaning: z.string(),
  signer: z.object({ id: z.number(), printedName: z.string() }),
  signedAt: z.string(),
  factsHash: z.string(),
  /** Set when a correction of a fact it signed for made it no longer hold. */
  invalidatedAt: z.string().nullable(),
});
export type ReviewSignature = z.infer<typeof ReviewSignature>;

/** Data missing or stale when the step was computed, as stored with it (`lastAt` in epoch ms). */
export const StepMissingData = MissingData.extend({ lastAt: z.number().nullable() });
export type StepMissingData = z.infer<typeof StepMissingData>;

/** A computed grade change in the review queue, with the facts it used and its signatures. */
export const GradeReview = z.object({
  id: z.number(),
  patient: z.object({ id: z.number(), mrn: z.string(), name: z.string() }).nullable(),
  syndrome: z.enum(['crs', 'icans']),
  at: z.string(),
  day: z.number(),
  fromGrade: z.number(),
  toGrade: z.number(),
  reasons: z.array(z.string()),
  factIds: z.array(z.string()),
  /** The facts used, in words (time, values, who charted them), in charting-time order. */
  facts: z.array(FactInWords),
  missing: z.array(StepMissingData),
  factsHash: z.string(),
  ruleVersion: z.string(),
  computedAt: z.string(),
  status: z.enum(['pending', 'confirmed', 'overridden', 'superseded']),
  returnedReason: z.string().nullable(),
  supersededAt: z.string().nullable(),
  signatures: z.array(ReviewSignature),
});
export type GradeReview = z.infer<typeof GradeReview>;

/** GET /api/reviews. */
export const ReviewQueue = z.object({ reviews: z.array(GradeReview) });
export type ReviewQueue = z.infer<typeof ReviewQueue>;
/** POST /api/reviews/:id/confirm and /override: the review as signed. */
export const SignedReview = z.object({ review: GradeReview });
export type SignedReview = z.infer<typeof SignedReview>;

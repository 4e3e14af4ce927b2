import { z } from 'zod';

/**
 * A hematologist's signature on a grade step, as the views show it: who signed, when, and what
 * the signature means (the regulatory frame: "signs with name, time and meaning").
 */
export const GradeSignatureView = z.object({
  decision: z.enum(['confirmed', 'overridden']),
  signedGrade: z.number().int(),
  computedGrade: z.number().int(),
  reason: z.string().nullable(),
  meaning: z.string(),
  signer: z.object({ id: z.number().int(), printedName: z.string() }),
  signedAt: z.string(),
});
export type GradeSignatureView = z.infer<typeof GradeSignatureView>;

/**
 * The grade every view shows for a syndrome right now (ward row, patient header, grade panel):
 * - `signed`: the current grade step carries a valid signature; `grade` is the signed grade and
 *   `computedGrade` the engine's, which differ when the hematologist overrode it;
 * - `awaiting_review`: the current step is in the review queue; `grade` is the computed grade,
 *   unsigned. `returnedReason` says why when a signed grade came back to the queue after a
 *   correction, and `returnedSignature` is the signature that no longer holds;
 * - `no_step`: nothing to sign (grade 0 since Day 0, or not graded yet).
 */
export const GradeOfRecord = z.object({
  grade: z.number().int().nullable(),
  computedGrade: z.number().int().nullable(),
  status: z.enum(['signed', 'awaiting_review', 'no_step']),
  gradeChangeId: z.number().int().nullable(),
  stepAt: z.string().nullable(),
  signature: GradeSignatureView.nullable(),
  returnedReason: z.string().nullable(),
  returnedSignature: GradeSignatureView.nullable(),
});
export type GradeOfRecord = z.infer<typeof GradeOfRecord>;

export const GradesOfRecord = z.object({ crs: GradeOfRecord, icans: GradeOfRecord });
export type GradesOfRecord = z.infer<typeof GradesOfRecord>;

/** A fact behind a grade, in words: what was charted, when, by whom. */
export const FactInWords = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  summary: z.string(),
  recordedBy: z.string().nullable(),
  enteredInError: z.boolean(),
});
export type FactInWords = z.infer<typeof FactInWords>;

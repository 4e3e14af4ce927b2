import { z } from 'zod';
import { GradesOfRecord } from './grade-of-record.ts';
import { InfusionReasonSchema } from './infusions.ts';
import { CellProductSchema } from './patients.ts';

const Texts = z.array(z.string()).readonly();
const Grade = z.number().int().min(0).max(5);

/** Data missing or stale at the graded moment: the grade may be wrong because of it. */
export const MissingData = z.object({
  item: z.enum(['temperature', 'blood_pressure', 'oxygen', 'neuro_assessment', 'ice', 'capd']),
  status: z.enum(['missing', 'stale']),
  /** Time of the latest value, when there is one. */
  lastAt: z.string().nullable(),
  message: z.string(),
});

/** The current CRS or ICANS grade with its reasons and the facts it used. */
export const SyndromeGrade = z.object({
  grade: Grade,
  at: z.string().nullable(),
  day: z.number(),
  reasons: Texts,
  factIds: Texts,
  missing: z.array(MissingData),
  episode: z.number().nullable(),
  /** CRS only: fever no longer required (antipyretic or IL-6 blockade, ASTCT 2019). */
  feverNoLongerRequired: z.boolean().optional(),
  ruleVersion: z.string(),
});
export type SyndromeGrade = z.infer<typeof SyndromeGrade>;

/** A fact behind the current grade, in words, with who charted it and when. */
export const ToxicityFact = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  summary: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  enteredInError: z.boolean(),
});
export type ToxicityFact = z.infer<typeof ToxicityFact>;

export const ToxicityEpisode = z.object({
  syndrome: z.enum(['CRS', 'ICANS']),
  index: z.number(),
  onsetAt: z.string().nullable(),
  onsetDay: z.number(),
  onsetFactIds: Texts,
  maxGrade: Grade,
  maxGradeAt: z.string().nullable(),
  maxGradeFactIds: Texts,
  feverNoLongerRequiredFrom: z.string().nullable(),
  feverNoLongerRequiredFactId: z.string().nullable(),
  status: z.enum(['ongoing', 'resolving', 'resolved']),
  resolvedAt: z.string().nullable(),
  resolutionConfirmedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  durationHours: z.number().nullable(),
});
export type ToxicityEpisode = z.infer<typeof ToxicityEpisode>;

/**
 * One infusion episode's toxicity course: its Day 0 and product, and the CRS and ICANS episodes
 * that began after it (before the next infusion), their onset Day counted from its Day 0.
 */
export const InfusionCourse = z.object({
  number: z.number().int().min(1),
  product: CellProductSchema,
  infusedAt: z.string(),
  reason: InfusionReasonSchema,
  episodes: z.object({ crs: z.array(ToxicityEpisode), icans: z.array(ToxicityEpisode) }),
});
export type InfusionCourse = z.infer<typeof InfusionCourse>;

/** The review status of the latest grade change of a syndrome. */
export const LatestGradeReview = z.object({
  gradeChangeId: z.number(),
  status: z.enum(['pending', 'confirmed', 'overridden', 'superseded']),
  toGrade: z.number(),
  at: z.string(),
  returnedReason: z.string().nullable(),
});
export type LatestGradeReview = z.infer<typeof LatestGradeReview>;

/** Early ICAHT (Rejeski et al., Blood 2023) from the ANC series, Days 0–30. */
export const IcahtGrading = z.object({
  grade: Grade,
  reasons: z.array(z.string()),
  daysAtOrBelow500: z.number(),
  daysAtOrBelow100: z.number(),
  days: z.array(
    z.object({
      day: z.number(),
      ancPerUl: z.number().nullable(),
      measured: z.boolean(),
      atOrBelow500: z.boolean(),
      atOrBelow100: z.boolean(),
      shortRecovery500: z.boolean(),
      shortRecovery100: z.boolean(),
    }),
  ),
  notAssessedDays: z.array(z.number()),
  complete: z.boolean(),
  afterDay30: z.object({ daysAtOrBelow500: z.array(z.number()), lowestAncPerUl: z.number().nullable() }),
  source: z.string(),
});

/** The IEC-HS watch signal (Hines 2023; packages/clinical iec-hs.ts): never a grade. */
export const IecHsWatchSignal = z.object({
  suspected: z.boolean(),
  label: z.literal('watch signal, grading unconfirmed'),
  /** When CRS first improved (labs from then on count). */
  since: z.string().nullable(),
  /** When suspected: when all its criteria held. */
  metAt: z.string().nullable(),
  criteria: z.array(
    z.object({
      criterion: z.enum(['ferritin', 'timing', 'cytopenia', 'transaminases', 'fibrinogen', 'ldh']),
      met: z.boolean(),
      basis: z.string(),
      factIds: Texts,
    }),
  ),
  basis: Texts,
  factIds: Texts,
  source: z.string(),
  ruleVersion: z.string(),
});
export type IecHsWatchSignal = z.infer<typeof IecHsWatchSignal>;

/** What GET /api/patients/:id/toxicity answers: the patient's CRS, ICANS and ICAHT picture. */
export const Toxicity = z.object({
  patientId: z.number(),
  infusionAt: z.string().nullable(),
  ruleVersion: z.string(),
  current: z.object({ crs: SyndromeGrade, icans: SyndromeGrade }).nullable(),
  facts: z.record(z.string(), ToxicityFact),
  episodes: z.object({ crs: z.array(ToxicityEpisode), icans: z.array(ToxicityEpisode) }),
  /** The same episodes grouped by infusion episode, first infusion first (re-treatment). */
  infusions: z.array(InfusionCourse),
  dailyMax: z.array(
    z.object({
      day: z.number(),
      crsMaxGrade: Grade,
      crsMaxAt: z.string().nullable(),
      icansMaxGrade: Grade,
      icansMaxAt: z.string().nullable(),
    }),
  ),
  review: z.object({ crs: LatestGradeReview.nullable(), icans: LatestGradeReview.nullable() }),
  /** The grades of record: signed where signed, else computed and awaiting review. */
  grades: GradesOfRecord,
  icaht: IcahtGrading.nullable(),
  /** Null before the infusion. */
  iecHs: IecHsWatchSignal.nullable(),
});
export type Toxicity = z.infer<typeof Toxicity>;

import { z } from 'zod';

/**
 * What the trial reports answer as JSON (GET /api/reports/toxicity?format=json and
 * …/toxicity/summary?format=json): one row per infused patient and the cohort summary.
 */

const Grade = z.number().int().min(0).max(5);

/** One infused patient's row of the trial toxicity table (the CSV's columns, as JSON). */
export const ToxicityReportRow = z.object({
  patientId: z.number(),
  mrn: z.string(),
  diagnosis: z.string(),
  product: z.string(),
  trialId: z.string().nullable(),
  /** The calendar date of Day 0 in the unit's time zone. */
  day0: z.string().nullable(),
  // CRS and ICANS maxima (ASTCT 2019) count each grade step at its signed grade where signed.
  crsMaxGrade: Grade,
  crsOnsetDay: z.number().nullable(),
  crsDurationDays: z.number().nullable(),
  icansMaxGrade: Grade,
  icansOnsetDay: z.number().nullable(),
  icansDurationDays: z.number().nullable(),
  tocilizumabDoses: z.number().int(),
  steroidUse: z.boolean(),
  /** Early ICAHT (EHA/EBMT 2023); null: not assessed (no ANC results). */
  icahtGrade: z.number().int().min(0).max(4).nullable(),
  bCellAplasiaDays: z.number().nullable(),
  ivigDoses: z.number().int(),
  infections: z.number().int(),
  licatsMaxGrade: z.number().nullable(),
  // Beside the signed maxima: the computed maximum and the sign-off counts.
  crsMaxGradeComputed: Grade,
  crsOverriddenSteps: z.number().int(),
  crsStepsAwaitingReview: z.number().int(),
  icansMaxGradeComputed: Grade,
  icansOverriddenSteps: z.number().int(),
  icansStepsAwaitingReview: z.number().int(),
});
export type ToxicityReportRow = z.infer<typeof ToxicityReportRow>;

/** Patients at one maximum grade, with their share of the cohort (%). */
export const GradeCount = z.object({ grade: z.number().int(), count: z.number().int(), percent: z.number() });
export type GradeCount = z.infer<typeof GradeCount>;

const SyndromeCounts = z.object({ crs: z.number().int(), icans: z.number().int() });

/** The cohort table of published series: patients per maximum grade, with percentages. */
export const CohortSummary = z.object({
  patients: z.number().int(),
  crs: z.array(GradeCount),
  icans: z.array(GradeCount),
  icaht: z.array(GradeCount),
  icahtNotAssessed: z.object({ count: z.number().int(), percent: z.number() }),
  tocilizumab: z.object({ patients: z.number().int() }),
  steroids: z.object({ patients: z.number().int() }),
  /** How far the signed maxima are from the computed ones, and how much is still unsigned. */
  signOff: z.object({
    crsComputed: z.array(GradeCount),
    icansComputed: z.array(GradeCount),
    patientsWithOverriddenMaximum: SyndromeCounts,
    patientsWithStepsAwaitingReview: SyndromeCounts,
  }),
});
export type CohortSummary = z.infer<typeof CohortSummary>;

/** The per-patient table and its cohort summary in one answer, so both describe the same moment. */
export const ToxicityReport = z.object({ rows: z.array(ToxicityReportRow), summary: CohortSummary });
export type ToxicityReport = z.infer<typeof ToxicityReport>;

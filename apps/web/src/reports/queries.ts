import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/** The CSV of the same table; the API sends it as an attachment (cellwatch-toxicity.csv). */
export const TOXICITY_CSV_PATH = '/api/reports/toxicity';

const ToxicityRow = z.object({
  patientId: z.number(),
  mrn: z.string(),
  diagnosis: z.string(),
  product: z.string(),
  trialId: z.string().nullable(),
  day0: z.string().nullable(),
  crsMaxGrade: z.number(),
  crsOnsetDay: z.number().nullable(),
  crsDurationDays: z.number().nullable(),
  icansMaxGrade: z.number(),
  icansOnsetDay: z.number().nullable(),
  icansDurationDays: z.number().nullable(),
  tocilizumabDoses: z.number(),
  steroidUse: z.boolean(),
  icahtGrade: z.number().nullable(),
  bCellAplasiaDays: z.number().nullable(),
  ivigDoses: z.number(),
  infections: z.number(),
  licatsMaxGrade: z.number().nullable(),
  // The maxima above count each grade step at its signed grade where signed; beside them:
  crsMaxGradeComputed: z.number().optional(),
  crsOverriddenSteps: z.number().optional(),
  crsStepsAwaitingReview: z.number().optional(),
  icansMaxGradeComputed: z.number().optional(),
  icansOverriddenSteps: z.number().optional(),
  icansStepsAwaitingReview: z.number().optional(),
});
export type ToxicityRow = z.infer<typeof ToxicityRow>;

const GradeCount = z.object({ grade: z.number(), count: z.number(), percent: z.number() });
export type GradeCount = z.infer<typeof GradeCount>;

const CohortSummary = z.object({
  patients: z.number(),
  crs: z.array(GradeCount),
  icans: z.array(GradeCount),
  icaht: z.array(GradeCount),
  icahtNotAssessed: z.object({ count: z.number(), percent: z.number() }),
  tocilizumab: z.object({ patients: z.number() }),
  steroids: z.object({ patients: z.number() }),
  signOff: z
    .object({
      patientsWithOverriddenMaximum: z.object({ crs: z.number(), icans: z.number() }),
      patientsWithStepsAwaitingReview: z.object({ crs: z.number(), icans: z.number() }),
    })
    .optional(),
});
export type CohortSummary = z.infer<typeof CohortSummary>;

const ToxicityReport = z.object({ rows: z.array(ToxicityRow), summary: CohortSummary });

/**
 * The per-patient table and its cohort summary in one read (`?format=json`), so both describe
 * the same moment and the API audits one listing.
 */
export const toxicityReportQuery = () =>
  queryOptions({
    queryKey: queryKeys.toxicityReport(),
    queryFn: ({ signal }) =>
      apiRequest(TOXICITY_CSV_PATH, { query: { format: 'json' }, schema: ToxicityReport, signal }),
  });

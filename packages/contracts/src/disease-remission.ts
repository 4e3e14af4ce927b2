import { DISEASE_SCORE_KINDS } from '@cellwatch/clinical';
import { z } from 'zod';
import { SleActivityComponents } from './disease-activity.ts';

/**
 * The remission view in GET /api/patients/:id/follow-up: each instrument's score course and
 * whether the protocol's remission definition holds for the patient's disease, with its basis
 * (packages/clinical disease-remission.ts). Instants the rules compute are epoch milliseconds.
 */
export const DiseaseScoreKindSchema = z.enum(DISEASE_SCORE_KINDS);

export const ScoreCourse = z.object({
  kind: DiseaseScoreKindSchema,
  label: z.string(),
  min: z.number(),
  max: z.number(),
  points: z.array(
    z.object({ id: z.string().nullable(), at: z.number(), day: z.number().nullable(), value: z.number() }),
  ),
});
export type ScoreCourse = z.infer<typeof ScoreCourse>;

export const DiseaseRemission = z.object({
  disease: z.string(),
  definition: z.string().nullable(),
  instruments: z.array(DiseaseScoreKindSchema),
  status: z.enum(['in_remission', 'not_in_remission', 'no_assessment', 'no_definition']),
  holds: z.boolean(),
  assessedAt: z.number().nullable(),
  level: z.string().nullable(),
  basis: z.array(z.string()),
  source: z.string().nullable(),
  settings: z.object({
    sleRequiresDrugFree: z.boolean(),
    myositisRemissionTisAtLeast: z.number(),
    sscEustarLowBelow: z.number(),
    sscMrssFallAtLeastPercent: z.number(),
    mgMseMgAdlMax: z.number(),
    pemphigusOffTherapyMinDays: z.number(),
  }),
  ruleVersion: z.string(),
  courses: z.array(ScoreCourse),
});
export type DiseaseRemission = z.infer<typeof DiseaseRemission>;

/** A charted disease score as the follow-up picture lists it (not entered-in-error). */
export const ChartedDiseaseScore = z.object({
  id: z.number(),
  kind: DiseaseScoreKindSchema,
  assessedAt: z.string(),
  value: z.number(),
  components: SleActivityComponents.nullable(),
  note: z.string().nullable(),
});

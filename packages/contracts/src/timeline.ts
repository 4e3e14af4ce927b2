import { z } from 'zod';

/**
 * One charted series, thinned on the server (packages/clinical downsampling.ts): `total` values
 * in the range, `points` as [epoch ms, value, fact id] (the fact id is null for a value no fact
 * backs).
 */
export const TimelineSeries = z.object({
  total: z.number(),
  points: z.array(z.tuple([z.number(), z.number(), z.string().nullable()]).readonly()),
});
export type TimelineSeries = z.infer<typeof TimelineSeries>;

/** A CRS or ICANS grade step as the chart draws it; `status` is the review status of the step. */
export const TimelineGradeStep = z.object({
  t: z.number(),
  grade: z.number(),
  status: z.enum(['pending', 'confirmed', 'overridden', 'superseded']),
});

/**
 * What GET /api/patients/:id/timeline answers: everything the patient timeline draws on one time
 * axis (epoch ms), for the range asked (ISO instants, null: unbounded) and a point budget.
 */
export const Timeline = z.object({
  patientId: z.number(),
  infusionAt: z.number().nullable(),
  range: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  budget: z.number(),
  vitals: z.object({
    temperatureC: TimelineSeries,
    heartRate: TimelineSeries,
    systolic: TimelineSeries,
    meanArterial: TimelineSeries,
    spo2: TimelineSeries,
  }),
  /** Oxygen support as spans of unchanged device and flow. */
  oxygen: z.array(
    z.object({ from: z.number(), to: z.number(), device: z.string(), flowLpm: z.number().nullable() }),
  ),
  grades: z.object({ crs: z.array(TimelineGradeStep), icans: z.array(TimelineGradeStep) }),
  medications: z.array(
    z.object({
      id: z.number(),
      t: z.number(),
      drug: z.string(),
      category: z.string(),
      /** The store allows an administration without a dose; every one charted through the API has one. */
      dose: z.number().nullable(),
      unit: z.string().nullable(),
    }),
  ),
  vasopressors: z.array(
    z.object({ id: z.number(), drug: z.string(), from: z.number(), to: z.number().nullable() }),
  ),
  labs: z.object({
    crp: TimelineSeries,
    ferritin: TimelineSeries,
    il6: TimelineSeries,
    anc: TimelineSeries,
    platelets: TimelineSeries,
  }),
});
export type Timeline = z.infer<typeof Timeline>;

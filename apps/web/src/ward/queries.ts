import { GradesOfRecord } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export const Severity = z.enum(['critical', 'high', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

const LatestVitals = z.object({
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
  gradedAt: z.string().nullable(),
  /** Signed where signed, with the computed grade beside it; crsGrade/icansGrade are these grades. */
  grades: GradesOfRecord.optional(),
  latestVitals: LatestVitals.nullable(),
  febrile: z.boolean().nullable().optional(),
  openAlerts: z.object({ count: z.number(), highest: Severity.nullable() }),
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

const WardResponse = z.object({ now: z.string(), patients: z.array(WardPatient) });

/** The ward board, already sorted by acuity by the API. Its key is the ward's, so live events invalidate it. */
export const wardQuery = () =>
  queryOptions({
    queryKey: queryKeys.ward(),
    queryFn: ({ signal }) => apiRequest('/api/ward', { schema: WardResponse, signal }),
    refetchInterval: 60_000,
  });

import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

const ProphylaxisKindState = z.object({
  kind: z.string(),
  label: z.string(),
  expected: z.boolean(),
  status: z.string(),
  reason: z.string(),
  earliestStopAt: z.number().nullable(),
  stopRule: z.object({ met: z.boolean(), reasons: z.array(z.string()) }).nullable(),
});
const ProphylaxisView = z.object({
  ruleVersion: z.string(),
  prophylaxis: z.object({
    kinds: z.array(ProphylaxisKindState),
    hbvScreening: z.object({ status: z.string(), reason: z.string() }),
    cmvMonitoring: z.object({ indicated: z.boolean(), reason: z.string() }),
    source: z.string(),
  }),
  records: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      drug: z.string(),
      startedAt: z.string(),
      plannedStopAt: z.string().nullable(),
      stop: z.object({ id: z.number(), stoppedAt: z.string() }).nullable(),
    }),
  ),
});
export type ProphylaxisView = z.infer<typeof ProphylaxisView>;

const VaccinesView = z.object({
  ruleVersion: z.string(),
  vaccines: z.object({
    groups: z.array(
      z.object({
        group: z.string(),
        label: z.string(),
        status: z.string(),
        dueFrom: z.number().nullable(),
        blockedBy: z.array(z.object({ block: z.string(), until: z.number().nullable(), reason: z.string() })),
        reason: z.string(),
      }),
    ),
    source: z.string(),
  }),
  doses: z.array(
    z.object({
      id: z.number(),
      group: z.string(),
      vaccine: z.string(),
      givenAt: z.string(),
      lot: z.string().nullable(),
    }),
  ),
});
export type VaccinesView = z.infer<typeof VaccinesView>;

export const prophylaxisQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.prophylaxis(patientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${patientId}/prophylaxis`, { schema: ProphylaxisView, signal }),
  });

export const vaccinesQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.vaccines(patientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${patientId}/vaccines`, { schema: VaccinesView, signal }),
  });

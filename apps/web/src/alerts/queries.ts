import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export const Severity = z.enum(['info', 'warning', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const AlertItem = z.object({
  id: z.number(),
  patientId: z.number(),
  patient: z.object({ id: z.number(), mrn: z.string(), name: z.string() }),
  rule: z.string(),
  severity: Severity,
  message: z.string(),
  factIds: z.array(z.string()),
  raisedAt: z.string(),
  lastFiredAt: z.string(),
  fireCount: z.number(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  acknowledgedBy: z.number().nullable().optional(),
  acknowledgedAt: z.string().nullable(),
  acknowledgeNote: z.string().nullable(),
  resolvedBy: z.number().nullable().optional(),
  resolvedAt: z.string().nullable(),
  resolveNote: z.string().nullable(),
});
export type AlertItem = z.infer<typeof AlertItem>;

const AlertList = z.object({ alerts: z.array(AlertItem) });

export type AlertStatusFilter = 'unresolved' | 'acknowledged' | 'resolved' | 'all';

export const alertsQuery = (status: AlertStatusFilter, severity: Severity | '') =>
  queryOptions({
    queryKey: queryKeys.alertList({ status, severity }),
    queryFn: ({ signal }) =>
      apiRequest('/api/alerts', { query: { status, severity }, schema: AlertList, signal }),
  });

export const acknowledgeAlert = (id: number, note: string) =>
  apiRequest(`/api/alerts/${id}/acknowledge`, {
    method: 'POST',
    body: note.trim() ? { note: note.trim() } : {},
  });

export const resolveAlert = (id: number, note: string) =>
  apiRequest(`/api/alerts/${id}/resolve`, { method: 'POST', body: { note: note.trim() } });

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  warning: 'Warning',
  info: 'Info',
};

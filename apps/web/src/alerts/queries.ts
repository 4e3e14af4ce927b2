import type { AcknowledgeAlertRequest, ResolveAlertRequest } from '@cellwatch/contracts';
import { AlertList, type AlertListItem, type AlertSeverity } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/** Alert severities and the alert list's items, as the contracts describe them. */
export type Severity = AlertSeverity;
export type AlertItem = AlertListItem;

export type AlertStatusFilter = 'unresolved' | 'acknowledged' | 'resolved' | 'all';

export const alertsQuery = (status: AlertStatusFilter, severity: Severity | '') =>
  queryOptions({
    queryKey: queryKeys.alertList({ status, severity }),
    queryFn: ({ signal }) =>
      apiRequest('/api/alerts', { query: { status, severity }, schema: AlertList, signal }),
  });

/** The note an alert is acknowledged (optional) or resolved (required) with, as its contract checks it. */
export type AlertNoteRequest = z.input<typeof AcknowledgeAlertRequest> | z.input<typeof ResolveAlertRequest>;

/** POST /api/alerts/:id/acknowledge or /resolve with the checked body. */
export const saveAlertNote = (id: number, kind: 'acknowledge' | 'resolve', body: AlertNoteRequest) =>
  apiRequest(`/api/alerts/${id}/${kind}`, { method: 'POST', body });

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  warning: 'Warning',
  info: 'Info',
};

import { AlertList, type AlertListItem, type AlertSeverity } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
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

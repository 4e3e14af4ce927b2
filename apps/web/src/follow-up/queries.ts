import {
  CalendarFeedResponse,
  FollowUpPicture,
  NewCalendarFeedResponse,
  PatientResponse,
  WorklistResponse,
} from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export const worklistQuery = (horizonDays: number) =>
  queryOptions({
    queryKey: queryKeys.worklist(horizonDays),
    queryFn: ({ signal }) =>
      apiRequest('/api/worklist', { query: { horizonDays }, schema: WorklistResponse, signal }),
  });

export const calendarFeedQuery = () =>
  queryOptions({
    queryKey: queryKeys.calendarFeed(),
    queryFn: ({ signal }) => apiRequest('/api/calendar-feed', { schema: CalendarFeedResponse, signal }),
  });
/** Creates or rotates the signed-in user's feed: the URL is in this answer only. */
export const createCalendarFeed = () =>
  apiRequest('/api/calendar-feed', { method: 'POST', body: {}, schema: NewCalendarFeedResponse });
export const revokeCalendarFeed = () => apiRequest('/api/calendar-feed/revoke', { method: 'POST', body: {} });

export const followUpQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.followUp(patientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${patientId}/follow-up`, { schema: FollowUpPicture, signal }),
  });

export const followUpPatientQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.followUpPatient(patientId),
    queryFn: ({ signal }) => apiRequest(`/api/patients/${patientId}`, { schema: PatientResponse, signal }),
  });

export const postFollowUp = (patientId: number, path: string, body: unknown) =>
  apiRequest(`/api/patients/${patientId}/${path}`, { method: 'POST', body });

/** A datetime-local value ("2026-11-25T14:03") as an ISO instant; "" when empty or invalid. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Now as a datetime-local value in the device's zone. */
export function nowLocalInput(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

import type { QueryKey } from '@tanstack/react-query';

/**
 * Every cache key of the dashboard, in one place: the queries take their keys from here, and so do
 * the writes and the live events that make them stale. Keys are arrays so that a prefix covers
 * everything beneath it (TanStack Query matches by prefix): `queryKeys.patient(7)` covers the
 * patient, its vitals, timeline, toxicity…
 */
export const queryKeys = {
  /** Who is signed in; kept when one user's data is forgotten for the next. */
  auth: () => ['auth'] as const,
  me: () => ['auth', 'me'] as const,

  ward: () => ['ward'] as const,

  patientList: () => ['patients', 'list'] as const,
  /** One patient and, as a prefix, everything charted for them. */
  patient: (patientId: number) => ['patients', patientId] as const,
  toxicity: (patientId: number) => ['patients', patientId, 'toxicity'] as const,
  timeline: (patientId: number, range?: { from: string; to: string }) =>
    ['patients', patientId, 'timeline', range ?? 'all'] as const,
  vitals: (patientId: number) => ['patients', patientId, 'vitals'] as const,
  neuroAssessments: (patientId: number) => ['patients', patientId, 'neuro-assessments'] as const,
  medications: (patientId: number) => ['patients', patientId, 'medications'] as const,
  vasopressors: (patientId: number) => ['patients', patientId, 'vasopressors'] as const,
  labs: (patientId: number) => ['patients', patientId, 'labs'] as const,
  infusions: (patientId: number) => ['patients', patientId, 'infusions'] as const,
  tocilizumabCheck: (patientId: number, dose: number | undefined, at: string | null) =>
    ['patients', patientId, 'tocilizumab-check', { dose, at }] as const,

  /** All alert lists, as a prefix. */
  alerts: () => ['alerts'] as const,
  alertList: (filters: { status?: string; severity?: string; patientId?: number }) =>
    ['alerts', filters] as const,

  /** All review queues, as a prefix. */
  reviews: () => ['reviews'] as const,
  reviewQueue: (status: string) => ['reviews', { status }] as const,

  /** Every patient's follow-up picture, as a prefix. */
  followUps: () => ['follow-up'] as const,
  followUp: (patientId: number) => ['follow-up', patientId] as const,
  followUpPatient: (patientId: number) => ['follow-up', patientId, 'patient'] as const,
  /** Under the follow-up prefix, so every follow-up write refreshes them too. */
  prophylaxis: (patientId: number) => ['follow-up', patientId, 'prophylaxis'] as const,
  vaccines: (patientId: number) => ['follow-up', patientId, 'vaccines'] as const,
  malignancies: (patientId: number) => ['follow-up', patientId, 'malignancies'] as const,

  /** The worklist over any horizon, as a prefix. */
  worklists: () => ['worklist'] as const,
  worklist: (horizonDays: number) => ['worklist', { horizonDays }] as const,
  calendarFeed: () => ['calendar-feed'] as const,

  users: () => ['users'] as const,
  /** The audit trail, as a prefix. */
  audit: () => ['audit'] as const,
  auditEntries: (filters: unknown) => ['audit', 'entries', filters] as const,

  /** The trial reports, as a prefix. */
  reports: () => ['reports'] as const,
  toxicityReport: () => ['reports', 'toxicity'] as const,
};

/** Whether a cached query is the sign-in state, which outlives one user's data. */
export const isSignInQuery = (key: QueryKey): boolean => key[0] === queryKeys.auth()[0];

import type { QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys.ts';

export const LIVE_EVENT_TYPES = [
  'fact_charted',
  'fact_corrected',
  'patient_changed',
  'grade_changed',
  'alert_raised',
  'alert_updated',
  'review_signed',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

export interface LiveEvent {
  id?: number;
  at?: string;
  type: LiveEventType;
  patientId: number | null;
  data: Record<string, unknown>;
}

/**
 * Which cached queries an event makes stale, as key prefixes (TanStack Query matches by prefix,
 * so the patient's key covers the patient, its vitals, timeline, toxicity…).
 */
export function keysToInvalidate(event: LiveEvent): QueryKey[] {
  const keys: QueryKey[] = [queryKeys.ward()];
  const pid = event.patientId;
  if (pid !== null) keys.push(queryKeys.patient(pid));
  const followUp = pid !== null ? queryKeys.followUp(pid) : queryKeys.followUps();
  switch (event.type) {
    case 'patient_changed':
      keys.push(queryKeys.patientList(), queryKeys.worklists(), queryKeys.followUps());
      break;
    case 'fact_charted':
    case 'fact_corrected':
      // A fact can change a computed grade (review queue) and the follow-up engine's inputs.
      keys.push(queryKeys.reviews(), queryKeys.alerts(), queryKeys.worklists(), followUp);
      break;
    case 'grade_changed':
      keys.push(queryKeys.reviews());
      break;
    case 'review_signed':
      // A signature changes the grade of record everywhere, trial report maxima included.
      keys.push(queryKeys.reviews(), queryKeys.reports());
      break;
    case 'alert_raised':
    case 'alert_updated':
      keys.push(queryKeys.alerts(), followUp);
      break;
  }
  return keys;
}

/** Seconds to wait before the n-th reconnection attempt (0-based): 1, 2, 4, 8, 16, 30, 30… with jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

import type { QueryKey } from '@tanstack/react-query';

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
 * so ['patients', 7] covers the patient, its vitals, timeline, toxicity…).
 */
export function keysToInvalidate(event: LiveEvent): QueryKey[] {
  const keys: QueryKey[] = [['ward']];
  const pid = event.patientId;
  if (pid !== null) keys.push(['patients', pid]);
  switch (event.type) {
    case 'patient_changed':
      keys.push(['patients', 'list'], ['worklist'], ['follow-up']);
      break;
    case 'fact_charted':
    case 'fact_corrected':
      // A fact can change a computed grade (review queue) and the follow-up engine's inputs.
      keys.push(['reviews'], ['alerts'], ['worklist'], pid !== null ? ['follow-up', pid] : ['follow-up']);
      break;
    case 'grade_changed':
      keys.push(['reviews']);
      break;
    case 'review_signed':
      // A signature changes the grade of record everywhere, trial report maxima included.
      keys.push(['reviews'], ['reports']);
      break;
    case 'alert_raised':
    case 'alert_updated':
      keys.push(['alerts'], pid !== null ? ['follow-up', pid] : ['follow-up']);
      break;
  }
  return keys;
}

/** Seconds to wait before the n-th reconnection attempt (0-based): 1, 2, 4, 8, 16, 30, 30… with jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

import type { ConfirmGradeRequest, OverrideGradeRequest } from '@cellwatch/contracts';
import { ReviewQueue, SignedReview } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export type ReviewStatus = 'pending' | 'confirmed' | 'overridden' | 'superseded' | 'all';

export const reviewsQuery = (status: ReviewStatus) =>
  queryOptions({
    queryKey: queryKeys.reviewQueue(status),
    queryFn: ({ signal }) => apiRequest('/api/reviews', { query: { status }, schema: ReviewQueue, signal }),
  });

/** What a signature sends: the confirm or the override request, as its contract checks it. */
export type SigningRequest = z.input<typeof ConfirmGradeRequest> | z.input<typeof OverrideGradeRequest>;

/**
 * Signs a grade change (POST /api/reviews/:id/confirm or /override) with the checked body: the
 * password entered again, the one-time code when the unit asks for one, and for an override the
 * signed grade and its reason.
 */
export const signReview = (id: number, mode: 'confirm' | 'override', body: SigningRequest) =>
  apiRequest(`/api/reviews/${id}/${mode}`, { method: 'POST', body, schema: SignedReview });

export const SYNDROME_LABEL = { crs: 'CRS', icans: 'ICANS' } as const;

export function dayText(day: number | null): string {
  if (day === null) return '';
  if (day === 0) return 'Day 0';
  return day > 0 ? `Day +${day}` : `Day \u2212${-day}`;
}

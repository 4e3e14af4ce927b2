import { ReviewQueue, SignedReview } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export type ReviewStatus = 'pending' | 'confirmed' | 'overridden' | 'superseded' | 'all';

export const reviewsQuery = (status: ReviewStatus) =>
  queryOptions({
    queryKey: queryKeys.reviewQueue(status),
    queryFn: ({ signal }) => apiRequest('/api/reviews', { query: { status }, schema: ReviewQueue, signal }),
  });

/** `code`: the one-time password, when the unit requires one for signing. */
export const confirmReview = (id: number, password: string, code?: string) =>
  apiRequest(`/api/reviews/${id}/confirm`, {
    method: 'POST',
    body: { password, ...(code ? { code } : {}) },
    schema: SignedReview,
  });

export const overrideReview = (id: number, password: string, grade: number, reason: string, code?: string) =>
  apiRequest(`/api/reviews/${id}/override`, {
    method: 'POST',
    body: { password, grade, reason: reason.trim(), ...(code ? { code } : {}) },
    schema: SignedReview,
  });

export const SYNDROME_LABEL = { crs: 'CRS', icans: 'ICANS' } as const;

export function dayText(day: number | null): string {
  if (day === null) return '';
  if (day === 0) return 'Day 0';
  return day > 0 ? `Day +${day}` : `Day \u2212${-day}`;
}

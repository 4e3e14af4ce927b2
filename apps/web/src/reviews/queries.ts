import { FactInWords } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

const Missing = z.union([
  z.object({
    item: z.string().optional(),
    status: z.string().optional(),
    lastAt: z.string().nullable().optional(),
    message: z.string().optional(),
  }),
  z.string(),
  z.unknown(),
]);

export const Signature = z.object({
  decision: z.string(),
  computedGrade: z.number().nullable().optional(),
  signedGrade: z.number().nullable().optional(),
  reason: z.string().nullable().optional(),
  meaning: z.string(),
  signer: z.object({ printedName: z.string() }),
  signedAt: z.string(),
  invalidatedAt: z.string().nullable().optional(),
});

export const Review = z.object({
  id: z.number(),
  patient: z.object({ id: z.number(), mrn: z.string(), name: z.string() }).nullable(),
  syndrome: z.enum(['crs', 'icans']),
  at: z.string(),
  day: z.number().nullable(),
  fromGrade: z.number().nullable(),
  toGrade: z.number(),
  reasons: z.array(z.string()),
  factIds: z.array(z.string()),
  /** The facts used, in words (time, values, who charted them). */
  facts: z.array(FactInWords).optional(),
  missing: z.array(Missing),
  ruleVersion: z.string(),
  status: z.string(),
  returnedReason: z.string().nullable(),
  signatures: z.array(Signature),
});
export type Review = z.infer<typeof Review>;

const ReviewList = z.object({ reviews: z.array(Review) });

export type ReviewStatus = 'pending' | 'confirmed' | 'overridden' | 'superseded' | 'all';

export const reviewsQuery = (status: ReviewStatus) =>
  queryOptions({
    queryKey: queryKeys.reviewQueue(status),
    queryFn: ({ signal }) => apiRequest('/api/reviews', { query: { status }, schema: ReviewList, signal }),
  });

/** `code`: the one-time password, when the unit requires one for signing. */
export const confirmReview = (id: number, password: string, code?: string) =>
  apiRequest(`/api/reviews/${id}/confirm`, { method: 'POST', body: { password, ...(code ? { code } : {}) } });

export const overrideReview = (id: number, password: string, grade: number, reason: string, code?: string) =>
  apiRequest(`/api/reviews/${id}/override`, {
    method: 'POST',
    body: { password, grade, reason: reason.trim(), ...(code ? { code } : {}) },
  });

export const SYNDROME_LABEL = { crs: 'CRS', icans: 'ICANS' } as const;

export function dayText(day: number | null): string {
  if (day === null) return '';
  if (day === 0) return 'Day 0';
  return day > 0 ? `Day +${day}` : `Day \u2212${-day}`;
}

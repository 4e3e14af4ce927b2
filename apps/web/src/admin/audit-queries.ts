import { AuditListResponse, AuditVerifyResponse } from '@cellwatch/contracts';
import { infiniteQueryOptions, useMutation } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export interface AuditFilters {
  entity?: string;
  userId?: number;
  patientId?: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit trail, newest first, a page at a time (`beforeSeq` = the oldest row shown so far). */
export const auditTrailQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: queryKeys.auditEntries(filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest('/api/audit', {
        query: { ...filters, beforeSeq: pageParam, limit: AUDIT_PAGE_SIZE },
        schema: AuditListResponse,
        signal,
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) =>
      last.entries.length === AUDIT_PAGE_SIZE ? last.entries[last.entries.length - 1]?.seq : undefined,
  });

/** Recomputes the hash chain on the server; an action, so its answer is kept with the time it was asked. */
export function useVerifyAuditChain() {
  return useMutation({
    mutationFn: async () => {
      const result = await apiRequest('/api/audit/verify', { schema: AuditVerifyResponse });
      return { ...result, checkedAt: new Date() };
    },
  });
}

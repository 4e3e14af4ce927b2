import { type LoginRequest, LoginResponse, MeResponse } from '@cellwatch/contracts';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from '../api/client.ts';
import { isSignInQuery, queryKeys } from '../api/query-keys.ts';

/** Who is signed in: the session's user, or `null` when nobody is (the API answers 401). */
export const meQuery = () =>
  queryOptions({
    queryKey: queryKeys.me(),
    queryFn: async ({ signal }): Promise<MeResponse | null> => {
      try {
        return await apiRequest('/api/auth/me', { schema: MeResponse, signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    // Re-checked when the tablet wakes or the tab regains focus, so an expired session shows at once.
    staleTime: 60_000,
    retry: false,
  });

/**
 * Forgets everything fetched for the previous user: on a shared bedside tablet the next person
 * must never see the last one's data, even for a moment.
 */
export function forgetUserData(queryClient: QueryClient): void {
  queryClient.cancelQueries({ predicate: (q) => !isSignInQuery(q.queryKey) });
  queryClient.removeQueries({ predicate: (q) => !isSignInQuery(q.queryKey) });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) =>
      apiRequest('/api/auth/login', { method: 'POST', body: credentials, schema: LoginResponse }),
    // The sign-in answers "who am I" for the new session: it becomes the me query's data.
    onSuccess: (me) => {
      forgetUserData(queryClient);
      queryClient.setQueryData(queryKeys.me(), me);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest('/api/auth/logout', { method: 'POST', body: {} }),
    onSuccess: () => {
      queryClient.setQueryData(queryKeys.me(), null);
      forgetUserData(queryClient);
    },
  });
}

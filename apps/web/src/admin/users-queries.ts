import { type CreateUserRequest, UserListResponse, UserResponse } from '@cellwatch/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export const usersQuery = () =>
  queryOptions({
    queryKey: queryKeys.users(),
    queryFn: ({ signal }) => apiRequest('/api/users', { schema: UserListResponse, signal }),
  });

/** Every user change writes an audit row, so the audit trail is refreshed too. */
function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.users() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
    ]);
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (request: CreateUserRequest) =>
      apiRequest('/api/users', { method: 'POST', body: request, schema: UserResponse }),
    onSuccess: invalidate,
  });
}

export function useSetUserActive() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) =>
      apiRequest(`/api/users/${id}/${active ? 'reactivate' : 'deactivate'}`, {
        method: 'POST',
        body: {},
        schema: UserResponse,
      }),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      apiRequest(`/api/users/${id}/password`, { method: 'POST', body: { password } }),
    onSuccess: invalidate,
  });
}

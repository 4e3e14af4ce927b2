import {
  type ChangePasswordRequest,
  type ConfirmEnrolmentRequest,
  ConfirmEnrolmentResponse,
  type StartEnrolmentRequest,
  StartEnrolmentResponse,
} from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/** Changing one's own password; afterwards "who am I" is asked again (the required action may be done). */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => apiRequest('/api/auth/password', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
  });
}

export function useStartEnrolment() {
  return useMutation({
    mutationFn: (body: StartEnrolmentRequest) =>
      apiRequest('/api/auth/second-factor/enrol', {
        method: 'POST',
        body,
        schema: StartEnrolmentResponse,
      }),
  });
}

export function useConfirmEnrolment() {
  return useMutation({
    mutationFn: (body: ConfirmEnrolmentRequest) =>
      apiRequest('/api/auth/second-factor/confirm', {
        method: 'POST',
        body,
        schema: ConfirmEnrolmentResponse,
      }),
  });
}

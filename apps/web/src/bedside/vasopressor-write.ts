import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/** One write to a patient's vasopressor infusions: start, new dose, stop or entered in error. */
export function useVasopressorWrite(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      apiRequest(`/api/patients/${patientId}/vasopressors${path}`, { body }),
    onSuccess: () => {
      // The live events do the same for every screen; this one need not wait for them.
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
    },
  });
}

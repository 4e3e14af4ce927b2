import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/**
 * One write to a patient's vasopressor infusions: start, new dose, stop or entered in error, its
 * answer parsed with that write's response contract (packages/contracts charting-responses.ts).
 */
export function useVasopressorWrite<T>(patientId: number, answer: z.ZodType<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      apiRequest(`/api/patients/${patientId}/vasopressors${path}`, { body, schema: answer }),
    onSuccess: () => {
      // The live events do the same for every screen; this one need not wait for them.
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
    },
  });
}

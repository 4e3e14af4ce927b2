import { useMutation, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { postFollowUp } from './queries.ts';

/** A coordinator's follow-up write (POST …/<path>); the picture and the worklist refresh after it. */
export function useFollowUpWrite(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) => postFollowUp(patientId, path, body),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: queryKeys.followUp(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.worklists() });
    },
  });
}

/** Why a follow-up write was refused, as an alert beside its form. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="notice notice--error" role="alert">
      <span className="notice__icon" aria-hidden="true">
        ✕
      </span>
      {describeError(error)}
    </p>
  );
}

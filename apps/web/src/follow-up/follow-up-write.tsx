import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { DefaultValues, FieldValues, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useRequestForm } from '../forms/request-form.ts';
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

/**
 * A follow-up form on react-hook-form: the contract's request schema checks the body before it
 * is sent, and the write to `path` is the mutation that gives the pending and error states.
 * `onSaved` decides what the form keeps for the next entry (`useFollowUpEntryForm` in
 * follow-up-form.tsx empties it, with its labelled inputs and choices).
 */
export function useFollowUpForm<TForm extends FieldValues, S extends z.ZodType>({
  patientId,
  path,
  schema,
  toRequest,
  defaultValues,
  onSaved,
}: {
  patientId: number;
  path: string;
  schema: S;
  toRequest: (values: TForm) => z.input<S>;
  defaultValues: DefaultValues<TForm>;
  /** After a save, with the form (to clear what does not stay for the next entry). */
  onSaved?: (form: UseFormReturn<TForm, unknown, z.input<S>>) => void;
}) {
  const write = useFollowUpWrite(patientId);
  const request = useRequestForm({
    schema,
    toRequest,
    defaultValues,
    mutation: write,
    send: (body) => write.mutate({ path, body }, { onSuccess: () => onSaved?.(request.form) }),
  });
  return { ...request, pending: write.isPending };
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

/** The save and close buttons under an inline follow-up form, with why the last save was refused. */
export function InlineFormActions({
  error,
  pending,
  submit,
  close,
  danger = false,
}: {
  error: unknown;
  pending: boolean;
  submit: ReactNode;
  close: { label: string; onClick: () => void };
  danger?: boolean;
}) {
  return (
    <>
      <FormError error={error} />
      <div className="form__actions">
        <button
          type="submit"
          className={`button ${danger ? 'button--danger' : 'button--primary'}`}
          disabled={pending}
        >
          {submit}
        </button>
        <button type="button" className="button button--quiet" onClick={close.onClick}>
          {close.label}
        </button>
      </div>
    </>
  );
}

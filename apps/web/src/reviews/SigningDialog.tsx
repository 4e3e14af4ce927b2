import { ConfirmGradeRequest, type GradeReview, OverrideGradeRequest } from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { z } from 'zod';
import { ApiError, describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { type SigningRequest, SYNDROME_LABEL, signReview } from './queries.ts';
import {
  firstRefused,
  type SigningEntry,
  type SigningField,
  type SigningMode,
  signingRequest,
} from './signing-request.ts';

function signingError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'signature_refused')
      return 'The password is not correct: nothing was signed. Enter it again.';
    if (error.code === 'second_factor_required')
      return 'Your unit signs with a one-time code too: enter the code from your authenticator app.';
    if (error.code === 'password_not_owner_chosen' || error.code === 'second_factor_enrolment_required')
      return error.message;
    if (error.status === 409) return `This change can no longer be signed: ${error.message}`;
    if (error.status === 429) return 'Too many wrong passwords. Wait a few minutes, then try again.';
  }
  return describeError(error);
}

/**
 * The electronic signature: a modal <dialog> (the browser traps focus and makes the page behind
 * inert), the password typed again, and the meaning of the signature spelled out before signing.
 * The contract's request schema checks the entries first: nothing is sent while a field is refused.
 */
export function SigningDialog({
  review,
  mode,
  onClose,
}: {
  review: GradeReview;
  mode: SigningMode;
  onClose: (signed: boolean) => void;
}) {
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [askCode, setAskCode] = useState(false);
  const id = useId();
  const syndrome = SYNDROME_LABEL[review.syndrome];

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const mutation = useMutation({
    mutationFn: (body: SigningRequest) => signReview(review.id, mode, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.reviews() });
      if (review.patient) queryClient.invalidateQueries({ queryKey: queryKeys.patient(review.patient.id) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      onClose(true);
    },
    onError: (err) => {
      if (
        err instanceof ApiError &&
        (err.code === 'second_factor_required' || err.code === 'invalid_second_factor')
      )
        setAskCode(true);
      form.setValue('password', '');
      form.setValue('code', '');
      form.setFocus('password');
    },
  });
  const schema: z.ZodType<unknown, SigningRequest> =
    mode === 'confirm' ? ConfirmGradeRequest : OverrideGradeRequest;
  const { form, onSubmit, error } = useRequestForm({
    schema,
    defaultValues: { grade: '', reason: '', password: '', code: '' },
    toRequest: (values: SigningEntry) => signingRequest(mode, askCode, values),
    mutation,
    send: (body) => mutation.mutate(body),
  });

  const grade = form.watch('grade');
  const meaning =
    mode === 'confirm'
      ? `confirmed ${syndrome} grade ${review.toGrade}`
      : grade === ''
        ? `overrode computed ${syndrome} grade ${review.toGrade} with grade …`
        : `overrode computed ${syndrome} grade ${review.toGrade} with grade ${grade}`;

  const refused = firstRefused(form.formState.errors);
  const message = refused ? refused.text : error ? signingError(error) : null;
  // The field the message is about: the refused one, else the password the server did not accept.
  const serverField =
    error instanceof ApiError && error.fields.some((f) => f.path === 'code') ? 'code' : 'password';
  const invalidField: SigningField | null = refused ? refused.field : error ? serverField : null;
  const invalid = (field: SigningField) =>
    invalidField === field ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

  return (
    <dialog
      ref={dialogRef}
      className="signing"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-meaning`}
      onCancel={(e) => {
        e.preventDefault();
        if (!mutation.isPending) onClose(false);
      }}
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`}>
          {mode === 'confirm' ? 'Confirm' : 'Override'} {syndrome} grade — {review.patient?.name ?? 'patient'}
        </h2>
        <div className="signing__meaning" id={`${id}-meaning`}>
          <p className="muted small">You are signing, as {user.displayName}:</p>
          <p className="signing__statement">“{meaning}”</p>
          <p className="muted small">
            Computed {syndrome} grade {review.toGrade}
            {review.fromGrade !== null && ` (was ${review.fromGrade})`}, rule version {review.ruleVersion}.
          </p>
        </div>
        {mode === 'override' && (
          <>
            <div className="field">
              <label htmlFor={`${id}-grade`}>Signed {syndrome} grade (0–5)</label>
              <select id={`${id}-grade`} {...form.register('grade')} required {...invalid('grade')}>
                <option value="">Choose a grade</option>
                {[0, 1, 2, 3, 4, 5].map((g) => (
                  <option key={g} value={g} disabled={g === review.toGrade}>
                    Grade {g}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-reason`}>Reason for the override</label>
              <textarea
                id={`${id}-reason`}
                rows={3}
                maxLength={1000}
                {...form.register('reason')}
                required
                {...invalid('reason')}
              />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={`${id}-password`}>Your password (to sign)</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            {...form.register('password')}
            required
            {...invalid('password')}
            autoFocus
          />
        </div>
        {askCode && (
          <div className="field">
            <label htmlFor={`${id}-code`}>Code from your authenticator app</label>
            <input
              id={`${id}-code`}
              inputMode="numeric"
              autoComplete="one-time-code"
              {...form.register('code')}
              required
              {...invalid('code')}
            />
          </div>
        )}
        {message && (
          <p className="notice notice--error" role="alert" id={`${id}-error`}>
            <span className="notice__icon" aria-hidden="true">
              ✕
            </span>
            {message}
          </p>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Signing…' : 'Sign'}
          </button>
          <button
            type="button"
            className="button button--quiet"
            disabled={mutation.isPending}
            onClick={() => onClose(false)}
          >
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

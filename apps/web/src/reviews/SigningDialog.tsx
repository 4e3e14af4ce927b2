import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { confirmReview, overrideReview, type Review, SYNDROME_LABEL } from './queries.ts';

export type SigningMode = 'confirm' | 'override';

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
 */
export function SigningDialog({
  review,
  mode,
  onClose,
}: {
  review: Review;
  mode: SigningMode;
  onClose: (signed: boolean) => void;
}) {
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [grade, setGrade] = useState<string>('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const id = useId();
  const syndrome = SYNDROME_LABEL[review.syndrome];

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const mutation = useMutation({
    mutationFn: () =>
      mode === 'confirm'
        ? confirmReview(review.id, password, askCode ? code.trim() : undefined)
        : overrideReview(review.id, password, Number(grade), reason, askCode ? code.trim() : undefined),
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
      setPassword('');
      setCode('');
      passwordRef.current?.focus();
    },
  });

  const meaning =
    mode === 'confirm'
      ? `confirmed ${syndrome} grade ${review.toGrade}`
      : grade === ''
        ? `overrode computed ${syndrome} grade ${review.toGrade} with grade …`
        : `overrode computed ${syndrome} grade ${review.toGrade} with grade ${grade}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    if (mode === 'override') {
      if (grade === '') return setInvalid('Choose the grade you are signing (0 to 5).');
      if (reason.trim().length < 5)
        return setInvalid('Give the reason for the override (at least 5 characters).');
    }
    if (!password) return setInvalid('Enter your password to sign.');
    setInvalid(null);
    mutation.mutate();
  };

  const error = invalid ?? (mutation.isError ? signingError(mutation.error) : null);

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
      <form className="form" onSubmit={submit} noValidate>
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
              <select id={`${id}-grade`} value={grade} onChange={(e) => setGrade(e.target.value)} required>
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
                value={reason}
                maxLength={1000}
                onChange={(e) => setReason(e.target.value)}
                required
              />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={`${id}-password`}>Your password (to sign)</label>
          <input
            id={`${id}-password`}
            ref={passwordRef}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
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
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
            />
          </div>
        )}
        {error && (
          <p className="notice notice--error" role="alert" id={`${id}-error`}>
            <span className="notice__icon" aria-hidden="true">
              ✕
            </span>
            {error}
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

import { ResetPasswordRequest, type UserSummary } from '@cellwatch/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { TextField } from '../ui/TextField.tsx';
import { useResetPassword } from './users-queries.ts';

/** An administrator's reset of a user's password: it works once, and ends their sessions. */
export function ResetPasswordForm({
  user,
  onDone,
}: {
  user: UserSummary;
  onDone: (message: string) => void;
}) {
  const reset = useResetPassword();
  const [tooShort, setTooShort] = useState(false);
  const {
    form,
    onSubmit,
    error: refused,
  } = useRequestForm({
    schema: ResetPasswordRequest,
    defaultValues: { password: '' },
    mutation: reset,
    send: ({ password }) =>
      reset.mutate(
        { id: user.id, password },
        {
          onSuccess: () =>
            onDone(
              `New password set for ${user.displayName}; their sessions were ended. It works once: they choose their own at next sign-in, and are told you reset it.`,
            ),
        },
      ),
    toRequest: (values: { password: string }) => values,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Checked here first, in the admin's words; the contract then checks it as the API will.
    const short = form.getValues('password').length < 12;
    setTooShort(short);
    if (!short) onSubmit(event);
  };
  const refusal = refused instanceof ApiError ? refused.fieldMessage('password') : undefined;
  const error = tooShort
    ? 'At least 12 characters.'
    : refused
      ? (refusal ?? describeError(refused))
      : undefined;

  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <TextField
        label={`New password for ${user.displayName}`}
        hint="At least 12 characters. Signs them out everywhere."
        type="password"
        autoComplete="new-password"
        // Opened by the admin's own click: the field is the next step.
        autoFocus
        {...form.register('password')}
        error={error}
      />
      <div className="form__actions">
        <button className="button button--primary" type="submit" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set password'}
        </button>
        <button className="button" type="button" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

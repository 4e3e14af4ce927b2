import { ChangePasswordRequest } from '@cellwatch/contracts';
import { useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { fieldError } from '../bedside/shared.tsx';
import { refusedAs, useRequestForm } from '../forms/request-form.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
import { TextField } from '../ui/TextField.tsx';
import { useChangePassword } from './queries.ts';

function changeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'password_incorrect') return 'The current password is not correct.';
    if (error.status === 429) return 'Too many wrong passwords. Wait a few minutes, then try again.';
    const field = error.fieldMessage('newPassword');
    if (field) return `New password: ${field}.`;
  }
  return describeError(error);
}

type PasswordEntry = { current: string; next: string; again: string };
const NO_PASSWORDS: PasswordEntry = { current: '', next: '', again: '' };
const NOT_THE_SAME = 'The two new passwords are not the same.';

/** Choose one's own password: the current one, then the new one twice. */
export function ChangePasswordForm({
  currentLabel = 'Current password',
  onDone,
}: {
  currentLabel?: string;
  onDone?: () => void;
}) {
  const change = useChangePassword();
  const [done, setDone] = useState(false);
  const { form, onSubmit, error } = useRequestForm({
    schema: ChangePasswordRequest,
    defaultValues: NO_PASSWORDS,
    mutation: change,
    toRequest: (values: PasswordEntry) => ({ currentPassword: values.current, newPassword: values.next }),
    send: (body) => {
      // The contract checks the body; that the new one was typed the same twice is the form's own check.
      if (form.getValues('again') !== body.newPassword) {
        change.reset();
        form.setError('again', { type: 'not_the_same', message: NOT_THE_SAME });
        return;
      }
      change.mutate(body, {
        onSuccess: () => {
          setDone(true);
          form.reset(NO_PASSWORDS);
          onDone?.();
        },
        // A wrong current password is typed again; the new one stays.
        onError: () => form.setValue('current', ''),
      });
    },
  });

  /** Why each field was refused, in the person's words: by the form's own check, or the server. */
  const tooShort = (path: string) => refusedAs(form.formState.errors, path) === 'too_small';
  const refusedCurrent = fieldError(error, 'currentPassword');
  const refusedNext = fieldError(error, 'newPassword');
  const reasons = {
    current:
      error instanceof ApiError && error.code === 'password_incorrect'
        ? changeError(error)
        : refusedCurrent &&
          (tooShort('currentPassword') ? `Enter your ${currentLabel.toLowerCase()}.` : refusedCurrent),
    next:
      refusedNext &&
      (tooShort('newPassword') ? 'The new password needs at least 12 characters.' : refusedNext),
    again: fieldError(error, 'again'),
  };
  const message = reasons.current ?? reasons.next ?? reasons.again ?? (error ? changeError(error) : null);
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Change password">
      <TextField
        label={currentLabel}
        type="password"
        autoComplete="current-password"
        {...form.register('current')}
        error={reasons.current}
      />
      <TextField
        label="New password"
        hint="At least 12 characters. A short sentence is easy to remember."
        type="password"
        autoComplete="new-password"
        {...form.register('next')}
        error={reasons.next}
      />
      <TextField
        label="New password again"
        type="password"
        autoComplete="new-password"
        {...form.register('again')}
        error={reasons.again}
      />
      {message && <ErrorNotice>{message}</ErrorNotice>}
      {done && !message && (
        <p className="notice notice--success" role="status">
          Your password is changed. You are signed out everywhere else.
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

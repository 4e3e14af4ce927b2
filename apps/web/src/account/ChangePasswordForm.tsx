import { ChangePasswordRequest } from '@cellwatch/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { useRequestForm } from '../forms/request-form.ts';
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

/** Choose one's own password: the current one, then the new one twice. */
export function ChangePasswordForm({
  currentLabel = 'Current password',
  onDone,
}: {
  currentLabel?: string;
  onDone?: () => void;
}) {
  const change = useChangePassword();
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const {
    form,
    onSubmit,
    error: refused,
  } = useRequestForm({
    schema: ChangePasswordRequest,
    defaultValues: { current: '', next: '', again: '' },
    mutation: change,
    send: (body) =>
      change.mutate(body, {
        onSuccess: () => {
          setDone(true);
          form.reset({ current: '', next: '', again: '' });
          onDone?.();
        },
        // A wrong current password is typed again; the new one stays.
        onError: () => form.setValue('current', ''),
      }),
    toRequest: (values: PasswordEntry) => ({ currentPassword: values.current, newPassword: values.next }),
  });

  /** Checked here first, in the person's words; the contract then checks the body as the API will. */
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (change.isPending) return;
    const { current, next, again } = form.getValues();
    if (!current) return setInvalid(`Enter your ${currentLabel.toLowerCase()}.`);
    if (next.length < 12) return setInvalid('The new password needs at least 12 characters.');
    if (next !== again) return setInvalid('The two new passwords are not the same.');
    setInvalid(null);
    onSubmit(e);
  };

  const error = invalid ?? (refused ? changeError(refused) : null);
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Change password">
      <TextField
        label={currentLabel}
        type="password"
        autoComplete="current-password"
        {...form.register('current')}
      />
      <TextField
        label="New password"
        hint="At least 12 characters. A short sentence is easy to remember."
        type="password"
        autoComplete="new-password"
        {...form.register('next')}
      />
      <TextField
        label="New password again"
        type="password"
        autoComplete="new-password"
        {...form.register('again')}
      />
      {error && (
        <p className="notice notice--error" role="alert">
          <span className="notice__icon" aria-hidden="true">
            ✕
          </span>
          {error}
        </p>
      )}
      {done && !error && (
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

import { type FormEvent, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
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

/** Choose one's own password: the current one, then the new one twice. */
export function ChangePasswordForm({
  currentLabel = 'Current password',
  onDone,
}: {
  currentLabel?: string;
  onDone?: () => void;
}) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (change.isPending) return;
    if (!current) return setInvalid(`Enter your ${currentLabel.toLowerCase()}.`);
    if (next.length < 12) return setInvalid('The new password needs at least 12 characters.');
    if (next !== again) return setInvalid('The two new passwords are not the same.');
    setInvalid(null);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setDone(true);
          setCurrent('');
          setNext('');
          setAgain('');
          onDone?.();
        },
        onError: () => setCurrent(''),
      },
    );
  };

  const error = invalid ?? (change.isError ? changeError(change.error) : null);
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Change password">
      <TextField
        label={currentLabel}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <TextField
        label="New password"
        hint="At least 12 characters. A short sentence is easy to remember."
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <TextField
        label="New password again"
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={(e) => setAgain(e.target.value)}
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

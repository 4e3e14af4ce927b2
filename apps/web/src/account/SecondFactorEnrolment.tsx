import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { TextField } from '../ui/TextField.tsx';
import { useConfirmEnrolment, useStartEnrolment } from './queries.ts';

function enrolmentError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'password_incorrect') return 'The password is not correct.';
    if (error.code === 'invalid_second_factor')
      return 'That code is not correct. Check the app shows CellWatch, then enter the code it shows now.';
    if (error.status === 429) return 'Too many wrong entries. Wait a few minutes, then try again.';
  }
  return describeError(error);
}

/**
 * Setting up a one-time password app (RFC 6238): the password again, then the otpauth:// link
 * and the secret as text (typed into the app, or the link opened on the phone), then a code from
 * the app to prove it works, then the recovery codes, shown once.
 */
export function SecondFactorEnrolment() {
  const queryClient = useQueryClient();
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);

  const begin = (e: FormEvent) => {
    e.preventDefault();
    if (start.isPending) return;
    if (!password) return setInvalid('Enter your password.');
    setInvalid(null);
    start.mutate(password, { onSettled: () => setPassword('') });
  };
  const finish = (e: FormEvent) => {
    e.preventDefault();
    if (confirm.isPending) return;
    if (!/^\d{6}$/.test(code.trim())) return setInvalid('Enter the 6 digits the app shows.');
    setInvalid(null);
    confirm.mutate(code.trim(), { onError: () => setCode('') });
  };

  if (confirm.data) {
    return (
      <div className="stack">
        <p className="notice notice--success" role="status">
          The one-time password app is set up. From now on, sign-in asks for its code.
        </p>
        <h3>Recovery codes</h3>
        <p>
          If the phone is lost, each of these codes signs you in once instead of the app. Write them down or
          print them and keep them somewhere safe: they are shown only now.
        </p>
        <ul className="recovery-codes" aria-label="Recovery codes">
          {confirm.data.recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <div className="form__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => queryClient.invalidateQueries({ queryKey: queryKeys.me() })}
          >
            I have kept the recovery codes
          </button>
        </div>
      </div>
    );
  }

  const error =
    invalid ??
    (start.isError ? enrolmentError(start.error) : confirm.isError ? enrolmentError(confirm.error) : null);
  const errorNotice = error && (
    <p className="notice notice--error" role="alert">
      <span className="notice__icon" aria-hidden="true">
        ✕
      </span>
      {error}
    </p>
  );

  if (!start.data) {
    return (
      <form className="form" onSubmit={begin} noValidate aria-label="Set up a one-time password app">
        <p>
          You need an authenticator app on your phone (for example FreeOTP, Aegis, Google or Microsoft
          Authenticator). Enter your password to start.
        </p>
        <TextField
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {errorNotice}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start set-up'}
          </button>
        </div>
      </form>
    );
  }

  return (
    <form className="form" onSubmit={finish} noValidate aria-label="Confirm the one-time password app">
      <ol className="stack">
        <li>
          In the app, add an account and enter this key (or open the link on the phone):
          <dl className="enrolment-secret">
            <dt>Key</dt>
            <dd>
              <code data-testid="totp-secret">{start.data.secret}</code>
            </dd>
            <dt>Link</dt>
            <dd>
              <a href={start.data.otpauthUri} data-testid="totp-uri">
                {start.data.otpauthUri}
              </a>
            </dd>
          </dl>
        </li>
        <li>Enter the 6-digit code the app now shows for CellWatch.</li>
      </ol>
      <TextField
        label="Code from the app"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      {errorNotice}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={confirm.isPending}>
          {confirm.isPending ? 'Checking…' : 'Finish set-up'}
        </button>
      </div>
    </form>
  );
}

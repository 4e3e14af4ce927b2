import {
  ConfirmEnrolmentRequest,
  type ConfirmEnrolmentResponse,
  StartEnrolmentRequest,
  type StartEnrolmentResponse,
} from '@cellwatch/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { fieldError } from '../bedside/shared.tsx';
import { useRequestForm } from '../forms/request-form.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
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

/** Why the one field of a set-up step was refused: before sending (`refused`), or by the server. */
function stepReasons(error: unknown, field: string, refused: string, wrongCode: string) {
  const reason = fieldError(error, field)
    ? refused
    : error instanceof ApiError && error.code === wrongCode
      ? enrolmentError(error)
      : undefined;
  return { reason, message: reason ?? (error ? enrolmentError(error) : null) };
}

/** Step 1: the password again (re-authentication before a new authenticator). */
function StartSetUp({ start }: { start: ReturnType<typeof useStartEnrolment> }) {
  const { form, onSubmit, error } = useRequestForm({
    schema: StartEnrolmentRequest,
    defaultValues: { password: '' },
    mutation: start,
    toRequest: (values: { password: string }) => values,
    send: (body) => start.mutate(body, { onSettled: () => form.setValue('password', '') }),
  });
  const { reason, message } = stepReasons(error, 'password', 'Enter your password.', 'password_incorrect');
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Set up a one-time password app">
      <p>
        You need an authenticator app on your phone (for example FreeOTP, Aegis, Google or Microsoft
        Authenticator). Enter your password to start.
      </p>
      <TextField
        label="Your password"
        type="password"
        autoComplete="current-password"
        {...form.register('password')}
        error={reason}
      />
      {message && <ErrorNotice>{message}</ErrorNotice>}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start set-up'}
        </button>
      </div>
    </form>
  );
}

/** Step 2: the key into the app, then a code from the app to prove it works. */
function ConfirmSetUp({
  started,
  confirm,
}: {
  started: StartEnrolmentResponse;
  confirm: ReturnType<typeof useConfirmEnrolment>;
}) {
  const { form, onSubmit, error } = useRequestForm({
    schema: ConfirmEnrolmentRequest,
    defaultValues: { code: '' },
    mutation: confirm,
    toRequest: (values: { code: string }) => ({ code: values.code.trim() }),
    send: (body) => confirm.mutate(body, { onError: () => form.setValue('code', '') }),
  });
  const { reason, message } = stepReasons(
    error,
    'code',
    'Enter the 6 digits the app shows.',
    'invalid_second_factor',
  );
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Confirm the one-time password app">
      <ol className="stack">
        <li>
          In the app, add an account and enter this key (or open the link on the phone):
          <dl className="enrolment-secret">
            <dt>Key</dt>
            <dd>
              <code data-testid="totp-secret">{started.secret}</code>
            </dd>
            <dt>Link</dt>
            <dd>
              <a href={started.otpauthUri} data-testid="totp-uri">
                {started.otpauthUri}
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
        {...form.register('code')}
        error={reason}
      />
      {message && <ErrorNotice>{message}</ErrorNotice>}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={confirm.isPending}>
          {confirm.isPending ? 'Checking…' : 'Finish set-up'}
        </button>
      </div>
    </form>
  );
}

/** Step 3: the recovery codes, shown once. */
function RecoveryCodes({ confirmed }: { confirmed: ConfirmEnrolmentResponse }) {
  const queryClient = useQueryClient();
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
        {confirmed.recoveryCodes.map((c) => (
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

/**
 * Setting up a one-time password app (RFC 6238): the password again, then the otpauth:// link
 * and the secret as text (typed into the app, or the link opened on the phone), then a code from
 * the app to prove it works, then the recovery codes, shown once.
 */
export function SecondFactorEnrolment() {
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  if (confirm.data) return <RecoveryCodes confirmed={confirm.data} />;
  if (!start.data) return <StartSetUp start={start} />;
  return <ConfirmSetUp started={start.data} confirm={confirm} />;
}

import { LoginRequest } from '@cellwatch/contracts';
import { useId, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { fieldError } from '../bedside/shared.tsx';
import { formatWait } from '../format/time.ts';
import { refusedAs, useRequestForm } from '../forms/request-form.ts';
import { ErrorNotice } from '../ui/ErrorNotice.tsx';
import { TextField } from '../ui/TextField.tsx';
import { useSignIn } from './queries.ts';

type Credentials = { username: string; password: string; code: string };
const NO_CREDENTIALS: Credentials = { username: '', password: '', code: '' };
const FIELDS = ['username', 'password', 'code'] as const;

function signInErrorText(error: unknown): string | null {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials') return 'Username or password is not correct.';
    if (error.code === 'second_factor_required') return null;
    if (error.code === 'invalid_second_factor') return `${error.message} Enter the code again.`;
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait
        ? `Too many failed sign-ins. Try again in ${formatWait(wait)}.`
        : 'Too many failed sign-ins. Try again later.';
    }
    // Only the code refused (LoginRequest's pattern): the username and password are there.
    if (error.status === 400 && error.fields.length > 0 && error.fields.every((f) => f.path === 'code'))
      return 'Check the code from your authenticator app.';
    if (error.status === 400) return 'Enter your username and password.';
  }
  return describeError(error);
}

export function SignInPage({ notice }: { notice: string | null }) {
  const signIn = useSignIn();
  // Once the API asks for the second factor, the code field stays (the password is kept for it).
  const [askCode, setAskCode] = useState(false);
  const errorId = useId();
  const { form, onSubmit, error } = useRequestForm({
    schema: LoginRequest,
    defaultValues: NO_CREDENTIALS,
    mutation: signIn,
    toRequest: (values: Credentials) => ({
      username: values.username.trim(),
      password: values.password,
      ...(askCode && values.code.trim() ? { code: values.code.trim() } : {}),
    }),
    send: (credentials) =>
      signIn.mutate(credentials, {
        onError: (err) => {
          if (
            err instanceof ApiError &&
            (err.code === 'second_factor_required' || err.code === 'invalid_second_factor')
          ) {
            // The password was right: ask for (or again for) the code from the app.
            setAskCode(true);
            form.setValue('code', '');
            setTimeout(() => form.setFocus('code'), 0);
            return;
          }
          // Never leave a password in the field after a failed attempt; put the cursor there to retype.
          setAskCode(false);
          form.setValue('code', '');
          form.setValue('password', '');
          form.setFocus('password');
        },
      }),
    // Refused before sending (nothing was tried): the cursor goes to the first field to correct.
    onInvalid: (refused) => {
      const first = FIELDS.find((f) => f in refused);
      if (first) form.setFocus(first);
    },
  });

  const message = error ? signInErrorText(error) : null;
  /** Why a field was refused before sending, in the words of the sign-in page. */
  const reason = (field: (typeof FIELDS)[number]) => {
    const refused = fieldError(error, field);
    if (!refused) return undefined;
    if (field === 'code') return 'Enter the 6 digits the app shows, or a recovery code (xxxx-xxxx-xxxx).';
    if (refusedAs(form.formState.errors, field) === 'too_small')
      return field === 'username' ? 'Enter your username.' : 'Enter your password.';
    return refused;
  };
  // A refused field is marked alone; a refused sign-in (wrong password, too many tries) marks both.
  const named = error instanceof ApiError && error.fields.length > 0;
  const invalid = (field: 'username' | 'password') =>
    (named ? reason(field) !== undefined : message !== null) || undefined;

  return (
    <main className="signin" id="main">
      <title>Sign in · CellWatch</title>
      <div className="signin__card">
        <p className="brand brand--large" aria-hidden="true">
          <span className="brand__mark" />
          CellWatch
        </p>
        <h1 className="signin__title">Sign in</h1>
        <p className="muted">Post-infusion monitoring for CAR T-cell therapy.</p>
        {notice && (
          <p className="notice notice--warning" role="status">
            <span className="notice__icon" aria-hidden="true">
              !
            </span>
            {notice}
          </p>
        )}
        <form
          className="form"
          onSubmit={onSubmit}
          noValidate
          aria-describedby={message ? errorId : undefined}
        >
          <TextField
            id="signin-username"
            label="Username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            // The sign-in page has one job: the field is where work starts.
            autoFocus
            required
            {...form.register('username', { onChange: () => setAskCode(false) })}
            error={reason('username')}
            aria-invalid={invalid('username')}
          />
          <TextField
            id="signin-password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            {...form.register('password')}
            error={reason('password')}
            aria-invalid={invalid('password')}
          />
          {askCode && (
            <TextField
              id="signin-code"
              label="Code from your authenticator app"
              hint="6 digits, or one of your recovery codes."
              inputMode="numeric"
              autoComplete="one-time-code"
              autoCapitalize="none"
              spellCheck={false}
              required
              {...form.register('code')}
              error={reason('code')}
            />
          )}
          {message && <ErrorNotice id={errorId}>{message}</ErrorNotice>}
          <button className="button button--primary button--block" type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

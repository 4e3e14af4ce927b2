import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { formatWait } from '../format/time.ts';
import { useSignIn } from './queries.ts';

function signInErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials') return 'Username or password is not correct.';
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait
        ? `Too many failed sign-ins. Try again in ${formatWait(wait)}.`
        : 'Too many failed sign-ins. Try again later.';
    }
    if (error.status === 400) return 'Enter your username and password.';
  }
  return describeError(error);
}

export function SignInPage({ notice }: { notice: string | null }) {
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const errorId = useId();
  const passwordField = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    signIn.mutate(
      { username: username.trim(), password },
      {
        // Never leave a password in the field after a failed attempt; put the cursor there to retype.
        onError: () => {
          setPassword('');
          passwordField.current?.focus();
        },
      },
    );
  };

  const error = signIn.isError ? signInErrorText(signIn.error) : null;

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
        <form className="form" onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
          <div className="field">
            <label htmlFor="signin-username">Username</label>
            <input
              id="signin-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              // biome-ignore lint/a11y/noAutofocus: the sign-in page has one job; the field is where work starts.
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="signin-password">Password</label>
            <input
              id="signin-password"
              ref={passwordField}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          {error && (
            <p className="notice notice--error" role="alert" id={errorId}>
              <span className="notice__icon" aria-hidden="true">
                ✕
              </span>
              {error}
            </p>
          )}
          <button className="button button--primary button--block" type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

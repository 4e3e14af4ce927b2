import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import { formatWait } from '../format/time.ts';
import { useSignIn } from './queries.ts';

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
    if (error.status === 400) return 'Enter your username and password.';
  }
  return describeError(error);
}

export function SignInPage({ notice }: { notice: string | null }) {
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // Once the API asks for the second factor, the code field stays (the password is kept for it).
  const [askCode, setAskCode] = useState(false);
  const errorId = useId();
  const passwordField = useRef<HTMLInputElement>(null);
  const codeField = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    signIn.mutate(
      { username: username.trim(), password, ...(askCode && code.trim() ? { code: code.trim() } : {}) },
      {
        onError: (err) => {
          if (
            err instanceof ApiError &&
            (err.code === 'second_factor_required' || err.code === 'invalid_second_factor')
          ) {
            // The password was right: ask for (or again for) the code from the app.
            setAskCode(true);
            setCode('');
            setTimeout(() => codeField.current?.focus(), 0);
            return;
          }
          // Never leave a password in the field after a failed attempt; put the cursor there to retype.
          setAskCode(false);
          setCode('');
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
              onChange={(e) => {
                setUsername(e.target.value);
                setAskCode(false);
              }}
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
          {askCode && (
            <div className="field">
              <label htmlFor="signin-code">Code from your authenticator app</label>
              <p className="field__hint" id="signin-code-hint">
                6 digits, or one of your recovery codes.
              </p>
              <input
                id="signin-code"
                ref={codeField}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
                aria-describedby="signin-code-hint"
              />
            </div>
          )}
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

import type { MeResponse } from '@cellwatch/contracts';
import { useSignOut } from '../auth/queries.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { ResetNotice } from './ResetNotice.tsx';
import { SecondFactorEnrolment } from './SecondFactorEnrolment.tsx';

/**
 * Shown instead of the dashboard while the API allows nothing else: a password an administrator
 * set must be replaced by one's own, and an administrator must set up a one-time password app.
 */
export function RequiredActionPage({ me }: { me: MeResponse }) {
  const signOut = useSignOut();
  const changing = me.actionRequired === 'change_credentials';
  return (
    <main className="signin" id="main">
      <title>{`${changing ? 'Choose your password' : 'Set up a one-time password app'} · CellWatch`}</title>
      <div className="signin__card stack">
        <p className="brand brand--large" aria-hidden="true">
          <span className="brand__mark" />
          CellWatch
        </p>
        <h1 className="signin__title">
          {changing ? 'Choose your own password' : 'Set up a one-time password app'}
        </h1>
        <p className="muted">Signed in as {me.user.displayName}.</p>
        {changing ? (
          <>
            <ResetNotice notice={me.resetNotice} />
            <p>
              The password you signed in with was set by an administrator. It works once: choose your own
              before you continue. Signatures are only accepted with a password you chose.
            </p>
            <ChangePasswordForm currentLabel="Password you signed in with" />
          </>
        ) : (
          <>
            <p>Administrators sign in with a password and a code from an app on their phone.</p>
            <SecondFactorEnrolment />
          </>
        )}
        <button
          type="button"
          className="button button--quiet"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate()}
        >
          Sign out
        </button>
      </div>
    </main>
  );
}

import { useQuery } from '@tanstack/react-query';
import { meQuery } from '../auth/queries.ts';
import { LoadingState } from '../ui/states.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { ResetNotice } from './ResetNotice.tsx';
import { SecondFactorEnrolment } from './SecondFactorEnrolment.tsx';

/** One's own sign-in: change the password, set up a one-time password app. For every role. */
export function AccountPage() {
  const me = useQuery(meQuery());
  if (!me.data) return <LoadingState label="Loading your account…" />;
  const second = me.data.secondFactor;
  return (
    <section className="stack page--narrow">
      <title>Account · CellWatch</title>
      <h1>Your account</h1>
      <ResetNotice notice={me.data.resetNotice} />
      <section className="card stack" aria-labelledby="account-password">
        <h2 id="account-password">Password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card stack" aria-labelledby="account-second-factor">
        <h2 id="account-second-factor">One-time password app</h2>
        {second.enrolled ? (
          <p data-testid="second-factor-status">
            Set up. Sign-in asks for a code from the app. Recovery codes left: {second.recoveryCodesLeft}.
          </p>
        ) : (
          <SecondFactorEnrolment />
        )}
      </section>
    </section>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { RequiredActionPage } from '../account/RequiredActionPage.tsx';
import { onSessionEnded } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { forgetUserData, meQuery } from './queries.ts';
import { SignInPage } from './SignInPage.tsx';
import { SignedInUserContext } from './user-context.ts';

export const SESSION_ENDED_NOTICE = 'Your session ended — please sign in again.';

/**
 * Renders its children only for a signed-in user; otherwise the sign-in page, in place, so the
 * address (where the user was) survives signing in again. Any 401 from the API while signed in
 * ends the session here, with a notice saying so.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery(meQuery());
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(
    () =>
      onSessionEnded(() => {
        const current = queryClient.getQueryData(queryKeys.me());
        if (!current) return; // not signed in anyway: nothing ended
        setNotice(SESSION_ENDED_NOTICE);
        queryClient.setQueryData(queryKeys.me(), null);
        forgetUserData(queryClient);
      }),
    [queryClient],
  );

  const user = me.data?.user ?? null;
  useEffect(() => {
    if (user) setNotice(null);
  }, [user]);

  if (me.isPending) return <LoadingState label="Checking your session…" fullPage />;
  if (me.isError && !me.data) {
    return (
      <main className="page page--narrow" id="main">
        <ErrorState
          title="CellWatch cannot check your session"
          error={me.error}
          onRetry={() => me.refetch()}
        />
      </main>
    );
  }
  if (!user) return <SignInPage notice={notice} />;
  if (me.data?.actionRequired) return <RequiredActionPage me={me.data} />;
  return <SignedInUserContext.Provider value={user}>{children}</SignedInUserContext.Provider>;
}

import type { AuditEntry, UserSummary } from '@cellwatch/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { formatLocalDateTime } from '../format/time.ts';
import { ROLE_LABELS } from '../shell/navigation.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { auditTrailQuery } from './audit-queries.ts';
import { usersQuery } from './users-queries.ts';

const ACCOUNT_CHANGES = { entity: 'user' } as const;

const VERBS: Record<string, string> = {
  create: 'created the account',
  reactivate: 're-enabled the account',
  deactivate: 'deactivated the account',
  reset_password: 'reset the password of',
  change_password: 'changed their own password:',
  enrol_second_factor: 'set up a one-time password app:',
  start_second_factor_enrolment: 'started setting up a one-time password app:',
  reset_second_factor: 'removed the one-time password app of',
};

function accountName(entry: AuditEntry, users: Map<number, UserSummary>): string {
  const after = (entry.after ?? {}) as Partial<UserSummary>;
  const user = users.get(Number(entry.entityId));
  const username = after.username ?? user?.username ?? `user #${entry.entityId}`;
  const role = after.role ?? user?.role;
  return role ? `${username} (${ROLE_LABELS[role]})` : username;
}

/**
 * Who created, re-enabled, reset or changed which account: listed on its own above the trail,
 * so that an administrator giving themselves (or anyone) a clinical identity is seen at once
 * (21 CFR 11.300(b); separation of duties).
 */
export function AccountChanges() {
  const changes = useInfiniteQuery(auditTrailQuery(ACCOUNT_CHANGES));
  const users = useQuery(usersQuery());
  const byId = new Map((users.data?.users ?? []).map((u) => [u.id, u]));
  return (
    <section className="card stack" aria-labelledby="account-changes-title">
      <h2 id="account-changes-title">Account changes</h2>
      <p className="muted small">
        Accounts created or re-enabled, passwords reset by an administrator, and users' own changes; newest
        first.
      </p>
      {changes.isPending ? (
        <LoadingState label="Loading account changes…" />
      ) : changes.isError ? (
        <ErrorState
          title="Account changes could not be loaded"
          error={changes.error}
          onRetry={() => changes.refetch()}
        />
      ) : (
        <ul className="account-changes" data-testid="account-changes">
          {(changes.data.pages[0]?.entries ?? []).slice(0, 20).map((entry) => {
            const clinical = entry.action === 'create' || entry.action === 'reactivate';
            return (
              <li key={entry.seq}>
                <time dateTime={entry.at}>{formatLocalDateTime(entry.at)}</time>{' '}
                <strong>{entry.username ?? 'first run'}</strong> {VERBS[entry.action] ?? entry.action}{' '}
                <strong>{accountName(entry, byId)}</strong>
                {clinical && (entry.after as { mustChangePassword?: boolean } | null)?.mustChangePassword && (
                  <span className="muted"> — with a one-time password</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

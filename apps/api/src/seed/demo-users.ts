import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '@cellwatch/contracts';
import { appendAudit } from '../audit/audit-log.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/sqlite.ts';
import { insertUser } from '../users/users.ts';

const DISPLAY_NAMES: Record<Role, string> = {
  nurse: 'Demo Nurse',
  hematologist: 'Demo Hematologist',
  coordinator: 'Demo Coordinator',
  admin: 'Demo Admin',
};

export interface FirstRunAccounts {
  usernames: string[];
  /** Set only when CellWatch generated it: shown once at start, never stored in clear. */
  generatedPassword: string | null;
}

/**
 * On a database with no users: one demo user per role (demo mode) or a single admin. The
 * password is the configured one, else a random one that the caller prints once.
 */
export async function createFirstRunAccounts(
  db: Db,
  config: Config,
  now: Date,
): Promise<FirstRunAccounts | null> {
  if (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) return null;
  const generatedPassword = config.CELLWATCH_DEMO_PASSWORD ? null : randomBytes(12).toString('base64url');
  const password = config.CELLWATCH_DEMO_PASSWORD ?? (generatedPassword as string);
  const roles: readonly Role[] = config.CELLWATCH_DEMO ? ROLES : ['admin'];
  const passwordHash = await hashPassword(password, config.CELLWATCH_SCRYPT_LOG_N);
  const created = await db.transaction().execute(async (trx) => {
    // Asked again inside the transaction: instances sharing one PostgreSQL may start together,
    // and only the first to get here creates the accounts.
    if (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()) return false;
    for (const role of roles) {
      const row = await insertUser(
        trx,
        { username: role, displayName: DISPLAY_NAMES[role], role, passwordHash },
        now,
        // The operator chose (or was shown) this password for every first-run account: it counts
        // as the account's own, so demo users can sign without a forced change.
        'self',
      );
      await appendAudit(
        trx,
        {
          actor: null,
          action: 'create',
          entity: 'user',
          entityId: row.id,
          after: { username: role, role, firstRun: true },
        },
        now,
      );
    }
    return true;
  });
  if (!created) return null;
  return { usernames: [...roles], generatedPassword };
}

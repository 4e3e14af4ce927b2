import type { ActionRequired, MeResponse, Role, SignedInUser } from '@cellwatch/contracts';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { recoveryCodesLeft } from './second-factor.ts';

/**
 * What a signed-in user must do before anything else (21 CFR 11.300(b): passwords are
 * periodically checked, and an administrator's reset is not the user's own password):
 * - after an administrator set their password (a reset, or a new account), choose their own;
 * - an administrator without a second factor enrols one (when CELLWATCH_TOTP_FOR_ADMINS).
 */
export function actionRequiredFor(
  account: { role: Role; mustChangePassword: boolean; secondFactorEnrolled: boolean },
  config: Config,
): ActionRequired {
  if (account.mustChangePassword) return 'change_credentials';
  if (account.role === 'admin' && config.CELLWATCH_TOTP_FOR_ADMINS && !account.secondFactorEnrolled)
    return 'enrol_second_factor';
  return null;
}

/** Routes a user with an action required may still call: the action itself, who am I, sign out. */
export const ALLOWED_WHILE_ACTION_REQUIRED = new Set([
  'GET /api/auth/me',
  'POST /api/auth/logout',
  'POST /api/auth/password',
  'POST /api/auth/second-factor/enrol',
  'POST /api/auth/second-factor/confirm',
]);

/** The signed-in user, their session, the action they must take and the last reset of their password. */
export async function meBody(
  db: Kysely<Database>,
  config: Config,
  user: SignedInUser,
  session: { idleExpiresAt: number; absoluteExpiresAt: number },
): Promise<MeResponse> {
  const row = await db
    .selectFrom('users')
    .leftJoin('users as resetter', 'resetter.id', 'users.password_reset_by')
    .select([
      'users.must_change_password',
      'users.totp_secret',
      'users.password_reset_at',
      'resetter.username as reset_by',
      'resetter.display_name as reset_by_name',
    ])
    .where('users.id', '=', user.id)
    .executeTakeFirstOrThrow();
  const enrolled = row.totp_secret !== null;
  return {
    user,
    session: {
      idleExpiresAt: new Date(session.idleExpiresAt).toISOString(),
      absoluteExpiresAt: new Date(session.absoluteExpiresAt).toISOString(),
    },
    unit: { timeZone: config.CELLWATCH_UNIT_TIME_ZONE },
    actionRequired: actionRequiredFor(
      { role: user.role, mustChangePassword: row.must_change_password === 1, secondFactorEnrolled: enrolled },
      config,
    ),
    resetNotice:
      row.reset_by && row.password_reset_at
        ? { by: row.reset_by, byDisplayName: row.reset_by_name ?? row.reset_by, at: row.password_reset_at }
        : null,
    secondFactor: { enrolled, recoveryCodesLeft: enrolled ? await recoveryCodesLeft(db, user.id) : 0 },
  };
}

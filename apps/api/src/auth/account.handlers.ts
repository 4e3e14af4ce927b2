import type { Context } from 'hono';
import { appendAudit } from '../audit/audit-log.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, conflict } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import {
  changeOwnPassword,
  confirmSecondFactorEnrolment,
  startSecondFactorEnrolment,
} from './account.routes.ts';
import { currentUser } from './current-user.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, totpStep } from './second-factor.ts';
import { endOtherSessionsOf } from './sessions.ts';
import type { SignatureThrottle } from './throttle.ts';

const tooMany = (seconds: number) =>
  new ApiError(429, 'too_many_attempts', 'Too many wrong passwords. Try again later.', undefined, {
    'Retry-After': String(seconds),
  });

/**
 * Re-authentication with the current password before a change of credentials (ASVS V2.5.x,
 * V2.8): throttled per user like signatures. Returns the user's row.
 */
async function reauthenticate(
  c: Context<AppEnv>,
  throttle: SignatureThrottle,
  password: string,
  field: string,
) {
  const { now } = c.var.services;
  const user = currentUser(c);
  const reserved = throttle.reserve(user.id, now());
  if (!reserved.ok) throw tooMany(reserved.retryAfterSeconds);
  let row: Awaited<ReturnType<typeof loadUser>>;
  try {
    row = await loadUser(c, user.id);
    if (!(await verifyPassword(password, row.password_hash))) {
      reserved.attempt.fail(now());
      throw new ApiError(401, 'password_incorrect', 'The current password is not correct.', [
        { path: field, message: 'not correct' },
      ]);
    }
  } catch (err) {
    if (!(err instanceof ApiError)) reserved.attempt.fail(now());
    throw err;
  }
  reserved.attempt.succeed(now());
  return row;
}

function loadUser(c: Context<AppEnv>, id: number) {
  return c.var.services.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * The signed-in user's own credentials: changing their password (which makes it theirs again
 * after an administrator's reset) and enrolling a one-time password app.
 */
export function accountRoutes(throttle: SignatureThrottle) {
  return resourceRouter()
    .openapi(changeOwnPassword, async (c) => {
      const body = c.req.valid('json');
      const { db, config, now } = c.var.services;
      const user = currentUser(c);
      const row = await reauthenticate(c, throttle, body.currentPassword, 'currentPassword');
      if (await verifyPassword(body.newPassword, row.password_hash)) {
        throw new ApiError(400, 'validation_failed', 'Choose a password different from the current one.', [
          { path: 'newPassword', message: 'same as the current password' },
        ]);
      }
      const passwordHash = await hashPassword(body.newPassword, config.CELLWATCH_SCRYPT_LOG_N);
      await db.transaction().execute(async (trx) => {
        const at = new Date(now());
        await trx
          .updateTable('users')
          .set({
            password_hash: passwordHash,
            password_set_by: user.id,
            password_set_at: at.toISOString(),
            must_change_password: 0,
            updated_at: at.toISOString(),
          })
          .where('id', '=', user.id)
          .execute();
        // Whoever knew the old password is signed out everywhere else; this session goes on.
        const session = c.var.session;
        if (session) await endOtherSessionsOf(trx, user.id, session.tokenHash);
        await appendAudit(
          trx,
          {
            actor: user,
            action: 'change_password',
            entity: 'user',
            entityId: user.id,
            before: { passwordSetBy: row.password_set_by, mustChange: row.must_change_password === 1 },
            after: { passwordSetBy: user.id, mustChange: false },
          },
          at,
        );
      });
      return c.body(null, 204);
    })
    .openapi(startSecondFactorEnrolment, async (c) => {
      const { password } = c.req.valid('json');
      const { db, now } = c.var.services;
      const user = currentUser(c);
      const row = await reauthenticate(c, throttle, password, 'password');
      if (row.totp_secret) throw conflict('A one-time password app is already set up for this account.');
      const secret = newTotpSecret();
      await db.transaction().execute(async (trx) => {
        const at = new Date(now());
        await trx
          .updateTable('users')
          .set({ totp_pending_secret: secret })
          .where('id', '=', user.id)
          .execute();
        // The secret never goes into the audit trail.
        await appendAudit(
          trx,
          { actor: user, action: 'start_second_factor_enrolment', entity: 'user', entityId: user.id },
          at,
        );
      });
      return c.json({ otpauthUri: otpauthUri(secret, user.username), secret }, 200);
    })
    .openapi(confirmSecondFactorEnrolment, async (c) => {
      const { code } = c.req.valid('json');
      const { db, now } = c.var.services;
      const user = currentUser(c);
      const reserved = throttle.reserve(user.id, now());
      if (!reserved.ok) throw tooMany(reserved.retryAfterSeconds);
      const row = await loadUser(c, user.id);
      if (row.totp_secret) {
        reserved.attempt.succeed(now());
        throw conflict('A one-time password app is already set up for this account.');
      }
      if (!row.totp_pending_secret) {
        reserved.attempt.succeed(now());
        throw conflict('Start the set-up first: no one-time password app is being set up.');
      }
      const step = totpStep(row.totp_pending_secret, code, now());
      if (step === null) {
        reserved.attempt.fail(now());
        throw new ApiError(401, 'invalid_second_factor', 'The code is not correct.', [
          { path: 'code', message: 'not correct' },
        ]);
      }
      reserved.attempt.succeed(now());
      const codes = newRecoveryCodes();
      const pending = row.totp_pending_secret;
      await db.transaction().execute(async (trx) => {
        const at = new Date(now()).toISOString();
        const done = await trx
          .updateTable('users')
          .set({
            totp_secret: pending,
            totp_pending_secret: null,
            totp_enrolled_at: at,
            totp_last_step: step,
          })
          .where('id', '=', user.id)
          .where('totp_secret', 'is', null)
          .executeTakeFirst();
        if (done.numUpdatedRows === 0n)
          throw conflict('A one-time password app is already set up for this account.');
        await trx
          .insertInto('recovery_codes')
          .values(
            codes.map((code) => ({ user_id: user.id, code_hash: hashRecoveryCode(code), created_at: at })),
          )
          .execute();
        await appendAudit(
          trx,
          {
            actor: user,
            action: 'enrol_second_factor',
            entity: 'user',
            entityId: user.id,
            after: { secondFactor: 'totp', recoveryCodes: codes.length },
          },
          new Date(now()),
        );
      });
      return c.json({ recoveryCodes: codes }, 200);
    });
}

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Selectable } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import type { UsersTable } from '../db/schema.ts';
import { ApiError, unauthorized } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { meBody } from './account.ts';
import { currentSession, signIn, signOut } from './auth.routes.ts';
import { clearSessionCookie, setSessionCookie } from './cookie.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { spendSecondFactor } from './second-factor.ts';
import { endSession, sessionLimits, startSession } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

const badCredentials = () => new ApiError(401, 'invalid_credentials', 'Username or password is not correct.');

export function authRoutes(throttle: LoginThrottle) {
  return resourceRouter()
    .openapi(signIn, async (c) => {
      const { username, password, code } = c.req.valid('json');
      const { db, config, now } = c.var.services;
      const address = clientAddress(c);
      // The attempt is reserved before the (asynchronous) password check, so parallel guesses
      // count while they are in flight.
      const reserved = throttle.reserve(username, address, now());
      if (!reserved.ok) {
        throw new ApiError(
          429,
          'too_many_attempts',
          'Too many failed sign-ins. Try again later.',
          undefined,
          {
            'Retry-After': String(reserved.retryAfterSeconds),
          },
        );
      }
      const attempt = reserved.attempt;
      const failed = async (reason: 'password' | 'second_factor') => {
        attempt.fail(now());
        await db.transaction().execute((trx) =>
          appendAudit(
            trx,
            {
              actor: null,
              action: 'sign_in_failed',
              entity: 'session',
              after: reason === 'password' ? { username } : { username, reason },
            },
            new Date(now()),
          ),
        );
      };
      let user: Selectable<UsersTable> | undefined;
      try {
        user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
        // Always run one scrypt comparison so a missing account answers as slowly as a wrong password.
        const ok = await verifyPassword(
          password,
          user?.password_hash ?? (await decoyHash(config.CELLWATCH_SCRYPT_LOG_N)),
        );
        if (!user || !ok || user.active !== 1) user = undefined;
      } catch (err) {
        attempt.fail(now());
        throw err;
      }
      if (!user) {
        await failed('password');
        throw badCredentials();
      }
      const account = user;
      let secondFactor: 'totp' | 'recovery_code' | null = null;
      if (account.totp_secret) {
        if (!code) {
          // The password was right; the code is asked for next. Not counted as a failure.
          attempt.succeed(now());
          throw new ApiError(
            401,
            'second_factor_required',
            'Enter the 6-digit code from your authenticator app, or a recovery code.',
            [{ path: 'code', message: 'required' }],
          );
        }
        const result = await db.transaction().execute((trx) => spendSecondFactor(trx, account, code, now()));
        if (result === 'wrong' || result === 'replayed') {
          await failed('second_factor');
          throw new ApiError(
            401,
            'invalid_second_factor',
            result === 'replayed'
              ? 'This code was used already. Wait for the next code.'
              : 'The code is not correct.',
            [{ path: 'code', message: result === 'replayed' ? 'already used' : 'not correct' }],
          );
        }
        secondFactor = result;
      }
      attempt.succeed(now());
      const limits = sessionLimits(config);
      const session = await db.transaction().execute(async (trx) => {
        const started = await startSession(trx, account.id, c.var.session?.tokenHash ?? null, now(), limits);
        await appendAudit(
          trx,
          {
            actor: { id: account.id, username: account.username },
            action: 'sign_in',
            entity: 'session',
            ...(secondFactor ? { after: { secondFactor } } : {}),
          },
          new Date(now()),
        );
        return started;
      });
      c.var.services.events.closeStreams({ sessions: session.revoked });
      setSessionCookie(c, session.token, Math.floor(limits.absoluteMs / 1000));
      const body = await meBody(
        db,
        config,
        { id: account.id, username: account.username, displayName: account.display_name, role: account.role },
        { idleExpiresAt: now() + limits.idleMs, absoluteExpiresAt: session.absoluteExpiresAt },
      );
      return c.json(body, 200);
    })
    .openapi(signOut, async (c) => {
      const { db, now } = c.var.services;
      const session = c.var.session;
      if (session) {
        await db.transaction().execute(async (trx) => {
          await endSession(trx, session.tokenHash);
          await appendAudit(
            trx,
            { actor: session.user, action: 'sign_out', entity: 'session' },
            new Date(now()),
          );
        });
        c.var.services.events.closeStreams({ sessions: [session.tokenHash] });
      }
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .openapi(currentSession, async (c) => {
      const session = c.var.session;
      if (!session) throw unauthorized();
      const { db, config } = c.var.services;
      return c.json(await meBody(db, config, session.user, session), 200);
    });
}

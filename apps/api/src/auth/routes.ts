import { LoginRequest, type MeResponse } from '@cellwatch/contracts';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { appendAudit } from '../audit/audit-log.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError, unauthorized } from '../http/errors.ts';
import { jsonBody } from '../http/validate.ts';
import { clearSessionCookie, setSessionCookie } from './cookie.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { endSession, sessionLimits, startSession } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

const badCredentials = () => new ApiError(401, 'invalid_credentials', 'Username or password is not correct.');

export function authRoutes(throttle: LoginThrottle) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { username, password } = await jsonBody(c, LoginRequest);
      const { db, config, now } = c.var.services;
      const address = clientAddress(c);
      const wait = throttle.retryAfterSeconds(username, address, now());
      if (wait > 0) {
        throw new ApiError(
          429,
          'too_many_attempts',
          'Too many failed sign-ins. Try again later.',
          undefined,
          {
            'Retry-After': String(wait),
          },
        );
      }
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      // Always run one scrypt comparison so a missing account answers as slowly as a wrong password.
      const ok = await verifyPassword(
        password,
        user?.password_hash ?? (await decoyHash(config.CELLWATCH_SCRYPT_LOG_N)),
      );
      if (!user || !ok || user.active !== 1) {
        throttle.recordFailure(username, address, now());
        await db
          .transaction()
          .execute((trx) =>
            appendAudit(
              trx,
              { actor: null, action: 'sign_in_failed', entity: 'session', after: { username } },
              new Date(now()),
            ),
          );
        throw badCredentials();
      }
      throttle.recordSuccess(username);
      const limits = sessionLimits(config);
      const session = await db.transaction().execute(async (trx) => {
        const started = await startSession(trx, user.id, c.var.session?.tokenHash ?? null, now(), limits);
        await appendAudit(
          trx,
          { actor: { id: user.id, username: user.username }, action: 'sign_in', entity: 'session' },
          new Date(now()),
        );
        return started;
      });
      c.var.services.events.closeStreams({ sessions: session.revoked });
      setSessionCookie(c, session.token, Math.floor(limits.absoluteMs / 1000));
      const body: MeResponse = {
        user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role },
        session: {
          idleExpiresAt: new Date(now() + limits.idleMs).toISOString(),
          absoluteExpiresAt: new Date(session.absoluteExpiresAt).toISOString(),
        },
        unit: { timeZone: config.CELLWATCH_UNIT_TIME_ZONE },
      };
      return c.json(body, 200);
    })
    .post('/logout', async (c) => {
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
    .get('/me', (c) => {
      const session = c.var.session;
      if (!session) throw unauthorized();
      const body: MeResponse = {
        user: session.user,
        session: {
          idleExpiresAt: new Date(session.idleExpiresAt).toISOString(),
          absoluteExpiresAt: new Date(session.absoluteExpiresAt).toISOString(),
        },
        unit: { timeZone: c.var.services.config.CELLWATCH_UNIT_TIME_ZONE },
      };
      return c.json(body, 200);
    });
}

import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { currentUser } from '../auth/middleware.ts';
import { sessionLimits } from '../auth/sessions.ts';
import type { AppEnv } from '../http/env.ts';

export const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the signed-in user: alerts, grade changes, charted facts, signatures.
 * A heartbeat every 15 s keeps proxies from closing the stream and checks the session is still
 * valid (without counting as activity); the subscription is removed when the client goes away.
 */
export function eventRoutes(heartbeatMs = HEARTBEAT_MS) {
  return new Hono<AppEnv>().get('/', (c) => {
    const user = currentUser(c);
    const session = c.var.session;
    const { events, db, config, now } = c.var.services;
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let closed = false;
      const queue: Parameters<Parameters<typeof events.subscribe>[0]>[0][] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = events.subscribe((event) => {
        if (event.roles?.length && !event.roles.includes(user.role)) return;
        queue.push(event);
        wake?.();
      });
      const finish = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        wake?.();
      };
      stream.onAbort(finish);
      const stillSignedIn = async () => {
        if (!session) return false;
        const row = await db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select(['sessions.last_seen_at_ms', 'sessions.absolute_expires_at_ms', 'users.active'])
          .where('sessions.token_hash', '=', session.tokenHash)
          .executeTakeFirst();
        const t = now();
        return (
          !!row &&
          row.active === 1 &&
          t < row.absolute_expires_at_ms &&
          t < row.last_seen_at_ms + sessionLimits(config).idleMs
        );
      };
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ user: user.username }) });
      const heartbeat = setInterval(async () => {
        if (!(await stillSignedIn())) {
          await stream.writeSSE({ event: 'session_ended', data: '{}' }).catch(() => undefined);
          finish();
          return;
        }
        await stream.write(': heartbeat\n\n').catch(finish);
      }, heartbeatMs);
      try {
        while (!closed) {
          const event = queue.shift();
          if (!event) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
            continue;
          }
          await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event) });
        }
      } finally {
        clearInterval(heartbeat);
        finish();
      }
    });
  });
}

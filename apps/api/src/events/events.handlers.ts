import type { CareEventMessage } from '@cellwatch/contracts';
import { streamSSE } from 'hono/streaming';
import { currentUser } from '../auth/current-user.ts';
import { sessionLimits } from '../auth/sessions.ts';
import { unauthorized } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import type { StampedEvent } from './bus.ts';
import { openEventStream } from './events.routes.ts';
import type { StreamCloseReason } from './streams.ts';

export const HEARTBEAT_MS = 15_000;
/** setTimeout's longest delay; a later session deadline is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Server-sent events for the signed-in user: alerts, grade changes, charted facts, signatures,
 * each only if the user's role may make the read behind it (the event's audience). A heartbeat
 * every 15 s keeps proxies from closing the stream and checks the session is still valid
 * (without counting as activity). The stream closes at once when its session ends: sign-out,
 * deactivation or password reset close it through the bus (`closeStreams`), and a timer fires
 * at the session's idle or absolute expiry. A user has at most CELLWATCH_MAX_STREAMS_PER_USER
 * streams: opening one more closes their oldest (`stream_closed`, reason `too_many_streams`).
 */
export function eventRoutes(heartbeatMs = HEARTBEAT_MS) {
  return resourceRouter().openapi(openEventStream, (c) => {
    const user = currentUser(c);
    const session = c.var.session;
    if (!session) throw unauthorized();
    const { events, db, config, now } = c.var.services;
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let closed = false;
      let closing: StreamCloseReason | null = null;
      const queue: StampedEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = events.subscribe((event) => {
        if (closed || closing || !event.audience.includes(user.role)) return;
        queue.push(event);
        wake?.();
      });
      let expiry: ReturnType<typeof setTimeout> | undefined;
      let unregister = () => {};
      const finish = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        unregister();
        clearTimeout(expiry);
        wake?.();
      };
      /** Ends the stream now: nothing more is sent but the reason. */
      const end = (reason: StreamCloseReason) => {
        if (closed || closing) return;
        closing = reason;
        queue.length = 0;
        wake?.();
      };
      stream.onAbort(finish);
      unregister = events.streams.open(
        { userId: user.id, tokenHash: session.tokenHash, close: end },
        config.CELLWATCH_MAX_STREAMS_PER_USER,
      );
      /** When the session next expires if unused, or null if it has ended. */
      const sessionDeadline = async (): Promise<number | null> => {
        const row = await db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select(['sessions.last_seen_at_ms', 'sessions.absolute_expires_at_ms', 'users.active'])
          .where('sessions.token_hash', '=', session.tokenHash)
          .executeTakeFirst();
        if (row?.active !== 1) return null;
        const deadline = Math.min(
          row.absolute_expires_at_ms,
          row.last_seen_at_ms + sessionLimits(config).idleMs,
        );
        return now() < deadline ? deadline : null;
      };
      const armExpiry = (deadline: number) => {
        clearTimeout(expiry);
        if (closed || closing) return;
        expiry = setTimeout(
          () => {
            sessionDeadline()
              .then((next) => (next === null ? end('session_ended') : armExpiry(next)))
              .catch(() => armExpiry(now() + heartbeatMs));
          },
          Math.min(MAX_TIMER_MS, Math.max(0, deadline - now())),
        );
        expiry.unref?.();
      };
      armExpiry(Math.min(session.idleExpiresAt, session.absoluteExpiresAt));
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ user: user.username }) });
      const heartbeat = setInterval(async () => {
        if (closed || closing) return;
        if ((await sessionDeadline().catch(() => 0)) === null) {
          end('session_ended');
          return;
        }
        await stream.write(': heartbeat\n\n').catch(finish);
      }, heartbeatMs);
      try {
        while (!closed) {
          if (closing) {
            // `session_ended` is what screens already act on (they sign out); anything else says why.
            const last =
              closing === 'session_ended'
                ? { event: 'session_ended', data: '{}' }
                : { event: 'stream_closed', data: JSON.stringify({ reason: closing }) };
            await stream.writeSSE(last).catch(() => undefined);
            break;
          }
          const event = queue.shift();
          if (!event) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
            continue;
          }
          await stream.writeSSE({
            id: String(event.id),
            event: event.type,
            data: JSON.stringify(event satisfies CareEventMessage),
          });
        }
      } finally {
        clearInterval(heartbeat);
        finish();
      }
    });
  });
}

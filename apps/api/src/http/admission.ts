import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Graceful overload: writes are serialised by the database, so past a bound the queue only
 * adds latency until clients time out. Beyond `maxPending` writes in flight a new write is
 * refused at once with 503 and Retry-After (nothing is written, so nothing acknowledged can be
 * lost), and the server recovers by itself as the queue drains.
 */
export function admissionControl(maxPending: number): MiddlewareHandler {
  let pending = 0;
  return async (c, next) => {
    if (!WRITE_METHODS.has(c.req.method)) return next();
    if (pending >= maxPending) {
      throw new ApiError(
        503,
        'overloaded',
        'The server is busy; nothing was saved. Try again in a moment.',
        undefined,
        {
          'Retry-After': '1',
        },
      );
    }
    pending++;
    try {
      await next();
    } finally {
      pending--;
    }
  };
}

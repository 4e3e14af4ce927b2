import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';
import { matchedEndpoint, type RouteTable } from './routes.ts';

/** The methods that change state: every one is a write, whatever its route. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a request may write to the database: every write, and every clinical read (the
 * routes for the care team only: each appends an audit row in its transaction, see
 * readPatientRecord and auditedList).
 */
export function mayWrite(c: Context, routes: RouteTable): boolean {
  if (WRITE_METHODS.has(c.req.method)) return true;
  if (c.req.method !== 'GET') return false;
  const endpoint = matchedEndpoint(c);
  if (!endpoint) return false;
  const permission = routes.permissionFor(endpoint.method, endpoint.path);
  return Array.isArray(permission) && !permission.includes('admin');
}

/**
 * Graceful overload: writes are serialised by the database, so past a bound the queue only
 * adds latency until clients time out. Beyond `maxPending` writes in flight a new write is
 * refused at once with 503 and Retry-After (nothing is written, so nothing acknowledged can be
 * lost), and the server recovers by itself as the queue drains.
 *
 * Only signed-in users' requests count, and only once their bodies have arrived (this runs
 * after the session is loaded and after receiveBody): anonymous clients, however slow or many,
 * cannot take the places that the ward's writes need.
 */
export function admissionControl(maxPending: number, routes: RouteTable): MiddlewareHandler<AppEnv> {
  let pending = 0;
  return async (c, next) => {
    if (!c.var.user || !mayWrite(c, routes)) return next();
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

/** The client's address on a real socket; null for in-process requests (tests), which have none. */
function socketAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/**
 * At most `maxPerAddress` requests without a session in flight at once from one address
 * (sign-ins, device messages, refusals); one more is refused at once with 429. Counted from
 * before the body is read to the end of the response, so one address cannot hold more than
 * that many sockets in slow bodies.
 */
export function anonymousPerAddressCap(maxPerAddress: number): MiddlewareHandler<AppEnv> {
  const inFlight = new Map<string, number>();
  return async (c, next) => {
    if (c.var.user) return next();
    const address = socketAddress(c);
    if (address === null) return next();
    const count = inFlight.get(address) ?? 0;
    if (count >= maxPerAddress) {
      throw new ApiError(
        429,
        'too_many_requests',
        'Too many requests at once from this address without signing in. Try again in a moment.',
        undefined,
        { 'Retry-After': '1' },
      );
    }
    inFlight.set(address, count + 1);
    try {
      await next();
    } finally {
      const left = (inFlight.get(address) ?? 1) - 1;
      if (left > 0) inFlight.set(address, left);
      else inFlight.delete(address);
    }
  };
}

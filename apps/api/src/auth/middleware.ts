import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env.ts';
import { ApiError, forbidden, unauthorized } from '../http/errors.ts';
import { DEVICE, PUBLIC } from '../http/route-declaration.ts';
import { matchedEndpoint, type RouteTable } from '../http/routes.ts';
import { ALLOWED_WHILE_ACTION_REQUIRED, actionRequiredFor } from './account.ts';
import { SESSION_COOKIE } from './cookie.ts';
import { findSession, sessionLimits } from './sessions.ts';

/** Loads the session behind the cookie, if any and still valid, into `c.var.user`. */
export const loadSession = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set('user', null);
  c.set('session', null);
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const { db, config, now } = c.var.services;
    const session = await findSession(db, token, now(), sessionLimits(config));
    if (session) {
      c.set('user', session.user);
      c.set('session', session);
    }
  }
  await next();
};

/**
 * Checks the matched route against the roles its declaration allows: 401 without a session, 403
 * when the role may not. A route not declared is refused to everyone (fail closed).
 */
export const authorize =
  (routes: RouteTable): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const endpoint = matchedEndpoint(c);
    if (!endpoint) return next(); // nothing matched: the 404 handler answers
    const permission = routes.permissionFor(endpoint.method, endpoint.path);
    if (permission === PUBLIC || permission === DEVICE) return next();
    const user = c.var.user;
    if (!user) throw unauthorized();
    if (!permission?.includes(user.role)) throw forbidden();
    // A password set by an administrator, or an administrator without a second factor: nothing
    // but the required action until it is done.
    const session = c.var.session;
    const action = session ? actionRequiredFor({ role: user.role, ...session }, c.var.services.config) : null;
    if (action && !ALLOWED_WHILE_ACTION_REQUIRED.has(`${endpoint.method} ${endpoint.path}`)) {
      throw action === 'change_credentials'
        ? new ApiError(403, 'password_change_required', 'Choose your own password before you continue.')
        : new ApiError(
            403,
            'second_factor_enrolment_required',
            'Administrators must set up a one-time password app before they continue.',
          );
    }
    await next();
  };

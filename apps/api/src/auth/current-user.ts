import type { SignedInUser } from '@cellwatch/contracts';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { unauthorized } from '../http/errors.ts';

/** The signed-in user of a route that the permission matrix already restricted to signed-in roles. */
export function currentUser(c: Context<AppEnv>): SignedInUser {
  const user = c.var.user;
  if (!user) throw unauthorized();
  return user;
}

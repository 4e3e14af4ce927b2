import { ROLES, type Role } from '@cellwatch/contracts';

/** Anyone may call these: no session needed. */
export const PUBLIC = 'public' as const;
export type Permission = typeof PUBLIC | readonly Role[];

const EVERYONE = ROLES;
const ADMIN = ['admin'] as const;

/**
 * THE permission matrix: every route the API registers, by `METHOD /path` as registered, with
 * the roles that may call it. A route missing here is refused (fail closed), and a test checks
 * this table against every route the app registers, both ways, for every role and anonymous.
 */
export const PERMISSIONS: Record<string, Permission> = {
  'GET /api/health': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': PUBLIC,
  'GET /api/auth/me': EVERYONE,

  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'POST /api/users/:id/deactivate': ADMIN,
  'POST /api/users/:id/reactivate': ADMIN,
  'POST /api/users/:id/password': ADMIN,

  'GET /api/audit': ADMIN,
  'GET /api/audit/verify': ADMIN,
};

export function permissionFor(method: string, path: string): Permission | undefined {
  return PERMISSIONS[`${method} ${path}`];
}

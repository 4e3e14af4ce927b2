import { ROLES } from '@cellwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE, PUBLIC } from '../src/http/route-declaration.ts';
import { declaredRoutes } from '../src/http/routes.ts';
import { createTestApi, declaredApiRoutes, type TestApi } from './helpers.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

/** The endpoints the app registers: every route but middleware and catch-alls. */
function registeredEndpoints(): string[] {
  const keys = api.app.routes
    .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

/** A concrete URL for a route pattern: ids that do not exist, so nothing is changed. */
const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, '999999');

describe('the permission matrix', () => {
  it('names every registered route, and nothing that is not registered', () => {
    expect(registeredEndpoints()).toEqual(
      declaredRoutes(api.app)
        .map((r) => r.key)
        .sort(),
    );
    expect(declaredApiRoutes()).toEqual(declaredRoutes(api.app));
  });

  const cases = declaredApiRoutes().flatMap(({ key, allow: permission }) =>
    [...ROLES, 'anonymous' as const].map((who) => ({ key, permission, who })),
  );

  it.each(cases)('$key as $who', async ({ key, permission, who }) => {
    const [method, path] = key.split(' ') as [string, string];
    // A fresh session each time, so a logout case cannot affect another.
    const cookie = who === 'anonymous' ? undefined : await api.login(who);
    const res = await api.request(method, concrete(path), {
      cookie,
      json: method === 'GET' ? undefined : {},
    });
    await res.body?.cancel(); // the event stream never ends by itself
    if (permission === PUBLIC) {
      expect([401, 403]).not.toContain(res.status);
    } else if (permission === DEVICE) {
      expect(res.status).toBe(401); // a session is no device key
    } else if (who === 'anonymous') {
      expect(res.status).toBe(401);
    } else if (permission.includes(who)) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(403);
    }
  });
});

import {
  ConfirmEnrolmentResponse,
  LoginResponse,
  MeResponse,
  StartEnrolmentResponse,
} from '@cellwatch/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totpCode } from '../src/auth/second-factor.ts';
import { cookieFrom, createTestApi, TEST_PASSWORD, type TestApi, type TestResponse } from './helpers.ts';

/**
 * The sign-in and account answers the dashboard parses (apps/web/src/auth, apps/web/src/account),
 * read with their contracts (packages/contracts auth.ts) on real requests: `parse` throws, failing
 * the test, when the API drops or retypes a field the contract takes.
 */
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});

/** The JSON of a 200 answer (the body is shown when it is not one). */
async function answer(res: TestResponse) {
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

describe('sign-in and account answers', () => {
  it('a sign-in and "who am I" answer the signed-in user, the session and nothing required', async () => {
    const login = await api.request('POST', '/api/auth/login', {
      json: { username: 'nurse', password: TEST_PASSWORD },
    });
    const raw = await answer(login);
    // The user is exactly the four fields the dashboard shows: never a hash or a secret.
    expect(Object.keys(raw.user).sort()).toEqual(['displayName', 'id', 'role', 'username']);
    const signedIn = LoginResponse.parse(raw);
    expect(signedIn).toMatchObject({
      user: { username: 'nurse', displayName: 'Demo Nurse', role: 'nurse' },
      actionRequired: null,
      resetNotice: null,
      secondFactor: { enrolled: false, recoveryCodesLeft: 0 },
    });
    expect(Date.parse(signedIn.session.absoluteExpiresAt)).toBeGreaterThan(api.now());
    expect(signedIn.unit.timeZone).toMatch(/\w/);
    const cookie = cookieFrom(login);
    const me = MeResponse.parse(await answer(await api.request('GET', '/api/auth/me', { cookie })));
    expect(me.user).toEqual(signedIn.user);
    expect(me.unit).toEqual(signedIn.unit);
  });

  it('after an administrator’s reset: the action required and who reset the password', async () => {
    const admin = await api.login('admin');
    const [row] = await api.query<{ id: number }>("select id from users where username = 'coordinator'");
    const reset = await api.request('POST', `/api/users/${row?.id}/password`, {
      cookie: admin,
      json: { password: 'admin-chosen-password' },
    });
    expect(reset.status).toBe(204);
    const me = LoginResponse.parse(
      await answer(
        await api.request('POST', '/api/auth/login', {
          json: { username: 'coordinator', password: 'admin-chosen-password' },
        }),
      ),
    );
    expect(me.actionRequired).toBe('change_credentials');
    expect(me.resetNotice).toEqual({
      by: 'admin',
      byDisplayName: 'Demo Admin',
      at: new Date(api.now()).toISOString(),
    });
  });

  it('setting up a one-time password app: the URI and secret, then the recovery codes', async () => {
    const cookie = await api.login('hematologist');
    const started = StartEnrolmentResponse.parse(
      await answer(
        await api.request('POST', '/api/auth/second-factor/enrol', {
          cookie,
          json: { password: TEST_PASSWORD },
        }),
      ),
    );
    expect(new URL(started.otpauthUri).searchParams.get('secret')).toBe(started.secret);
    const confirmed = ConfirmEnrolmentResponse.parse(
      await answer(
        await api.request('POST', '/api/auth/second-factor/confirm', {
          cookie,
          json: { code: totpCode(started.secret, api.now()) },
        }),
      ),
    );
    expect(confirmed.recoveryCodes).toHaveLength(10);
    const me = MeResponse.parse(await answer(await api.request('GET', '/api/auth/me', { cookie })));
    expect(me.secondFactor).toEqual({ enrolled: true, recoveryCodesLeft: 10 });
  });

  it('a password change and a sign-out answer 204 with no body, as declared', async () => {
    const cookie = await api.login('nurse');
    const changed = await api.request('POST', '/api/auth/password', {
      cookie,
      json: { currentPassword: TEST_PASSWORD, newPassword: 'my-own-long-password' },
    });
    expect(changed.status).toBe(204);
    expect(await changed.text()).toBe('');
    const out = await api.request('POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(204);
    expect(await out.text()).toBe('');
  });

  it('the OpenAPI document gives each sign-in and account route its answer', async () => {
    const cookie = await api.login('nurse');
    const doc = await answer(await api.request('GET', '/api/openapi.json', { cookie }));
    const declared = (path: string, method: string) => doc.paths[path][method].responses;
    for (const [path, method] of [
      ['/api/auth/login', 'post'],
      ['/api/auth/me', 'get'],
      ['/api/auth/second-factor/enrol', 'post'],
      ['/api/auth/second-factor/confirm', 'post'],
    ] as const) {
      expect(declared(path, method)['200'].content['application/json'].schema, path).toBeDefined();
    }
    expect(declared('/api/auth/me', 'get')['200'].content['application/json'].schema).toEqual(
      declared('/api/auth/login', 'post')['200'].content['application/json'].schema,
    );
    for (const [path, method] of [
      ['/api/auth/logout', 'post'],
      ['/api/auth/password', 'post'],
    ] as const) {
      expect(Object.keys(declared(path, method)), path).toEqual(['204', 'default']);
      expect(declared(path, method)['204'].content, path).toBeUndefined();
    }
  });
});

import { UserListResponse, UserResponse } from '@cellwatch/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, OWASP_SCRYPT, verifyPassword } from '../src/auth/passwords.ts';
import { cookieFrom, createTestApi, expectErrorShape, TEST_PASSWORD, type TestApi } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});

const MINUTE = 60_000;

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns the user without secrets', async () => {
    const res = await api.request('POST', '/api/auth/login', {
      json: { username: 'hematologist', password: TEST_PASSWORD },
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^cellwatch_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure'); // plain http in this test
    const text = await res.text();
    expect(JSON.parse(text).user).toEqual({
      id: expect.any(Number),
      username: 'hematologist',
      displayName: 'Demo Hematologist',
      role: 'hematologist',
    });
    expect(text).not.toMatch(/scrypt|password/i);
  });

  it('marks the cookie Secure when served over https', async () => {
    const res = await api.app.request('https://cellwatch.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nurse', password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('stores only the hash of the session token', async () => {
    const cookie = await api.login('nurse');
    const token = cookie.split('=')[1] as string;
    const rows = await api.query<{ token_hash: string }>('select token_hash from sessions');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.token_hash).not.toBe(token);
  });

  it('refuses a wrong password and an unknown user alike, and audits both', async () => {
    for (const username of ['nurse', 'nobody']) {
      const res = await api.request('POST', '/api/auth/login', {
        json: { username, password: 'wrong-password' },
      });
      expect(res.status).toBe(401);
      expect((await expectErrorShape(res)).code).toBe('invalid_credentials');
    }
    const [failures] = await api.query<{ n: number }>(
      "select count(*) as n from audit_log where action = 'sign_in_failed'",
    );
    expect(failures?.n).toBe(2);
  });

  it('answers /me for the signed-in user and 401 without a session', async () => {
    const cookie = await api.login('coordinator');
    const me = await api.request('GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect((await me.json()).user.role).toBe('coordinator');
    const anonymous = await api.request('GET', '/api/auth/me');
    expect(anonymous.status).toBe(401);
    expect((await expectErrorShape(anonymous)).code).toBe('not_signed_in');
  });

  it('rotates the session id at sign-in: the old cookie stops working', async () => {
    const first = await api.login('nurse');
    const res = await api.request('POST', '/api/auth/login', {
      cookie: first,
      json: { username: 'nurse', password: TEST_PASSWORD },
    });
    const second = cookieFrom(res);
    expect(second).not.toBe(first);
    expect((await api.request('GET', '/api/auth/me', { cookie: first })).status).toBe(401);
    expect((await api.request('GET', '/api/auth/me', { cookie: second })).status).toBe(200);
  });

  it('ends the session at logout', async () => {
    const cookie = await api.login('nurse');
    const out = await api.request('POST', '/api/auth/logout', { cookie, json: {} });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/cellwatch_session=;.*Max-Age=0/);
    expect((await api.request('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });
});

describe('session lifetime', () => {
  it('expires after 30 idle minutes', async () => {
    const cookie = await api.login('nurse');
    api.advance(29 * MINUTE);
    expect((await api.request('GET', '/api/auth/me', { cookie })).status).toBe(200);
    api.advance(30 * MINUTE + 1);
    expect((await api.request('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('stays alive while used, but never past the 12 h absolute lifetime', async () => {
    const cookie = await api.login('nurse');
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      api.advance(20 * MINUTE);
      expect((await api.request('GET', '/api/auth/me', { cookie })).status).toBe(200);
    }
    api.advance(20 * MINUTE);
    expect((await api.request('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('honours configured lifetimes', async () => {
    const short = await (await import('./helpers.ts')).createTestApi({ CELLWATCH_SESSION_IDLE_MINUTES: '5' });
    try {
      const cookie = await short.login('nurse');
      short.advance(5 * MINUTE);
      expect((await short.request('GET', '/api/auth/me', { cookie })).status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('login throttling', () => {
  it('refuses with 429 and Retry-After after 5 failures for an account, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await api.request('POST', '/api/auth/login', {
        json: { username: 'nurse', password: 'nope' },
      });
      expect(res.status).toBe(401);
    }
    const blocked = await api.request('POST', '/api/auth/login', {
      json: { username: 'nurse', password: TEST_PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await expectErrorShape(blocked)).code).toBe('too_many_attempts');
    // Other accounts are not locked out by one account's failures.
    expect(
      (await api.request('POST', '/api/auth/login', { json: { username: 'admin', password: TEST_PASSWORD } }))
        .status,
    ).toBe(200);
    // The window passes and the account can sign in again.
    api.advance(15 * MINUTE + 1000);
    expect(
      (await api.request('POST', '/api/auth/login', { json: { username: 'nurse', password: TEST_PASSWORD } }))
        .status,
    ).toBe(200);
  });

  it('limits one address trying many accounts', async () => {
    for (let i = 0; i < 50; i++) {
      await api.request('POST', '/api/auth/login', { json: { username: `user${i}`, password: 'nope' } });
    }
    const res = await api.request('POST', '/api/auth/login', {
      json: { username: 'admin', password: TEST_PASSWORD },
    });
    expect(res.status).toBe(429);
  });
});

describe('deactivation and password reset', () => {
  it("ends the deactivated user's sessions at once and refuses their sign-in", async () => {
    const admin = await api.login('admin');
    const nurse = await api.login('nurse');
    const users = (await (await api.request('GET', '/api/users', { cookie: admin })).json()).users as {
      id: number;
      username: string;
    }[];
    const nurseId = users.find((u) => u.username === 'nurse')?.id;
    const res = await api.request('POST', `/api/users/${nurseId}/deactivate`, { cookie: admin, json: {} });
    expect(res.status).toBe(200);
    expect((await res.json()).user.active).toBe(false);
    expect((await api.request('GET', '/api/auth/me', { cookie: nurse })).status).toBe(401);
    const again = await api.request('POST', '/api/auth/login', {
      json: { username: 'nurse', password: TEST_PASSWORD },
    });
    expect(again.status).toBe(401);
    // Reactivated, the nurse can sign in again.
    await api.request('POST', `/api/users/${nurseId}/reactivate`, { cookie: admin, json: {} });
    expect(
      (await api.request('POST', '/api/auth/login', { json: { username: 'nurse', password: TEST_PASSWORD } }))
        .status,
    ).toBe(200);
  });

  it('lets an admin create a user and reset a password, ending old sessions', async () => {
    const admin = await api.login('admin');
    const created = await api.request('POST', '/api/users', {
      cookie: admin,
      json: {
        username: 'n.okafor',
        displayName: 'Ngozi Okafor, RN',
        role: 'nurse',
        password: 'a-long-password-1',
      },
    });
    expect(created.status).toBe(201);
    const { user } = await created.json();
    const session = await api.login('n.okafor' as never, 'a-long-password-1');
    const reset = await api.request('POST', `/api/users/${user.id}/password`, {
      cookie: admin,
      json: { password: 'another-long-password' },
    });
    expect(reset.status).toBe(204);
    expect((await api.request('GET', '/api/auth/me', { cookie: session })).status).toBe(401);
    await api.login('n.okafor' as never, 'another-long-password');
    const dup = await api.request('POST', '/api/users', {
      cookie: admin,
      json: { username: 'N.Okafor', displayName: 'Dup', role: 'nurse', password: 'a-long-password-1' },
    });
    expect(dup.status).toBe(409);
  });

  it('answers the user changes in the shapes their contracts declare', async () => {
    const admin = await api.login('admin');
    const created = await api.request('POST', '/api/users', {
      cookie: admin,
      json: {
        username: 'r.night',
        displayName: 'Rae Night, RN',
        role: 'nurse',
        password: 'a-long-password-2',
      },
    });
    expect(created.status).toBe(201);
    const { user } = UserResponse.parse(await created.json());
    expect(user).toMatchObject({ username: 'r.night', role: 'nurse', active: true });
    const off = await api.request('POST', `/api/users/${user.id}/deactivate`, { cookie: admin, json: {} });
    expect(UserResponse.parse(await off.json()).user).toMatchObject({ id: user.id, active: false });
    const on = await api.request('POST', `/api/users/${user.id}/reactivate`, { cookie: admin, json: {} });
    expect(UserResponse.parse(await on.json()).user).toMatchObject({ id: user.id, active: true });
    const list = UserListResponse.parse(
      await (await api.request('GET', '/api/users', { cookie: admin })).json(),
    );
    expect(list.users.find((u) => u.id === user.id)).toEqual({ ...user, active: true });
  });

  it('refuses an admin deactivating their own account', async () => {
    const admin = await api.login('admin');
    const me = (await (await api.request('GET', '/api/auth/me', { cookie: admin })).json()).user;
    const res = await api.request('POST', `/api/users/${me.id}/deactivate`, { cookie: admin, json: {} });
    expect(res.status).toBe(409);
  });
});

describe('password hashing', () => {
  it('uses the OWASP scrypt parameters by default and verifies in constant time', async () => {
    expect(OWASP_SCRYPT).toEqual({ logN: 17, r: 8, p: 1 });
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});

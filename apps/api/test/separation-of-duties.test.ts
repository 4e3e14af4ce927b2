import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieFrom, createTestApi, expectErrorShape, TEST_PASSWORD, type TestApi } from './helpers.ts';
import { pendingReview } from './review-fixture.ts';

const H = 3_600_000;
let api: TestApi;
let admin: string;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(5 * 24 * H);
  admin = await api.login('admin');
});
afterEach(async () => {
  await api.close();
});

async function userId(username: string): Promise<number> {
  const users = (await (await api.request('GET', '/api/users', { cookie: admin })).json()).users as {
    id: number;
    username: string;
  }[];
  const found = users.find((u) => u.username === username);
  if (!found) throw new Error(`no user ${username}`);
  return found.id;
}

const signIn = (username: string, password: string) =>
  api.request('POST', '/api/auth/login', { json: { username, password } });

async function signatures(): Promise<number> {
  const [row] = await api.query<{ n: number }>('select count(*) as n from grade_signatures');
  return Number(row?.n);
}

describe('separation of duties: an administrator resets a password', () => {
  it('sets a one-time password: forced change, reset shown, signatures refused until the owner chooses one', async () => {
    const reviewId = await pendingReview(api);
    const hemaId = await userId('hematologist');
    const reset = await api.request('POST', `/api/users/${hemaId}/password`, {
      cookie: admin,
      json: { password: 'admin-chosen-password' },
    });
    expect(reset.status).toBe(204);

    // The administrator signs in as the hematologist with the password they set…
    const asHema = await signIn('hematologist', 'admin-chosen-password');
    expect(asHema.status).toBe(200);
    const me = await asHema.json();
    expect(me.actionRequired).toBe('change_credentials');
    // …and the reset is shown: by whom and when.
    expect(me.resetNotice).toEqual({
      by: 'admin',
      byDisplayName: 'Demo Admin',
      at: new Date(api.now()).toISOString(),
    });
    const cookie = cookieFrom(asHema);
    // Nothing but the password change is allowed, and above all no signature.
    const queue = await api.request('GET', '/api/reviews', { cookie });
    expect(queue.status).toBe(403);
    expect((await expectErrorShape(queue)).code).toBe('password_change_required');
    const sign = await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
      cookie,
      json: { password: 'admin-chosen-password' },
    });
    expect(sign.status).toBe(403);
    expect(await signatures()).toBe(0);

    // The owner chooses their own password: the one-time one is needed to do so.
    const wrongCurrent = await api.request('POST', '/api/auth/password', {
      cookie,
      json: { currentPassword: 'not-it', newPassword: 'my-own-long-password' },
    });
    expect(wrongCurrent.status).toBe(401);
    const same = await api.request('POST', '/api/auth/password', {
      cookie,
      json: { currentPassword: 'admin-chosen-password', newPassword: 'admin-chosen-password' },
    });
    expect(same.status).toBe(400);
    const short = await api.request('POST', '/api/auth/password', {
      cookie,
      json: { currentPassword: 'admin-chosen-password', newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect((await expectErrorShape(short)).fields).toEqual([
      { path: 'newPassword', message: 'at least 12 characters' },
    ]);
    const changed = await api.request('POST', '/api/auth/password', {
      cookie,
      json: { currentPassword: 'admin-chosen-password', newPassword: 'my-own-long-password' },
    });
    expect(changed.status).toBe(204);
    expect((await (await api.request('GET', '/api/auth/me', { cookie })).json()).actionRequired).toBeNull();

    // The admin-set password no longer signs anything; the owner's does.
    const oldPassword = await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
      cookie,
      json: { password: 'admin-chosen-password' },
    });
    expect(oldPassword.status).toBe(401);
    expect(await signatures()).toBe(0);
    const signed = await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
      cookie,
      json: { password: 'my-own-long-password' },
    });
    expect(signed.status).toBe(200);
    expect(await signatures()).toBe(1);

    const trail = await api.query<{ action: string; username: string; after_json: string | null }>(
      "select action, username, after_json from audit_log where action in ('reset_password', 'change_password') order by seq",
    );
    expect(trail.map((r) => [r.action, r.username])).toEqual([
      ['reset_password', 'admin'],
      ['change_password', 'hematologist'],
    ]);
    expect(JSON.parse(trail[0]?.after_json ?? '{}')).toMatchObject({ mustChangePassword: true });
  });

  it('refuses a signature while the password is not its owner’s, whatever the route guard says', async () => {
    const reviewId = await pendingReview(api);
    const hema = await api.login('hematologist');
    // As if the password had been set by someone else without the forced change (defence in depth).
    await api.query(
      'update users set password_set_by = (select id from users where username = ?) where username = ?',
      'admin',
      'hematologist',
    );
    const res = await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
      cookie: hema,
      json: { password: TEST_PASSWORD },
    });
    expect(res.status).toBe(403);
    expect((await expectErrorShape(res)).code).toBe('password_not_owner_chosen');
    expect(await signatures()).toBe(0);
  });

  it('a password change signs the user out elsewhere but keeps this session', async () => {
    const tablet = await api.login('nurse');
    const station = await api.login('nurse');
    const res = await api.request('POST', '/api/auth/password', {
      cookie: station,
      json: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password' },
    });
    expect(res.status).toBe(204);
    expect((await api.request('GET', '/api/auth/me', { cookie: tablet })).status).toBe(401);
    expect((await api.request('GET', '/api/auth/me', { cookie: station })).status).toBe(200);
    expect((await signIn('nurse', TEST_PASSWORD)).status).toBe(401);
    expect((await signIn('nurse', 'a-new-long-password')).status).toBe(200);
  });
});

describe('accounts an administrator creates or re-enables', () => {
  it('are audited, with the one-time password noted, and listed among account changes', async () => {
    const created = await api.request('POST', '/api/users', {
      cookie: admin,
      json: {
        username: 'dr.new',
        displayName: 'Dr New',
        role: 'hematologist',
        password: 'one-time-password-1',
      },
    });
    expect(created.status).toBe(201);
    const { user } = await created.json();
    await api.request('POST', `/api/users/${user.id}/deactivate`, { cookie: admin, json: {} });
    await api.request('POST', `/api/users/${user.id}/reactivate`, { cookie: admin, json: {} });

    // The new account's first sign-in must choose its own password.
    const first = await signIn('dr.new', 'one-time-password-1');
    expect(first.status).toBe(200);
    expect((await first.json()).actionRequired).toBe('change_credentials');

    const list = await api.request('GET', '/api/audit?entity=user', { cookie: admin });
    expect(list.status).toBe(200);
    const entries = (await list.json()).entries as {
      action: string;
      username: string;
      entityId: string;
      after: Record<string, unknown>;
    }[];
    const forNew = entries.filter((e) => e.entityId === String(user.id)).reverse();
    expect(forNew.map((e) => [e.action, e.username])).toEqual([
      ['create', 'admin'],
      ['deactivate', 'admin'],
      ['reactivate', 'admin'],
    ]);
    expect(forNew[0]?.after).toMatchObject({
      role: 'hematologist',
      passwordSetBy: expect.any(Number),
      mustChangePassword: true,
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { totpCode } from '../src/auth/second-factor.ts';
import { cookieFrom, createTestApi, expectErrorShape, TEST_PASSWORD, type TestApi } from './helpers.ts';
import { pendingReview } from './review-fixture.ts';

const STEP = 30_000;
let api: TestApi;
afterEach(async () => {
  await api?.close();
});

async function enrol(cookie: string, username: string) {
  const start = await api.request('POST', '/api/auth/second-factor/enrol', {
    cookie,
    json: { password: TEST_PASSWORD },
  });
  expect(start.status).toBe(200);
  const { otpauthUri, secret } = await start.json();
  expect(otpauthUri).toMatch(new RegExp(`^otpauth://totp/CellWatch:${username}\\?`));
  expect(new URL(otpauthUri).searchParams.get('secret')).toBe(secret);
  expect(new URL(otpauthUri).searchParams.get('issuer')).toBe('CellWatch');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // A wrong code does not finish the enrolment.
  const wrong = await api.request('POST', '/api/auth/second-factor/confirm', {
    cookie,
    json: { code: totpCode(secret, api.now()) === '000000' ? '111111' : '000000' },
  });
  expect(wrong.status).toBe(401);
  const confirm = await api.request('POST', '/api/auth/second-factor/confirm', {
    cookie,
    json: { code: totpCode(secret, api.now()) },
  });
  expect(confirm.status).toBe(200);
  const { recoveryCodes } = await confirm.json();
  return { secret: secret as string, recoveryCodes: recoveryCodes as string[] };
}

const signIn = (username: string, code?: string, password = TEST_PASSWORD) =>
  api.request('POST', '/api/auth/login', { json: { username, password, ...(code ? { code } : {}) } });

describe('one-time passwords (RFC 6238) as a second factor', () => {
  it('enrols, then asks for a code at sign-in, refuses a wrong one and a replayed one', async () => {
    api = await createTestApi();
    const cookie = await api.login('hematologist');
    const { secret, recoveryCodes } = await enrol(cookie, 'hematologist');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const me = await (await api.request('GET', '/api/auth/me', { cookie })).json();
    expect(me.secondFactor).toEqual({ enrolled: true, recoveryCodesLeft: 10 });

    // Without a code: asked for one, no session.
    const bare = await signIn('hematologist');
    expect(bare.status).toBe(401);
    expect(bare.headers.get('set-cookie')).toBeNull();
    expect((await expectErrorShape(bare)).code).toBe('second_factor_required');
    // The code used for the enrolment is spent already: a replay.
    const replayAtEnrolment = await signIn('hematologist', totpCode(secret, api.now()));
    expect(replayAtEnrolment.status).toBe(401);
    expect((await expectErrorShape(replayAtEnrolment)).code).toBe('invalid_second_factor');

    api.advance(STEP);
    const wrong = await signIn(
      'hematologist',
      '123456' === totpCode(secret, api.now()) ? '654321' : '123456',
    );
    expect(wrong.status).toBe(401);
    const code = totpCode(secret, api.now());
    const ok = await signIn('hematologist', code);
    expect(ok.status).toBe(200);
    expect((await ok.json()).user.username).toBe('hematologist');
    // The same code again within its window: refused.
    const replay = await signIn('hematologist', code);
    expect(replay.status).toBe(401);
    expect((await expectErrorShape(replay)).message).toMatch(/used already/);
    // An earlier step's code, still within the drift window, is refused too.
    api.advance(STEP);
    expect((await signIn('hematologist', code)).status).toBe(401);
    expect((await signIn('hematologist', totpCode(secret, api.now()))).status).toBe(200);
    const trail = await api.query<{ after_json: string | null }>(
      "select after_json from audit_log where action = 'sign_in_failed' and after_json like '%second_factor%'",
    );
    expect(trail.length).toBe(4);
  });

  it('accepts each recovery code once, stores only hashes, and never returns the secret again', async () => {
    api = await createTestApi();
    const cookie = await api.login('nurse');
    const { secret, recoveryCodes } = await enrol(cookie, 'nurse');
    const [first, second] = recoveryCodes as [string, string];
    expect((await signIn('nurse', first)).status).toBe(200);
    const again = await signIn('nurse', first);
    expect(again.status).toBe(401);
    expect((await expectErrorShape(again)).code).toBe('invalid_second_factor');
    const withSecond = await signIn('nurse', second.toUpperCase());
    expect(withSecond.status).toBe(200);
    expect((await withSecond.json()).secondFactor).toEqual({ enrolled: true, recoveryCodesLeft: 8 });

    const stored = await api.query<{ code_hash: string }>('select code_hash from recovery_codes');
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(recoveryCodes).not.toContain(row.code_hash);
    }
    // Enrolling again is refused, and nothing any route answers carries the secret.
    const session = cookieFrom(withSecond);
    const reenrol = await api.request('POST', '/api/auth/second-factor/enrol', {
      cookie: session,
      json: { password: TEST_PASSWORD },
    });
    expect(reenrol.status).toBe(409);
    const texts = [
      await reenrol.text(),
      await (await api.request('GET', '/api/auth/me', { cookie: session })).text(),
    ];
    const admin = await api.login('admin');
    texts.push(await (await api.request('GET', '/api/audit?limit=500', { cookie: admin })).text());
    texts.push(await (await api.request('GET', '/api/users', { cookie: admin })).text());
    for (const text of texts) {
      expect(text).not.toContain(secret);
      for (const code of recoveryCodes) expect(text).not.toContain(code);
    }
  });

  it('makes an administrator without a second factor enrol before anything else', async () => {
    api = await createTestApi({ CELLWATCH_TOTP_FOR_ADMINS: '1' });
    const res = await signIn('admin');
    expect(res.status).toBe(200);
    expect((await res.json()).actionRequired).toBe('enrol_second_factor');
    const cookie = cookieFrom(res);
    const users = await api.request('GET', '/api/users', { cookie });
    expect(users.status).toBe(403);
    expect((await expectErrorShape(users)).code).toBe('second_factor_enrolment_required');
    const { secret } = await enrol(cookie, 'admin');
    expect((await api.request('GET', '/api/users', { cookie })).status).toBe(200);
    expect((await (await api.request('GET', '/api/auth/me', { cookie })).json()).actionRequired).toBeNull();
    // From now on the administrator signs in with a code.
    expect((await signIn('admin')).status).toBe(401);
    api.advance(STEP);
    expect((await signIn('admin', totpCode(secret, api.now()))).status).toBe(200);
    // Other roles are not made to enrol.
    const nurse = await signIn('nurse');
    expect((await nurse.json()).actionRequired).toBeNull();
  });

  it('asks for a code at signing when CELLWATCH_TOTP_FOR_SIGNING is set', async () => {
    api = await createTestApi({ CELLWATCH_TOTP_FOR_SIGNING: '1' });
    api.advance(5 * 24 * 3_600_000);
    const reviewId = await pendingReview(api);
    const hema = await api.login('hematologist');
    const confirm = (json: Record<string, unknown>) =>
      api.request('POST', `/api/reviews/${reviewId}/confirm`, { cookie: hema, json });
    const unenrolled = await confirm({ password: TEST_PASSWORD });
    expect(unenrolled.status).toBe(403);
    expect((await expectErrorShape(unenrolled)).code).toBe('second_factor_enrolment_required');
    const { secret } = await enrol(hema, 'hematologist');
    const noCode = await confirm({ password: TEST_PASSWORD });
    expect(noCode.status).toBe(401);
    expect((await expectErrorShape(noCode)).code).toBe('second_factor_required');
    api.advance(STEP);
    const code = totpCode(secret, api.now());
    const badPassword = await confirm({ password: 'wrong', code });
    expect(badPassword.status).toBe(401);
    const signed = await confirm({ password: TEST_PASSWORD, code });
    expect(signed.status).toBe(200);
    expect((await signed.json()).review.status).toBe('confirmed');
    const [row] = await api.query<{ n: number }>('select count(*) as n from grade_signatures');
    expect(Number(row?.n)).toBe(1);
  });
});

describe("an administrator's reset of someone's second factor", () => {
  it('removes the app, spends the recovery codes, ends the sessions, is audited, and is refused for oneself', async () => {
    api = await createTestApi();
    const hema = await api.login('hematologist');
    const { recoveryCodes } = await enrol(hema, 'hematologist');
    const admin = await api.login('admin');
    const users = (await (await api.request('GET', '/api/users', { cookie: admin })).json()).users as {
      id: number;
      username: string;
    }[];
    const id = (name: string) => users.find((u) => u.username === name)?.id;
    const own = await api.request('POST', `/api/users/${id('admin')}/second-factor/reset`, {
      cookie: admin,
      json: {},
    });
    expect(own.status).toBe(409);
    const reset = await api.request('POST', `/api/users/${id('hematologist')}/second-factor/reset`, {
      cookie: admin,
      json: {},
    });
    expect(reset.status).toBe(204);
    expect((await api.request('GET', '/api/auth/me', { cookie: hema })).status).toBe(401);
    // Signs in with the password alone again; the old recovery codes are spent.
    const again = await signIn('hematologist');
    expect(again.status).toBe(200);
    expect((await again.json()).secondFactor).toEqual({ enrolled: false, recoveryCodesLeft: 0 });
    const [left] = await api.query<{ n: number }>(
      'select count(*) as n from recovery_codes where used_at is null',
    );
    expect(Number(left?.n)).toBe(0);
    expect(recoveryCodes).toHaveLength(10);
    const [audited] = await api.query<{ username: string }>(
      "select username from audit_log where action = 'reset_second_factor'",
    );
    expect(audited?.username).toBe('admin');
    const none = await api.request('POST', `/api/users/${id('hematologist')}/second-factor/reset`, {
      cookie: admin,
      json: {},
    });
    expect(none.status).toBe(409);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectErrorShape, TEST_PASSWORD, type TestApi } from './helpers.ts';

const MINUTE = 60_000;
const H = 60 * MINUTE;
let api: TestApi;

beforeEach(async () => {
  api = await createTestApi();
});
afterEach(async () => {
  await api.close();
});

const signIn = (username: string, password: string, address: string) =>
  api.request('POST', '/api/auth/login', { json: { username, password }, address });

async function failuresAudited(): Promise<number> {
  const [row] = await api.query<{ n: number }>(
    "select count(*) as n from audit_log where action = 'sign_in_failed'",
  );
  return Number(row?.n);
}

describe('sign-in throttle', () => {
  it('checks at most 5 of 40 parallel wrong passwords for one account', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => signIn('nurse', 'wrong-password', '10.1.1.1')),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect(await failuresAudited()).toBe(5);
    // Still held back with the right password from that address.
    expect((await signIn('nurse', TEST_PASSWORD, '10.1.1.1')).status).toBe(429);
  });

  it('checks at most 20 parallel wrong passwords for one account spread over 40 addresses', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn('nurse', 'wrong-password', `10.2.0.${i + 1}`)),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(20);
    expect(results.filter((r) => r.status === 429)).toHaveLength(20);
    expect(await failuresAudited()).toBe(20);
  });

  it('lets the right password in from a known address during an attack from other addresses', async () => {
    // The nurse's ward tablet has signed in before: its address is known for this account.
    expect((await signIn('nurse', TEST_PASSWORD, '10.0.0.5')).status).toBe(200);
    for (let i = 0; i < 8; i++) {
      await Promise.all(Array.from({ length: 6 }, () => signIn('nurse', 'guess', `203.0.113.${i + 1}`)));
    }
    // The attack reached the account-wide cap: a new address is held back even with the password…
    const stranger = await signIn('nurse', TEST_PASSWORD, '198.51.100.7');
    expect(stranger.status).toBe(429);
    expect((await expectErrorShape(stranger)).code).toBe('too_many_attempts');
    // …but the nurse's own tablet is not locked out.
    const own = await signIn('nurse', TEST_PASSWORD, '10.0.0.5');
    expect(own.status).toBe(200);
    expect((await own.json()).user.username).toBe('nurse');
  });

  it('a known address is not held back by many failed accounts from another shared address either', async () => {
    expect((await signIn('admin', TEST_PASSWORD, '10.0.0.9')).status).toBe(200);
    for (let i = 0; i < 50; i++) await signIn(`user${i}`, 'nope', '10.0.0.9');
    // A never-seen account-address pair is held back by the address's failures…
    expect((await signIn('coordinator', TEST_PASSWORD, '10.0.0.9')).status).toBe(429);
    // …the admin, who has signed in from there before, is not.
    expect((await signIn('admin', TEST_PASSWORD, '10.0.0.9')).status).toBe(200);
  });

  it('holds back an address that never signed in to the account for 15 minutes after 5 failures', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('nurse', 'nope', '10.5.5.5')).status).toBe(401);
    const held = await signIn('nurse', TEST_PASSWORD, '10.5.5.5');
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBe(15 * 60);
    api.advance(15 * MINUTE + 1000);
    expect((await signIn('nurse', TEST_PASSWORD, '10.5.5.5')).status).toBe(200);
  });

  it('from a known address, grows the delay with each further failure instead of a fixed lock; a success clears it', async () => {
    expect((await signIn('nurse', TEST_PASSWORD, '10.3.3.3')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn('nurse', 'nope', '10.3.3.3')).status).toBe(401);
    const retryAfter = async () => {
      const res = await signIn('nurse', 'nope', '10.3.3.3');
      expect(res.status).toBe(429);
      return Number(res.headers.get('retry-after'));
    };
    expect(await retryAfter()).toBe(60);
    api.advance(MINUTE);
    expect((await signIn('nurse', 'nope', '10.3.3.3')).status).toBe(401);
    expect(await retryAfter()).toBe(120);
    api.advance(2 * MINUTE);
    expect((await signIn('nurse', 'nope', '10.3.3.3')).status).toBe(401);
    expect(await retryAfter()).toBe(240);
    // Never more than 15 minutes between attempts.
    for (const wait of [4, 8, 15]) {
      api.advance(wait * MINUTE);
      expect((await signIn('nurse', 'nope', '10.3.3.3')).status).toBe(401);
    }
    expect(await retryAfter()).toBe(15 * 60);
    api.advance(15 * MINUTE);
    expect((await signIn('nurse', TEST_PASSWORD, '10.3.3.3')).status).toBe(200);
    // The success cleared this address's failures: a typo now costs nothing.
    expect((await signIn('nurse', 'nope', '10.3.3.3')).status).toBe(401);
    expect((await signIn('nurse', TEST_PASSWORD, '10.3.3.3')).status).toBe(200);
  });

  it("forgets a known address's failures a day after the last one", async () => {
    expect((await signIn('nurse', TEST_PASSWORD, '10.4.4.4')).status).toBe(200);
    for (let i = 0; i < 5; i++) await signIn('nurse', 'nope', '10.4.4.4');
    expect((await signIn('nurse', TEST_PASSWORD, '10.4.4.4')).status).toBe(429);
    api.advance(24 * H + 1000);
    for (let i = 0; i < 5; i++) expect((await signIn('nurse', 'nope', '10.4.4.4')).status).toBe(401);
  });
});

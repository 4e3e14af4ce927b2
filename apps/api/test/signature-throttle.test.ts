import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, TEST_PASSWORD, type TestApi } from './helpers.ts';
import { pendingReview } from './review-fixture.ts';

const H = 3_600_000;
let api: TestApi;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(5 * 24 * H);
});
afterEach(async () => {
  await api.close();
});

/** A hematologist account created by the admin, with a password its owner then chose. */
async function hematologist(admin: string, n: number): Promise<string> {
  const username = `hema${n}`;
  const created = await api.request('POST', '/api/users', {
    cookie: admin,
    json: { username, displayName: `Dr ${n}`, role: 'hematologist', password: 'one-time-password-1' },
  });
  expect(created.status).toBe(201);
  const cookie = await api.login(username as never, 'one-time-password-1');
  const changed = await api.request('POST', '/api/auth/password', {
    cookie,
    json: { currentPassword: 'one-time-password-1', newPassword: `own-password-of-${n}` },
  });
  expect(changed.status).toBe(204);
  return cookie;
}

describe('signature throttle', () => {
  it("is kept per signer: ten colleagues' wrong passwords do not hold back another's signature", async () => {
    const reviewId = await pendingReview(api);
    const admin = await api.login('admin');
    const colleagues: string[] = [];
    for (let n = 1; n <= 10; n++) colleagues.push(await hematologist(admin, n));
    for (const cookie of colleagues) {
      for (let i = 0; i < 5; i++) {
        const res = await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
          cookie,
          json: { password: 'wrong-password' },
        });
        expect(res.status).toBe(401);
      }
      // Each of them is now held back…
      const held = await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
        cookie,
        json: { password: 'wrong-password' },
      });
      expect(held.status).toBe(429);
    }
    // …but not the hematologist who has typed nothing wrong.
    const hema = await api.login('hematologist');
    const signed = await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
      cookie: hema,
      json: { password: TEST_PASSWORD },
    });
    expect(signed.status).toBe(200);
  });

  it('checks at most 5 of 40 parallel wrong signature passwords', async () => {
    const reviewId = await pendingReview(api);
    const hema = await api.login('hematologist');
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        api.request('POST', `/api/reviews/${reviewId}/confirm`, {
          cookie: hema,
          json: { password: 'wrong' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(35);
  });

  it("does not count signature mistakes against the signer's sign-in", async () => {
    const reviewId = await pendingReview(api);
    const hema = await api.login('hematologist');
    for (let i = 0; i < 6; i++) {
      await api.request('POST', `/api/reviews/${reviewId}/confirm`, {
        cookie: hema,
        json: { password: 'wrong' },
      });
    }
    const res = await api.request('POST', '/api/auth/login', {
      json: { username: 'hematologist', password: TEST_PASSWORD },
    });
    expect(res.status).toBe(200);
  });
});

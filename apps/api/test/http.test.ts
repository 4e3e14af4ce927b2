import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectErrorShape, type TestApi } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi({ CELLWATCH_MAX_BODY_BYTES: '4096' });
});
afterEach(async () => {
  await api.close();
});

const auditRows = async (api: TestApi) =>
  (await api.query<{ n: number }>('select count(*) as n from audit_log'))[0]?.n;
const userRows = async (api: TestApi) =>
  (await api.query<{ n: number }>('select count(*) as n from users'))[0]?.n;

describe('health', () => {
  it('answers ok with the database checked, without a session', async () => {
    const res = await api.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 when the database is gone', async () => {
    await api.opened.db.destroy();
    const res = await api.request('GET', '/api/health');
    expect(res.status).toBe(503);
    expect((await res.json()).status).toBe('unavailable');
  });
});

describe('validation and the error shape', () => {
  it('refuses unknown fields with their path, and writes nothing', async () => {
    const admin = await api.login('admin');
    const before = [await auditRows(api), await userRows(api)];
    const res = await api.request('POST', '/api/users', {
      cookie: admin,
      json: { username: 'x.y', displayName: 'X', role: 'nurse', password: 'long-enough-pass', isRoot: true },
    });
    expect(res.status).toBe(400);
    const error = await expectErrorShape(res);
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([
      expect.objectContaining({ path: '(body)', message: expect.stringMatching(/isRoot/) }),
    ]);
    expect([await auditRows(api), await userRows(api)]).toEqual(before);
  });

  it('names each invalid field', async () => {
    const admin = await api.login('admin');
    const res = await api.request('POST', '/api/users', {
      cookie: admin,
      json: { username: 'a b', displayName: '', role: 'surgeon', password: 'short' },
    });
    expect(res.status).toBe(400);
    const paths = ((await expectErrorShape(res)).fields as { path: string }[]).map((f) => f.path).sort();
    expect(paths).toEqual(['displayName', 'password', 'role', 'username']);
  });

  it('refuses a write that is not JSON with 415', async () => {
    const admin = await api.login('admin');
    const res = await api.request('POST', '/api/users', {
      cookie: admin,
      body: 'username=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect((await expectErrorShape(res)).code).toBe('unsupported_media_type');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await api.request('POST', '/api/auth/login', {
      body: '{"username": "nurse",',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await expectErrorShape(res)).fields).toEqual([{ path: '(body)', message: 'invalid JSON' }]);
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    const res = await api.request('POST', '/api/auth/login', {
      json: { username: 'nurse', password: 'x'.repeat(10_000) },
    });
    expect(res.status).toBe(413);
    expect((await expectErrorShape(res)).code).toBe('payload_too_large');
  });

  it('refuses invalid path parameters and query strings', async () => {
    const admin = await api.login('admin');
    const bad = await api.request('POST', '/api/users/abc/deactivate', { cookie: admin, json: {} });
    expect(bad.status).toBe(400);
    expect(((await expectErrorShape(bad)).fields as { path: string }[])[0]?.path).toBe('id');
    const q = await api.request('GET', '/api/audit?limit=100000', { cookie: admin });
    expect(q.status).toBe(400);
    const unknown = await api.request('GET', '/api/audit?sql=drop', { cookie: admin });
    expect(unknown.status).toBe(400);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await api.request('GET', '/api/no-such-thing');
    expect(res.status).toBe(404);
    expect((await expectErrorShape(res)).code).toBe('not_found');
  });
});

describe('hardening', () => {
  it('sends the security headers', async () => {
    const res = await api.request('GET', '/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|\*/);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses cross-site state-changing requests', async () => {
    const admin = await api.login('admin');
    const before = await userRows(api);
    const json = { username: 'evil', displayName: 'Evil', role: 'admin', password: 'long-enough-pass' };
    const fromOrigin = await api.request('POST', '/api/users', {
      cookie: admin,
      json,
      headers: { origin: 'https://attacker.example' },
    });
    expect(fromOrigin.status).toBe(403);
    expect((await expectErrorShape(fromOrigin)).code).toBe('cross_site_refused');
    const fetchSite = await api.request('POST', '/api/users', {
      cookie: admin,
      json,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchSite.status).toBe(403);
    expect(await userRows(api)).toBe(before);
    const sameOrigin = await api.request('POST', '/api/users', {
      cookie: admin,
      json,
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(201);
  });
});

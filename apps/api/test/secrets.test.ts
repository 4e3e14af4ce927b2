import { ROLES } from '@cellwatch/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { declaredRoutes } from '../src/http/routes.ts';
import { createTestApi, T0, TEST_PASSWORD, type TestApi } from './helpers.ts';

let api: TestApi;
const logged: string[] = [];
beforeAll(async () => {
  for (const method of ['log', 'error', 'warn', 'info'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
  }
  api = await createTestApi();
  api.advance(2 * 86_400_000);
  const coord = await api.login('coordinator');
  await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'SEC-1',
      givenName: 'Se',
      familyName: 'Cret',
      birthDate: '1970-01-01',
      sex: 'female',
      weightKg: 60,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status: 'inpatient_monitoring',
    },
  });
  const admin = await api.login('admin');
  await api.request('POST', '/api/users', {
    cookie: admin,
    json: { username: 'new.nurse', displayName: 'New Nurse', role: 'nurse', password: 'another-secret-pass' },
  });
  await api.request('POST', '/api/auth/login', {
    json: { username: 'nurse', password: 'wrong-secret-guess' },
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api.close();
});

describe('secrets', () => {
  it('never appear in any response, for any role, nor in the logs', async () => {
    const hashes = (await api.query<{ password_hash: string }>('select password_hash from users')).map(
      (r) => r.password_hash,
    );
    const tokens = (await api.query<{ token_hash: string }>('select token_hash from sessions')).map(
      (r) => r.token_hash,
    );
    const secrets = [
      TEST_PASSWORD,
      'another-secret-pass',
      'wrong-secret-guess',
      ...hashes,
      ...tokens,
      'scrypt$',
    ];
    const bodies: string[] = [];
    for (const role of ROLES) {
      const cookie = await api.login(role);
      for (const key of declaredRoutes(api.app)
        .map((r) => r.key)
        .filter((k) => k.startsWith('GET ') && k !== 'GET /api/events')) {
        const res = await api.request('GET', key.slice(4).replace(':id', '1'), { cookie });
        bodies.push(await res.text());
      }
    }
    expect(bodies.length).toBeGreaterThan(40);
    for (const secret of secrets) {
      for (const body of bodies) expect(body).not.toContain(secret);
      for (const line of logged) expect(line).not.toContain(secret);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, declaredApiRoutes, expectErrorShape, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
const ids: Record<string, number> = {};

/** Every table, so that "nothing written" is checked everywhere at once. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await api.tables()) {
    counts[name] = (await api.query<{ n: number }>(`select count(*) as n from "${name}"`))[0]?.n ?? 0;
  }
  return counts;
}

beforeAll(async () => {
  api = await createTestApi();
  api.advance(2 * 24 * H);
  const coord = await api.login('coordinator');
  const hema = await api.login('hematologist');
  const post = async (cookie: string, path: string, json: unknown) => {
    const res = await api.request('POST', path, { cookie, json });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const t = (h: number) => new Date(T0 + h * H).toISOString();
  const { patient } = await post(coord, '/api/patients', {
    mrn: 'BAD-1',
    givenName: 'Bad',
    familyName: 'Input',
    birthDate: '1980-01-01',
    sex: 'male',
    weightKg: 80,
    diagnosis: 'myositis',
    product: 'cd19_car_t',
    infusionAt: t(0),
    status: 'inpatient_monitoring',
  });
  ids.id = patient.id;
  ids.vital = (
    await post(hema, `/api/patients/${patient.id}/vitals`, { takenAt: t(1), temperatureC: 37 })
  ).vital.id;
  ids.infusion = (
    await post(hema, `/api/patients/${patient.id}/vasopressors`, { drug: 'norepinephrine', startedAt: t(2) })
  ).infusion.id;
});
afterAll(async () => {
  await api.close();
});

const BAD_BODIES: [string, unknown][] = [
  ['an empty object', {}],
  ['an array', [1, 2, 3]],
  ['a string', 'DROP TABLE patients;'],
  ['null', null],
  [
    'wrong types everywhere',
    { takenAt: 12, temperatureC: '39', drug: 7, password: false, mrn: { $ne: 1 }, results: 'x' },
  ],
  ['an unknown field', { __proto__: { admin: true }, constructor: 'x', extra: '<script>alert(1)</script>' }],
  [
    'huge and odd numbers',
    { weightKg: 1e308, dose: -1, temperatureC: Number.MAX_VALUE, grade: 9.5, limit: 'NaN' },
  ],
];

const writeRoutes = declaredApiRoutes()
  .map((spec) => [spec.key, spec] as const)
  .filter(([key, spec]) => !key.startsWith('GET ') && spec.body && key !== 'POST /api/auth/login');

describe('bad input never writes anything', () => {
  // A body the route's own contract accepts (e.g. `{}` for deactivate) is not bad input there.
  const cases = writeRoutes.flatMap(([key, spec]) =>
    BAD_BODIES.filter(([, body]) => !spec.body?.safeParse(body).success).map(([what, body]) => ({
      key,
      spec,
      what,
      body,
    })),
  );
  it.each(cases)('$key with $what', async ({ key, spec, body }) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const path = pattern
      .replace(':id', String(ids.id))
      .replace('/vitals/:factId', `/vitals/${ids.vital}`)
      .replace('/vasopressors/:factId', `/vasopressors/${ids.infusion}`)
      .replace(':factId', '1');
    const role =
      typeof spec.allow === 'string'
        ? null
        : spec.allow.includes('hematologist')
          ? 'hematologist'
          : spec.allow[0];
    const cookie = role ? await api.login(role) : undefined;
    const before = await rowCounts();
    const res = await api.request(method, path, {
      cookie,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expectErrorShape(res);
    const after = await rowCounts();
    // Signing in for the test adds a session and its audit row; nothing else may change.
    expect({ ...after, sessions: 0, audit_log: 0 }).toEqual({ ...before, sessions: 0, audit_log: 0 });
    expect(after.audit_log).toBe(before.audit_log);
  });

  it('refuses clinically impossible vitals with 422 and the field, writing nothing', async () => {
    const nurse = await api.login('nurse');
    const before = await rowCounts();
    const res = await api.request('POST', `/api/patients/${ids.id}/vitals`, {
      cookie: nurse,
      json: {
        takenAt: new Date(T0 + 3 * H).toISOString(),
        temperatureC: 47,
        systolic: 80,
        diastolic: 95,
        spo2: 101,
      },
    });
    expect(res.status).toBe(422);
    const error = await expectErrorShape(res);
    expect((error.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'diastolic',
      'spo2',
      'temperatureC',
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts unusual vitals with a flag', async () => {
    const nurse = await api.login('nurse');
    const res = await api.request('POST', `/api/patients/${ids.id}/vitals`, {
      cookie: nurse,
      json: { takenAt: new Date(T0 + 4 * H).toISOString(), heartRate: 215, temperatureF: 95 },
    });
    expect(res.status).toBe(201);
    const { vital } = await res.json();
    expect(vital.temperatureC).toBe(35);
    expect(vital.flags.map((f: { field: string }) => f.field)).toEqual(['heartRate']);
  });

  it('refuses charting in the future and before birth', async () => {
    const nurse = await api.login('nurse');
    const future = await api.request('POST', `/api/patients/${ids.id}/vitals`, {
      cookie: nurse,
      json: { takenAt: '2099-01-01T00:00:00Z', temperatureC: 37 },
    });
    expect(future.status).toBe(422);
    const past = await api.request('POST', `/api/patients/${ids.id}/vitals`, {
      cookie: nurse,
      json: { takenAt: '1970-01-01T00:00:00Z', temperatureC: 37 },
    });
    expect(past.status).toBe(422);
  });

  it('refuses a lab panel whole when one value is impossible', async () => {
    const coord = await api.login('coordinator');
    const before = await rowCounts();
    const res = await api.request('POST', `/api/patients/${ids.id}/labs`, {
      cookie: coord,
      json: {
        collectedAt: new Date(T0 + 5 * H).toISOString(),
        results: [
          { analyte: 'crp', value: 12 },
          { analyte: 'anc', value: -3 },
          { analyte: 'igg', value: 4.2, unit: 'g/L' },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(((await expectErrorShape(res)).fields as { path: string }[])[0]?.path).toBe('results.1.value');
    expect(await rowCounts()).toEqual(before);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectErrorShape, T0, type TestApi } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi({ CELLWATCH_MAX_PENDING_WRITES: '4' });
  api.advance(86_400_000);
});
afterEach(async () => {
  await api.close();
});

describe('overload', () => {
  it('refuses writes past the bound with 503 and Retry-After, loses no acknowledged write, and recovers', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const enrol = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'OV-1',
        givenName: 'Over',
        familyName: 'Load',
        birthDate: '1970-01-01',
        sex: 'male',
        weightKg: 80,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const id = (await enrol.json()).patient.id;
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        api.request('POST', `/api/patients/${id}/vitals`, {
          cookie: nurse,
          json: { takenAt: new Date(T0 + i * 60_000).toISOString(), temperatureC: 37 },
        }),
      ),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    const refused = burst.find((r) => r.status === 503);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect((await expectErrorShape(refused as Response)).code).toBe('overloaded');
    const acknowledged = await Promise.all(
      burst.filter((r) => r.status === 201).map(async (r) => (await r.json()).vital.id),
    );
    const stored = new Set((await api.query<{ id: number }>('select id from vital_sets')).map((r) => r.id));
    expect(acknowledged.every((vid) => stored.has(vid))).toBe(true);
    expect(stored.size).toBe(acknowledged.length);
    // Recovered: the next write goes through.
    const after = await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: { takenAt: new Date(T0).toISOString(), temperatureC: 37 },
    });
    expect(after.status).toBe(201);
  });

  it('counts reads that write an audit row (the ward list) against the same bound, and anonymous requests not at all', async () => {
    const nurse = await api.login('nurse');
    const burst = await Promise.all(
      Array.from({ length: 60 }, () => api.request('GET', '/api/ward', { cookie: nurse })),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect((await expectErrorShape(burst.find((r) => r.status === 503) as Response)).code).toBe('overloaded');
    // Every answered read left its audit row; a refused one wrote nothing.
    const listed = await api.query<{ n: number }>(
      "select count(*) as n from audit_log where action = 'list' and entity = 'ward'",
    );
    expect(Number(listed[0]?.n)).toBe(statuses.filter((s) => s === 200).length);
    // Sign-ins are not signed-in writes: a burst of them is never refused as overload.
    const signIns = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.request('POST', '/api/auth/login', { json: { username: 'nurse', password: 'wrong-password' } }),
      ),
    );
    expect(signIns.some((r) => r.status === 503)).toBe(false);
  });
});

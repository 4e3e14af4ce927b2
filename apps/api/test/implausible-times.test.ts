import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectErrorShape, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
  api.advance(10 * 24 * H);
});
afterEach(async () => {
  await api.close();
});

const patient = (over: Record<string, unknown> = {}) => ({
  mrn: 'TIME-1',
  givenName: 'Tea',
  familyName: 'Time',
  birthDate: '1980-01-01',
  sex: 'female',
  weightKg: 60,
  diagnosis: 'sle',
  product: 'cd19_car_t',
  status: 'infused',
  ...over,
});

describe('times outside a plausible window', () => {
  it('refuses an infusion in year 9999 and writes nothing', async () => {
    const coord = await api.login('coordinator');
    const before = await api.query<{ n: number }>('select count(*) as n from patients');
    const res = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: patient({ infusionAt: '9999-12-31T08:00:00Z' }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const error = await expectErrorShape(res);
    expect(JSON.stringify(error.fields)).toContain('infusionAt');
    const after = await api.query<{ n: number }>('select count(*) as n from patients');
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
  });

  it('refuses a planned infusion more than a year ahead, accepts one next month', async () => {
    const coord = await api.login('coordinator');
    const far = new Date(api.now() + 400 * 24 * H).toISOString();
    const near = new Date(api.now() + 30 * 24 * H).toISOString();
    const refused = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: patient({ infusionAt: far, status: 'planned' }),
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify((await expectErrorShape(refused)).fields)).toContain('infusionAt');
    const accepted = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: patient({ infusionAt: near, status: 'planned' }),
    });
    expect(accepted.status).toBe(201);
    const { id } = (await accepted.json()).patient;
    const edit = await api.request('PATCH', `/api/patients/${id}`, {
      cookie: coord,
      json: { infusionAt: '9999-12-31T08:00:00Z' },
    });
    expect(edit.status).toBeGreaterThanOrEqual(400);
    expect(edit.status).toBeLessThan(500);
  });

  it('refuses instants before 1900 or after 2199 in every body and query (400 with the field)', async () => {
    const nurse = await api.login('nurse');
    const coord = await api.login('coordinator');
    const created = await api.request('POST', '/api/patients', { cookie: coord, json: patient() });
    const { id } = (await created.json()).patient;
    const vitals = await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: { takenAt: '0001-01-01T00:00:00Z', temperatureC: 37 },
    });
    expect(vitals.status).toBe(400);
    expect(JSON.stringify((await expectErrorShape(vitals)).fields)).toContain('takenAt');
    const timeline = await api.request('GET', `/api/patients/${id}/timeline?to=9999-12-31T00:00:00Z`, {
      cookie: nurse,
    });
    expect(timeline.status).toBe(400);
  });

  it('refuses an IVIG plan starting more than a year ahead', async () => {
    const coord = await api.login('coordinator');
    const created = await api.request('POST', '/api/patients', { cookie: coord, json: patient() });
    const { id } = (await created.json()).patient;
    const plan = (firstDueAt: string) =>
      api.request('POST', `/api/patients/${id}/ivig-doses`, {
        cookie: coord,
        json: { firstDueAt, count: 3 },
      });
    const far = await plan(new Date(api.now() + 400 * 24 * H).toISOString());
    expect(far.status).toBe(422);
    expect(JSON.stringify((await expectErrorShape(far)).fields)).toContain('firstDueAt');
    expect((await plan(new Date(api.now() + 14 * 24 * H).toISOString())).status).toBe(201);
  });

  it('no accepted patient row makes a report fail: the widest accepted values still report', async () => {
    const coord = await api.login('coordinator');
    const nurse = await api.login('nurse');
    // The widest the API accepts: born 1900-01-01, infusion planned a year ahead, weight 0.5 kg.
    const edge = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: patient({
        mrn: 'EDGE-1',
        birthDate: '1900-01-01',
        weightKg: 0.5,
        infusionAt: new Date(api.now() + 365 * 24 * H).toISOString(),
      }),
    });
    expect(edge.status).toBe(201);
    const { id } = (await edge.json()).patient;
    // And an odd row written behind the API's back (a far-future infusion from an older version).
    await api.query("update patients set infusion_at = '9999-12-31T08:00:00.000Z' where mrn = ?", 'EDGE-1');
    for (const path of [
      '/api/reports/toxicity',
      '/api/reports/toxicity?format=json',
      '/api/reports/toxicity/summary',
      '/api/reports/toxicity/summary?format=json',
      `/api/patients/${id}/toxicity`,
      `/api/patients/${id}/state`,
      `/api/patients/${id}/timeline`,
      `/api/patients/${id}/fhir`,
      '/api/ward',
    ]) {
      const res = await api.request('GET', path, { cookie: path.includes('/api/ward') ? nurse : coord });
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

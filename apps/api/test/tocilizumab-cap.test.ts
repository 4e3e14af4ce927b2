import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let hema: string;
let coord: string;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(2 * 24 * H);
  [hema, coord] = await Promise.all([api.login('hematologist'), api.login('coordinator')]);
});
afterEach(async () => {
  await api.close();
});

async function enrol() {
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'TOCI-1',
      givenName: 'Test',
      familyName: 'Heavy',
      birthDate: '1975-03-03',
      sex: 'male',
      weightKg: 120,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status: 'inpatient_monitoring',
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()).patient.id as number;
}

describe('tocilizumab above the 800 mg cap', () => {
  it('is refused with 422 above_dose_cap, not "clinically impossible", and writes nothing', async () => {
    const id = await enrol();
    const res = await api.request('POST', `/api/patients/${id}/medications`, {
      cookie: hema,
      json: {
        givenAt: new Date(T0 + 30 * H).toISOString(),
        drug: 'tocilizumab',
        dose: 900,
        overrideReason: 'weight 120 kg, asked for 900',
      },
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('above_dose_cap');
    expect(body.error.message).toBe('900 mg of tocilizumab is above the 800 mg cap per dose.');
    expect(body.error.message).not.toMatch(/impossible/i);
    expect(body.error.fields).toEqual([{ path: 'dose', message: expect.stringContaining('800 mg') }]);
    const list = await api.request('GET', `/api/patients/${id}/medications`, { cookie: hema });
    expect((await list.json()).medications).toEqual([]);
  });

  it('800 mg itself, for a patient of 120 kg, is allowed', async () => {
    const id = await enrol();
    const res = await api.request('POST', `/api/patients/${id}/medications`, {
      cookie: hema,
      json: { givenAt: new Date(T0 + 30 * H).toISOString(), drug: 'tocilizumab', dose: 800 },
    });
    expect(res.status).toBe(201);
  });

  it('a dose above any single dose of another drug is still clinically impossible', async () => {
    const id = await enrol();
    const res = await api.request('POST', `/api/patients/${id}/medications`, {
      cookie: hema,
      json: { givenAt: new Date(T0 + 30 * H).toISOString(), drug: 'dexamethasone', dose: 100000 },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('clinically_impossible');
  });
});

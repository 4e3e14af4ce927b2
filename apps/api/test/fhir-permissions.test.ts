import { beforeEach, describe, expect, it } from 'vitest';
import { freshApiEachTest } from './fhir-testing.ts';
import type { TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
freshApiEachTest((a) => {
  api = a;
});

const observation = (code: string, value: number, unit: string) => ({
  resource: {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { identifier: { value: 'FHIR-PERM' } },
    effectiveDateTime: new Date(api.now() - H).toISOString(),
    valueQuantity: { value, code: unit },
  },
});
const heartRate = () => observation('8867-4', 80, '/min');
const igG = () => observation('2465-3', 650, 'mg/dL');

const counts = async () =>
  (await api.query('select (select count(*) from vital_sets) v, (select count(*) from lab_results) l'))[0];

describe('FHIR import applies the permission of what it charts', () => {
  beforeEach(async () => {
    const coord = await api.login('coordinator');
    const res = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'FHIR-PERM',
        givenName: 'Fae',
        familyName: 'Perm',
        birthDate: '1980-01-01',
        sex: 'female',
        weightKg: 60,
        diagnosis: 'sle',
        product: 'cd19_car_t',
      },
    });
    expect(res.status).toBe(201);
  });

  it('refuses vital signs from a coordinator (who may not chart them) with 403, writing nothing', async () => {
    const coord = await api.login('coordinator');
    // POST …/vitals refuses the coordinator too: the same rule.
    const direct = await api.request('POST', '/api/patients/1/vitals', {
      cookie: coord,
      json: { takenAt: new Date(api.now()).toISOString(), heartRate: 80 },
    });
    expect(direct.status).toBe(403);
    const before = await counts();
    const res = await api.request('POST', '/api/fhir', {
      cookie: coord,
      json: { resourceType: 'Bundle', type: 'transaction', entry: [igG(), heartRate()] },
    });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
      '424 Failed Dependency',
      '403 Forbidden',
    ]);
    expect(body.entry[1].response.outcome.issue[0]).toMatchObject({ severity: 'error', code: 'forbidden' });
    expect(await counts()).toEqual(before);
  });

  it('lets a coordinator import lab results, and a nurse both', async () => {
    const coord = await api.login('coordinator');
    const nurse = await api.login('nurse');
    const labs = await api.request('POST', '/api/fhir', {
      cookie: coord,
      json: { resourceType: 'Bundle', type: 'transaction', entry: [igG()] },
    });
    expect(labs.status, await labs.clone().text()).toBe(200);
    const both = await api.request('POST', '/api/fhir', {
      cookie: nurse,
      json: { resourceType: 'Bundle', type: 'transaction', entry: [igG(), heartRate()] },
    });
    expect(both.status, await both.clone().text()).toBe(200);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let coord: string;
let id: number;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(40 * 24 * H);
  coord = await api.login('coordinator');
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'MRN-CD4-1',
      givenName: 'Cora',
      familyName: 'Counts',
      birthDate: '1984-07-07',
      sex: 'female',
      weightKg: 62,
      diagnosis: 'systemic_sclerosis',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status: 'outpatient_follow_up',
    },
  });
  id = (await res.json()).patient.id;
});
afterEach(async () => {
  await api.close();
});

const collectedAt = new Date(T0 + 30 * 24 * H).toISOString();

describe('CD4+ T-cell counts', () => {
  it('are charted with LOINC 24467-3 in /uL, converted from 10*9/L, and exported to FHIR', async () => {
    const res = await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: { collectedAt, results: [{ analyte: 'cd4_absolute', value: 0.21, unit: '10*9/L' }] },
    });
    expect(res.status).toBe(201);
    const [result] = (await res.json()).results;
    expect(result).toMatchObject({ analyte: 'cd4_absolute', loinc: '24467-3', value: 210, unit: '/uL' });
    const bundle = await (await api.request('GET', `/api/patients/${id}/fhir`, { cookie: coord })).json();
    const codes = bundle.entry.map(
      (e: { resource: { code?: { coding?: { code: string }[] } } }) => e.resource.code?.coding?.[0]?.code,
    );
    expect(codes).toContain('24467-3');
  });

  it('refuses an impossible count (422, nothing written) and flags an unusual one', async () => {
    const refused = await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: {
        collectedAt,
        results: [
          { analyte: 'igg', value: 450 },
          { analyte: 'cd4_absolute', value: 50_000 },
        ],
      },
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.fields[0].path).toBe('results.1.value');
    const none = await api.query('SELECT id FROM lab_results WHERE patient_id = ?', id);
    expect(none).toHaveLength(0);
    const flagged = await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: { collectedAt, results: [{ analyte: 'cd4_absolute', value: 4200 }] },
    });
    expect(flagged.status).toBe(201);
    expect((await flagged.json()).results[0].flags).toHaveLength(1);
  });
});

describe('cytopenia alerts from a lab panel', () => {
  const openRules = async () => {
    const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord });
    return (await res.json()).alerts
      .filter((a: { status: string }) => a.status === 'open')
      .map((a: { rule: string }) => a.rule)
      .filter((rule: string) => rule === 'anc_below_500' || rule === 'platelets_below_20k')
      .sort();
  };
  const at = (h: number) => new Date(T0 + 30 * 24 * H + h * H).toISOString();

  it('judge each analyte by its latest result in the panel, and ignore a result older than one already charted', async () => {
    // ANC falls below 500 in the latest result; platelets were low earlier in the panel but recovered.
    const panel = await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: {
        collectedAt: at(0),
        results: [
          { analyte: 'anc', value: 900, collectedAt: at(0) },
          { analyte: 'platelets', value: 12, collectedAt: at(0) },
          { analyte: 'anc', value: 300, collectedAt: at(2) },
          { analyte: 'platelets', value: 80, collectedAt: at(2) },
        ],
      },
    });
    expect(panel.status).toBe(201);
    expect(await openRules()).toEqual(['anc_below_500']);
    // A late entry of an older, low platelet count raises nothing: a newer count is charted.
    const late = await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: { collectedAt: at(1), results: [{ analyte: 'platelets', value: 9 }] },
    });
    expect(late.status).toBe(201);
    expect(await openRules()).toEqual(['anc_below_500']);
    // A newer low platelet count does.
    await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: { collectedAt: at(3), results: [{ analyte: 'platelets', value: 15 }] },
    });
    expect(await openRules()).toEqual(['anc_below_500', 'platelets_below_20k']);
  });
});

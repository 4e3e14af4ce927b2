import { describe, expect, it } from 'vitest';
import { freshApiEachTest } from './fhir-testing.ts';
import { T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
freshApiEachTest((a) => {
  api = a;
});

interface Entry {
  resource: {
    resourceType: string;
    id: string;
    status?: string;
    code?: { coding?: { code: string }[] };
    valueQuantity?: { value: number; code: string; system: string };
    valueInteger?: number;
    category?: { coding: { code: string }[] }[];
  };
}

describe('FHIR R4 export', () => {
  it('exports the patient, vitals and labs with LOINC and UCUM, medications, grades, and entered-in-error status', async () => {
    const [coord, nurse, hema] = [
      await api.login('coordinator'),
      await api.login('nurse'),
      await api.login('hematologist'),
    ];
    const res = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'FHIR-1',
        givenName: 'Ana',
        familyName: 'Export',
        birthDate: '1979-05-05',
        sex: 'female',
        weightKg: 60,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const id = (await res.json()).patient.id;
    const t = (h: number) => new Date(T0 + h * H).toISOString();
    const v1 = await (
      await api.request('POST', `/api/patients/${id}/vitals`, {
        cookie: nurse,
        json: { takenAt: t(26), temperatureC: 38.7, heartRate: 112, systolic: 118, diastolic: 70, spo2: 96 },
      })
    ).json();
    await api.request('POST', `/api/patients/${id}/vitals/${v1.vital.id}/entered-in-error`, {
      cookie: nurse,
      json: { reason: 'wrong patient' },
    });
    await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: { takenAt: t(27), temperatureC: 38.9 },
    });
    await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: {
        collectedAt: t(28),
        results: [
          { analyte: 'igg', value: 5.1, unit: 'g/L' },
          { analyte: 'anc', value: 0.9, unit: '10*3/uL' },
        ],
      },
    });
    await api.request('POST', `/api/patients/${id}/medications`, {
      cookie: hema,
      json: { givenAt: t(29), drug: 'tocilizumab', dose: 480, route: 'iv' },
    });

    const exported = await api.request('GET', `/api/patients/${id}/fhir`, { cookie: hema });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    const bundle = await exported.json();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const resources = (bundle.entry as Entry[]).map((e) => e.resource);
    expect(resources[0]).toMatchObject({
      resourceType: 'Patient',
      identifier: [{ value: 'FHIR-1' }],
      gender: 'female',
      birthDate: '1979-05-05',
    });
    const byCode = (code: string) => resources.filter((r) => r.code?.coding?.[0]?.code === code);
    expect(byCode('8310-5').map((r) => [r.valueQuantity?.value, r.valueQuantity?.code, r.status])).toEqual([
      [38.7, 'Cel', 'entered-in-error'],
      [38.9, 'Cel', 'final'],
    ]);
    expect(byCode('8867-4')[0]?.valueQuantity).toMatchObject({
      value: 112,
      code: '/min',
      system: 'http://unitsofmeasure.org',
    });
    expect(byCode('8480-6')[0]?.valueQuantity?.code).toBe('mm[Hg]');
    expect(byCode('59408-5')[0]?.category?.[0]?.coding[0]?.code).toBe('vital-signs');
    expect(byCode('2465-3')[0]).toMatchObject({
      valueQuantity: { value: 510, code: 'mg/dL' },
      category: [{ coding: [{ code: 'laboratory' }] }],
    });
    expect(byCode('751-8')[0]?.valueQuantity).toMatchObject({ value: 900, code: '/uL' });
    expect(resources.some((r) => r.code?.coding?.[0]?.code === '2458-8')).toBe(false); // IgA is not IgG
    expect(resources.filter((r) => r.resourceType === 'MedicationAdministration')).toHaveLength(1);
    const grades = byCode('crs');
    expect(grades.at(-1)).toMatchObject({ valueInteger: 1, status: 'preliminary' });
    expect(new Set(resources.map((r) => `${r.resourceType}/${r.id}`)).size).toBe(resources.length);
  });
});

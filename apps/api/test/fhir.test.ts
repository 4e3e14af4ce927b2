import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYTES, type Analyte } from '@cellwatch/clinical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VITAL_CODES } from '../src/fhir/export.ts';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
  api.advance(3 * 24 * H);
});
afterEach(async () => {
  await api.close();
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

describe('FHIR R4 import', () => {
  const fixture = JSON.parse(
    readFileSync(
      join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fhir', 'spec-vital-signs.json'),
      'utf8',
    ),
  );

  async function enrol(cookie: string, mrn: string) {
    const res = await api.request('POST', '/api/patients', {
      cookie,
      json: {
        mrn,
        givenName: 'Imp',
        familyName: 'Ort',
        birthDate: '1960-01-01',
        sex: 'male',
        weightKg: 80,
        diagnosis: 'other',
        product: 'other',
        infusionAt: '1999-07-01T10:00:00Z',
        status: 'inpatient_monitoring',
      },
    });
    return (await res.json()).patient.id as number;
  }
  const counts = async () =>
    (
      await api.query(
        'select (select count(*) from vital_sets) v, (select count(*) from lab_results) l, (select count(*) from audit_log) a',
      )
    )[0];

  it('maps the specification’s vital-sign examples into one vital set of the patient matched by MRN', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const id = await enrol(coord, 'FHIR-EX');
    const bundle = {
      ...fixture,
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            id: 'example',
            identifier: [{ system: 'urn:oid:1.2.36.146.595.217.0.1', value: 'FHIR-EX' }],
          },
        },
        ...fixture.entry,
      ],
    };
    const res = await api.request('POST', '/api/fhir', {
      cookie: nurse,
      body: JSON.stringify(bundle),
      headers: { 'content-type': 'application/fhir+json' },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).type).toBe('transaction-response');
    const { vitals } = await (
      await api.request('GET', `/api/patients/${id}/vitals`, { cookie: nurse })
    ).json();
    expect(vitals).toHaveLength(1);
    expect(vitals[0]).toMatchObject({
      takenAt: '1999-07-02T08:00:00.000Z',
      temperatureC: 36.5,
      heartRate: 44,
      systolic: 107,
      diastolic: 60,
      meanArterial: 76,
      respiratoryRate: 26,
      spo2: 95,
    });
  });

  it('refuses the whole Bundle with an OperationOutcome per failing entry, writing nothing', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    await enrol(coord, 'FHIR-EX');
    const good = {
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { identifier: { value: 'FHIR-EX' } },
        effectiveDateTime: '1999-07-03T08:00:00Z',
        valueQuantity: { value: 80, code: '/min' },
      },
    };
    const entries = [
      good,
      { resource: { ...good.resource, code: { coding: [{ system: 'http://loinc.org', code: '2458-8' }] } } }, // IgA: not charted here
      { resource: { ...good.resource, subject: { identifier: { value: 'NOBODY' } } } },
      {
        resource: {
          ...good.resource,
          code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] },
          valueQuantity: { value: 104, code: '[degF]' },
        },
      },
      {
        resource: {
          ...good.resource,
          code: { coding: [{ system: 'http://loinc.org', code: '2465-3' }] },
          valueQuantity: { value: 3, code: 'mmol/L' },
        },
      },
    ];
    const before = await counts();
    const res = await api.request('POST', '/api/fhir', {
      cookie: nurse,
      json: { resourceType: 'Bundle', type: 'batch', entry: entries },
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.type).toBe('batch-response');
    const statuses = body.entry.map((e: { response: { status: string } }) => e.response.status);
    expect(statuses).toEqual([
      '424 Failed Dependency',
      '422 Unprocessable Entity',
      '422 Unprocessable Entity',
      '424 Failed Dependency',
      '422 Unprocessable Entity',
    ]);
    expect(body.entry[1].response.outcome.issue[0]).toMatchObject({
      severity: 'error',
      code: 'not-supported',
    });
    expect(body.entry[2].response.outcome.issue[0].diagnostics).toMatch(/NOBODY/);
    expect(body.entry[4].response.outcome.issue[0].diagnostics).toMatch(/mmol\/L/);
    expect(await counts()).toEqual(before);
  });

  it('maps every LOINC code CellWatch charts, converting each accepted unit into the stored one', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const id = await enrol(coord, 'FHIR-ALL');
    const at = (i: number) => new Date(Date.parse('1999-07-02T00:00:00Z') + i * 60_000).toISOString();
    const observation = (i: number, loinc: string, value: number, unit: string) => ({
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
        subject: { identifier: { value: 'FHIR-ALL' } },
        effectiveDateTime: at(i),
        valueQuantity: { value, system: 'http://unitsofmeasure.org', code: unit },
      },
    });
    // Every analyte with a code, in its stored unit and in every alternative unit: a usual value.
    const labCases = (Object.entries(ANALYTES) as [Analyte, (typeof ANALYTES)[Analyte]][]).flatMap(
      ([analyte, def]) =>
        def.loinc === null
          ? []
          : [[def.unit, 1] as const, ...Object.entries(def.alternativeUnits)].map(([unit, factor]) => {
              const stored = (def.limits.usualMin + def.limits.usualMax) / 2;
              return { analyte, loinc: def.loinc as string, unit, sent: stored / factor, stored };
            }),
    );
    // Every vital sign in its unit (temperature also in °F), one Observation each.
    const usual: Record<keyof typeof VITAL_CODES, number> = {
      temperature_c: 37.2,
      heart_rate: 84,
      systolic: 118,
      diastolic: 72,
      mean_arterial: 87,
      respiratory_rate: 16,
      spo2: 97,
      oxygen_flow_lpm: 2,
      fio2: 28,
    };
    const vitalCases = [
      ...(Object.keys(VITAL_CODES) as (keyof typeof VITAL_CODES)[]).map((column) => ({
        column,
        loinc: VITAL_CODES[column].loinc,
        unit: VITAL_CODES[column].unit as string,
        sent: usual[column],
        stored: usual[column],
      })),
      { column: 'temperature_c' as const, loinc: '8310-5', unit: '[degF]', sent: 100.4, stored: 38 },
    ];
    expect(labCases.length).toBeGreaterThan(Object.keys(ANALYTES).length); // alternative units too
    const entry = [
      ...labCases.map((c, i) => observation(i, c.loinc, c.sent, c.unit)),
      ...vitalCases.map((c, i) => observation(1000 + i, c.loinc, c.sent, c.unit)),
    ];
    const res = await api.request('POST', '/api/fhir', {
      cookie: nurse,
      json: { resourceType: 'Bundle', type: 'batch', entry },
    });
    expect(res.status, await res.clone().text()).toBe(200);

    const labs = (await (await api.request('GET', `/api/patients/${id}/labs`, { cookie: coord })).json())
      .results as { analyte: string; value: number; collectedAt: string }[];
    labCases.forEach((c, i) => {
      const stored = labs.find((r) => Date.parse(r.collectedAt) === Date.parse(at(i)));
      expect(stored, `${c.analyte} in ${c.unit}`).toBeDefined();
      expect(stored?.analyte).toBe(c.analyte);
      expect(stored?.value).toBeCloseTo(c.stored, 6);
    });
    const vitals = (await (await api.request('GET', `/api/patients/${id}/vitals`, { cookie: nurse })).json())
      .vitals as Record<string, unknown>[];
    const camel = (column: string) => column.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());
    vitalCases.forEach((c, i) => {
      const set = vitals.find((v) => Date.parse(v.takenAt as string) === Date.parse(at(1000 + i)));
      expect(set, `${c.column} in ${c.unit}`).toBeDefined();
      expect(set?.[camel(c.column)] as number).toBeCloseTo(c.stored, 1);
    });
  });

  it('round-trips: what one CellWatch exports, another imports for the same MRN', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const id = await enrol(coord, 'RT-1');
    const t = (h: number) => new Date(Date.parse('1999-07-01T10:00:00Z') + h * H).toISOString();
    await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: {
        takenAt: t(5),
        temperatureC: 38.4,
        heartRate: 101,
        systolic: 99,
        diastolic: 61,
        respiratoryRate: 20,
        spo2: 95,
        oxygenDevice: 'nasal_cannula',
        oxygenFlowLpm: 2,
      },
    });
    await api.request('POST', `/api/patients/${id}/labs`, {
      cookie: coord,
      json: {
        collectedAt: t(6),
        results: [
          { analyte: 'crp', value: 88 },
          { analyte: 'ferritin', value: 1500 },
          { analyte: 'anc', value: 800 },
        ],
      },
    });
    const exported = await (await api.request('GET', `/api/patients/${id}/fhir`, { cookie: coord })).json();

    const other = await createTestApi();
    try {
      other.advance(3 * 24 * H);
      const [c2, n2] = [await other.login('coordinator'), await other.login('nurse')];
      const enrolled = await other.request('POST', '/api/patients', {
        cookie: c2,
        json: {
          mrn: 'RT-1',
          givenName: 'Imp',
          familyName: 'Ort',
          birthDate: '1960-01-01',
          sex: 'male',
          weightKg: 80,
          diagnosis: 'other',
          product: 'other',
          infusionAt: '1999-07-01T10:00:00Z',
          status: 'inpatient_monitoring',
        },
      });
      const id2 = (await enrolled.json()).patient.id;
      const observations = exported.entry.filter(
        (e: { resource: { resourceType: string; id: string } }) =>
          ['Patient', 'Observation'].includes(e.resource.resourceType) &&
          !String(e.resource.id).startsWith('grade-'),
      );
      const res = await other.request('POST', '/api/fhir', {
        cookie: n2,
        json: { resourceType: 'Bundle', type: 'transaction', entry: observations },
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const strip = (v: Record<string, unknown>) => ({
        takenAt: v.takenAt,
        temperatureC: v.temperatureC,
        heartRate: v.heartRate,
        systolic: v.systolic,
        diastolic: v.diastolic,
        meanArterial: v.meanArterial,
        respiratoryRate: v.respiratoryRate,
        spo2: v.spo2,
        oxygenFlowLpm: v.oxygenFlowLpm,
      });
      const a = (
        await (await api.request('GET', `/api/patients/${id}/vitals`, { cookie: nurse })).json()
      ).vitals.map(strip);
      const b = (
        await (await other.request('GET', `/api/patients/${id2}/vitals`, { cookie: n2 })).json()
      ).vitals.map(strip);
      expect(b).toEqual(a);
      const labs = (x: { results: { analyte: string; value: number; collectedAt: string }[] }) =>
        x.results.map((r) => [r.analyte, r.value, r.collectedAt]).sort();
      expect(
        labs(await (await other.request('GET', `/api/patients/${id2}/labs`, { cookie: n2 })).json()),
      ).toEqual(labs(await (await api.request('GET', `/api/patients/${id}/labs`, { cookie: nurse })).json()));
    } finally {
      await other.close();
    }
  });
});

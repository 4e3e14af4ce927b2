import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYTES, type Analyte } from '@cellwatch/clinical';
import { describe, expect, it } from 'vitest';
import { VITAL_CODES } from '../src/fhir/export.ts';
import { enrolForImport, freshApiEachTest } from './fhir-testing.ts';
import type { TestApi } from './helpers.ts';

let api: TestApi;
freshApiEachTest((a) => {
  api = a;
});

describe('FHIR R4 import', () => {
  const fixture = JSON.parse(
    readFileSync(
      join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fhir', 'spec-vital-signs.json'),
      'utf8',
    ),
  );

  const counts = async () =>
    (
      await api.query(
        'select (select count(*) from vital_sets) v, (select count(*) from lab_results) l, (select count(*) from audit_log) a',
      )
    )[0];

  it('maps the specification’s vital-sign examples into one vital set of the patient matched by MRN', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const id = await enrolForImport(api, coord, 'FHIR-EX');
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
    await enrolForImport(api, coord, 'FHIR-EX');
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
    const id = await enrolForImport(api, coord, 'FHIR-ALL');
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
});

import { describe, expect, it } from 'vitest';
import { enrolForImport, freshApiEachTest } from './fhir-testing.ts';
import { createTestApi, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
freshApiEachTest((a) => {
  api = a;
});

describe('FHIR R4 import', () => {
  it('round-trips: what one CellWatch exports, another imports for the same MRN', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const id = await enrolForImport(api, coord, 'RT-1');
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
      const id2 = await enrolForImport(other, c2, 'RT-1');
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

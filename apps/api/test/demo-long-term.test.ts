import { InfusionEpisodeList, Toxicity } from '@cellwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLongTermProphylaxis } from '../src/seed/long-term-prophylaxis.ts';
import { seedLongTermRetreatment } from '../src/seed/long-term-retreatment.ts';
import { createTestApi, demoSeedCall, type TestApi } from './helpers.ts';

/** The demo ward's long-term patient exercises prophylaxis due to stop and a vaccine blocked by IVIG. */
let api: TestApi;
let coord: string;
let id: number;

beforeAll(async () => {
  api = await createTestApi();
  api.advance(420 * 86_400_000);
  coord = await api.login('coordinator');
  const call = demoSeedCall(api, coord);
  id = await seedLongTermRetreatment(call, api.services.db, api.now());
  expect(await seedLongTermProphylaxis(call, id, api.now())).toBe(1);
  const rows = await api.query<{ id: number }>("select id from patients where mrn = 'DEMO-0100'");
  expect(Number(rows[0]?.id)).toBe(id);
});
afterAll(async () => {
  await api.close();
});

describe('demo: long-term prophylaxis patient', () => {
  it('antiviral due to stop with CD4 still low, with the coordinator alert', async () => {
    const body = await (
      await api.request('GET', `/api/patients/${id}/prophylaxis`, { cookie: coord })
    ).json();
    const antiviral = body.prophylaxis.kinds.find((k: { kind: string }) => k.kind === 'antiviral_hsv_vzv');
    expect(antiviral.status).toBe('due_to_stop_rule_not_met');
    const alerts = (await (await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord })).json())
      .alerts;
    expect(alerts.map((a: { rule: string }) => a.rule)).toContain(
      'prophylaxis_stop_rule_not_met_antiviral_hsv_vzv',
    );
  });
  it('other inactivated and live vaccines blocked by the IVIG a month ago; influenza given', async () => {
    const body = await (await api.request('GET', `/api/patients/${id}/vaccines`, { cookie: coord })).json();
    const g = (name: string) => body.vaccines.groups.find((x: { group: string }) => x.group === name);
    expect(g('other_inactivated').blockedBy.map((b: { block: string }) => b.block)).toEqual(['ivig_recent']);
    expect(g('live').blockedBy.map((b: { block: string }) => b.block)).toContain('ivig_recent');
    expect(g('influenza').status).toBe('given');
  });
  it('was re-treated: CD19 about 520 days ago with CRS grade 1, CD19-BCMA at the current Day 0', async () => {
    const get = async (path: string) =>
      (await api.request('GET', `/api/patients/${id}${path}`, { cookie: coord })).json();
    const { infusions } = InfusionEpisodeList.parse(await get('/infusions'));
    expect(infusions.map((i) => [i.number, i.product, i.reason])).toEqual([
      [1, 'cd19_car_t', 'first_infusion'],
      [2, 'cd19_bcma_car_t', 'relapse'],
    ]);
    const daysAgo = (iso: string) => Math.round((api.now() - Date.parse(iso)) / 86_400_000);
    expect(infusions.map((i) => daysAgo(i.infusedAt))).toEqual([520, 400]);
    const toxicity = Toxicity.parse(await get('/toxicity'));
    expect(toxicity.infusions.map((i) => i.episodes.crs.map((e) => [e.onsetDay, e.maxGrade]))).toEqual([
      [[1, 1]],
      [],
    ]);
    expect((await get('')).patient.infusionAt).toBe(infusions[1]?.infusedAt);
  });
  it('charted oxygen for comfort in her first CRS (still grade 1); exports each infusion on its own', async () => {
    const get = async (path: string) => api.request('GET', path, { cookie: coord });
    const { vitals } = await (await get(`/api/patients/${id}/vitals`)).json();
    const comfort = vitals.filter((v: { oxygenForComfort: boolean }) => v.oxygenForComfort);
    expect(comfort).toHaveLength(1);
    expect(comfort[0]).toMatchObject({ oxygenDevice: 'nasal_cannula', oxygenFlowLpm: 2, temperatureC: 38.1 });
    const bundle = await (await get(`/api/patients/${id}/fhir/adverse-events`)).json();
    const events = bundle.entry.map(
      (e: {
        resource: {
          event: { coding: { code: string }[] };
          extension: {
            url: string;
            valueInteger?: number;
            valueCodeableConcept?: { coding: { code: string }[] };
          }[];
        };
      }) => e.resource,
    );
    expect(
      events.map((r: (typeof events)[number]) => [
        r.event.coding[0]?.code,
        r.extension.find((x: { url: string }) => x.url === 'urn:cellwatch:fhir:infusion-episode')
          ?.valueInteger,
        r.extension.find((x: { url: string }) => x.url.endsWith('ctcae-grade'))?.valueCodeableConcept
          ?.coding[0]?.code,
      ]),
    ).toEqual([['CRS', 1, '1']]);
    const { rows } = await (await get('/api/reports/cibmtr.json')).json();
    const lou = rows.filter((r: { patientId: number }) => r.patientId === id);
    expect(
      lou.map((r: { infusion: { number: number }; fields: { crs: { value: string } } }) => [
        r.infusion.number,
        r.fields.crs.value,
      ]),
    ).toEqual([
      [1, 'yes'],
      [2, 'no'],
    ]);
  });
});

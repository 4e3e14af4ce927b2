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
    expect(
      alerts.find((a: { rule: string }) => a.rule === 'prophylaxis_stop_rule_not_met_antiviral_hsv_vzv')
        .message,
    ).toContain('CD4 150/µL');
  });
  it('PJP none charted where expected, CMV PCR monitored after the steroid course, with the alerts', async () => {
    const body = await (
      await api.request('GET', `/api/patients/${id}/prophylaxis`, { cookie: coord })
    ).json();
    const pjp = body.prophylaxis.kinds.find((k: { kind: string }) => k.kind === 'pjp');
    expect(pjp).toMatchObject({ status: 'missing', expected: true });
    expect(body.prophylaxis.cmvMonitoring).toMatchObject({ indicated: true, status: 'monitored' });
    expect(
      body.prophylaxis.cmvMonitoring.results.map((r: { iuPerMl: number; detected: boolean }) => [
        r.iuPerMl,
        r.detected,
      ]),
    ).toEqual([
      [450, true],
      [0, false],
    ]);
    const alerts = (await (await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord })).json())
      .alerts as { rule: string; status: string }[];
    const open = alerts.filter((a) => a.status !== 'resolved').map((a) => a.rule);
    expect(open).toContain('prophylaxis_missing_pjp');
    // Raised by the course's fifth day, resolved by the PCR charted after it.
    expect(open).not.toContain('cmv_pcr_due');
  });
  it('a second malignancy with its transgene-testing task done; milestones run to year 15', async () => {
    const { malignancies } = await (
      await api.request('GET', `/api/patients/${id}/malignancies`, { cookie: coord })
    ).json();
    expect(malignancies).toHaveLength(1);
    expect(malignancies[0].site).toContain('squamous cell carcinoma');
    expect(malignancies[0].task.status).toBe('done');
    const alerts = (await (await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord })).json())
      .alerts as { rule: string; status: string }[];
    expect(alerts.filter((a) => a.status !== 'resolved').map((a) => a.rule)).not.toContain(
      'transgene_testing_open',
    );
    const followUp = await (
      await api.request('GET', `/api/patients/${id}/follow-up`, { cookie: coord })
    ).json();
    expect(followUp.milestones.at(-1).id).toBe('year_15');
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

import { FollowUpPicture } from '@cellwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLongTermProphylaxis } from '../src/seed/long-term-prophylaxis.ts';
import { seedLongTermRemission } from '../src/seed/long-term-remission.ts';
import { seedLongTermRetreatment } from '../src/seed/long-term-retreatment.ts';
import { createTestApi, demoSeedCall, type TestApi } from './helpers.ts';

/** The demo ward's long-term patient (Day 400) is in drug-free DORIS 2021 remission. */
let api: TestApi;
let coord: string;
let id: number;
let alertsBefore: string[];

const openAlerts = async () =>
  (await (await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord })).json()).alerts
    .map((a: { rule: string }) => a.rule)
    .sort();

beforeAll(async () => {
  api = await createTestApi();
  api.advance(420 * 86_400_000);
  coord = await api.login('coordinator');
  const call = demoSeedCall(api, coord);
  id = await seedLongTermRetreatment(call, api.services.db, api.now());
  await seedLongTermProphylaxis(call, id, api.now());
  alertsBefore = await openAlerts();
  await seedLongTermRemission(call, api.services.db, api.now());
});
afterAll(async () => {
  await api.close();
});

describe('demo: long-term patient in remission', () => {
  it('DORIS 2021 holds at Day 395, drug-free, after a SLEDAI-2K course falling to 0', async () => {
    const res = await api.request('GET', `/api/patients/${id}/follow-up`, { cookie: coord });
    const view = FollowUpPicture.parse(await res.json());
    expect(view.diseaseRemission).toMatchObject({
      disease: 'sle',
      status: 'in_remission',
      level: 'drug_free_doris',
    });
    expect(view.diseaseRemission.courses[0]?.points.map((p) => [p.day, p.value])).toEqual([
      [-10, 18],
      [90, 8],
      [180, 4],
      [300, 2],
      [395, 0],
    ]);
    expect(view.remission.status).toBe('drug_free_remission');
    expect(view.immunosuppressantStops.map((s) => s.drug)).toEqual([
      'mycophenolate mofetil',
      'prednisolone',
      'hydroxychloroquine',
    ]);
    expect(view.autoantibodies[0]?.change).toMatchObject({ from: 320, to: 4 });
  });
  it('her four anti-dsDNA titres give a status: seroconverted at Day 395 by the assay cut-off', async () => {
    const res = await api.request('GET', `/api/patients/${id}/follow-up`, { cookie: coord });
    const [dsDna, ...others] = FollowUpPicture.parse(await res.json()).autoantibodies;
    expect(others).toEqual([]);
    expect(dsDna).toMatchObject({ antibody: 'anti-dsDNA', status: 'seroconverted', seroconvertedDay: 395 });
    expect(dsDna?.points.map((p) => [p.day, p.value, p.negative, p.classifiedBy])).toEqual([
      [-10, 320, false, 'cutoff'],
      [90, 40, false, 'cutoff'],
      [180, 12, false, 'cutoff'],
      [395, 4, true, 'cutoff'],
    ]);
    expect(dsDna?.reasons[0]).toContain('EliA dsDNA: below 10 IU/mL negative');
    expect(dsDna?.reasons.at(-1)).toContain('seroconverted to negative');
  });
  it('raises no new alert', async () => {
    expect(await openAlerts()).toEqual(alertsBefore);
  });
});

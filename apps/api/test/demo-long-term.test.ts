import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLongTermProphylaxis } from '../src/seed/long-term-prophylaxis.ts';
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
  expect(await seedLongTermProphylaxis(call, api.services.db, api.now())).toBe(1);
  const rows = await api.query<{ id: number }>("select id from patients where mrn = 'DEMO-0100'");
  id = Number(rows[0]?.id);
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
});

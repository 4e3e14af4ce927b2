import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, T0, type TestApi } from './helpers.ts';

/**
 * Infection prophylaxis through the API: records, stops and the HBV screening charted and
 * audited, bad input refused with nothing written, entered-in-error marks, the evaluation with
 * its reasons and rule version, and the coordinator alerts it raises.
 */
const DAY = 86_400_000;
let api: TestApi;
let coord: string;
let id: number;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

beforeEach(async () => {
  api = await createTestApi();
  api.advance(176 * DAY); // Day 176 of a patient infused on T0, lymphodepleted 5 days before
  coord = await api.login('coordinator');
  id = await enrolFollowUpPatient(api, coord, {
    mrn: 'MRN-55310',
    givenName: 'Ottilie',
    familyName: 'Brandauer',
    birthDate: '1984-02-11',
    sex: 'female',
    weightKg: 66,
    lymphodepletionStart: at(-5).slice(0, 10),
    infusionAt: at(0),
  });
});
afterEach(async () => {
  await api.close();
});

const post = (path: string, json: unknown, cookie = coord) =>
  api.request('POST', `/api/patients/${id}${path}`, { cookie, json });
async function evaluation() {
  const res = await api.request('GET', `/api/patients/${id}/prophylaxis`, { cookie: coord });
  expect(res.status).toBe(200);
  return res.json();
}
const kind = async (k: string) =>
  (await evaluation()).prophylaxis.kinds.find((x: { kind: string }) => x.kind === k);
async function openAlerts() {
  const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: coord });
  return (await res.json()).alerts as {
    rule: string;
    message: string;
    status: string;
    fireCount: number;
    updateCount: number;
  }[];
}
const count = async (table: string) =>
  Number((await api.query<{ n: number }>(`select count(*) as n from ${table}`))[0]?.n);

describe('prophylaxis records', () => {
  it('charts a record (audited), and the antiviral due to stop with CD4 still low raises the alert', async () => {
    const audit = await count('audit_log');
    const res = await post('/prophylaxis-records', {
      kind: 'antiviral_hsv_vzv',
      drug: 'valacyclovir 500 mg twice daily',
      startedAt: at(-5),
      plannedStopAt: at(180),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { record } = await res.json();
    expect(record).toMatchObject({ kind: 'antiviral_hsv_vzv', planned_stop_at: at(180) });
    const rows = await api.query<{ action: string; entity: string }>(
      "select action, entity from audit_log where action = 'create' order by seq desc limit 1",
    );
    expect(rows[0]).toEqual({ action: 'create', entity: 'prophylaxis_record' });
    expect(await count('audit_log')).toBeGreaterThan(audit);

    const labs = await post('/labs', {
      collectedAt: at(170),
      results: [{ analyte: 'cd4_absolute', value: 150 }],
    });
    expect(labs.status).toBe(201);
    const antiviral = await kind('antiviral_hsv_vzv');
    expect(antiviral.status).toBe('due_to_stop_rule_not_met');
    expect(antiviral.stopRule.reasons).toContain('CD4 150/µL (2026-08-19) not above 200/µL');
    const body = await evaluation();
    expect(body.ruleVersion).toMatch(/cellwatch/);
    expect(body.prophylaxis.source).toMatch(/ASTCT\/EBMT/);
    const alerts = await openAlerts();
    expect(
      alerts.find((a) => a.rule === 'prophylaxis_stop_rule_not_met_antiviral_hsv_vzv')?.message,
    ).toContain('Antiviral (HSV/VZV) due to stop');
    expect(alerts.find((a) => a.rule === 'prophylaxis_missing_pjp')?.message).toContain(
      'PJP (co-trimoxazole): none charted',
    );
    expect(alerts.some((a) => a.rule === 'hbv_screening_missing')).toBe(true);

    // CD4 recovers: the stop rule is met and the alert resolves.
    await post('/labs', { collectedAt: at(175), results: [{ analyte: 'cd4_absolute', value: 260 }] });
    expect((await kind('antiviral_hsv_vzv')).status).toBe('due_to_stop_rule_met');
    expect(
      (await openAlerts()).some((a) => a.rule === 'prophylaxis_stop_rule_not_met_antiviral_hsv_vzv'),
    ).toBe(false);
  });

  it('a stop is recorded once and judged at its date; entered-in-error keeps the facts', async () => {
    const { record } = await (
      await post('/prophylaxis-records', {
        kind: 'pjp',
        drug: 'co-trimoxazole 480 mg daily',
        startedAt: at(21),
      })
    ).json();
    const stop = await post(`/prophylaxis-records/${record.id}/stop`, { stoppedAt: at(100), reason: 'rash' });
    expect(stop.status, await stop.clone().text()).toBe(201);
    expect((await kind('pjp')).status).toBe('stopped_early');
    expect((await openAlerts()).find((a) => a.rule === 'prophylaxis_missing_pjp')?.message).toContain(
      'PJP (co-trimoxazole) stopped 2026-06-10 before its stop rule was met',
    );
    const again = await post(`/prophylaxis-records/${record.id}/stop`, { stoppedAt: at(101) });
    expect(again.status).toBe(409);

    const { stop: row } = await stop.json();
    const undo = await post(`/prophylaxis-stops/${row.id}/entered-in-error`, { reason: 'wrong patient' });
    expect(undo.status).toBe(200);
    expect((await kind('pjp')).status).toBe('active');
    const eie = await post(`/prophylaxis-records/${record.id}/entered-in-error`, { reason: 'charted twice' });
    expect(eie.status).toBe(200);
    expect((await kind('pjp')).status).toBe('missing');
    expect(await count('prophylaxis_records')).toBe(1); // never deleted
    expect(await count('prophylaxis_stops')).toBe(1);
    const list = await api.request('GET', `/api/patients/${id}/prophylaxis-records`, { cookie: coord });
    expect((await list.json()).records[0].enteredInError).toMatchObject({ reason: 'charted twice' });
  });

  it('refuses bad input with field and reason (400), impossible times (422), writing nothing', async () => {
    const before = [
      await count('prophylaxis_records'),
      await count('prophylaxis_stops'),
      await count('audit_log'),
    ];
    const bad = await post('/prophylaxis-records', {
      kind: 'antiparasitic',
      drug: '',
      startedAt: '2026-03-01',
    });
    expect(bad.status).toBe(400);
    const fields = (await bad.json()).error.fields.map((f: { path: string }) => f.path);
    expect([...new Set(fields)].sort()).toEqual(['drug', 'kind', 'startedAt']);
    const reversed = await post('/prophylaxis-records', {
      kind: 'pjp',
      drug: 'co-trimoxazole',
      startedAt: at(30),
      plannedStopAt: at(20),
    });
    expect(reversed.status).toBe(400);
    expect((await reversed.json()).error.fields).toEqual([
      { path: 'plannedStopAt', message: 'must not be before startedAt' },
    ]);
    const future = await post('/prophylaxis-records', {
      kind: 'pjp',
      drug: 'co-trimoxazole',
      startedAt: at(200),
    });
    expect(future.status).toBe(422);
    expect((await future.json()).error.fields).toEqual([{ path: 'startedAt', message: 'is in the future' }]);
    const { record } = await (
      await post('/prophylaxis-records', { kind: 'pjp', drug: 'co-trimoxazole', startedAt: at(21) })
    ).json();
    const early = await post(`/prophylaxis-records/${record.id}/stop`, { stoppedAt: at(10) });
    expect(early.status).toBe(422);
    expect((await early.json()).error.fields).toEqual([
      { path: 'stoppedAt', message: 'is before the prophylaxis started' },
    ]);
    const missing = await post('/prophylaxis-records/9999/stop', { stoppedAt: at(100) });
    expect(missing.status).toBe(404);
    expect(await count('prophylaxis_stops')).toBe(before[1]);
    expect(await count('prophylaxis_records')).toBe((before[0] ?? 0) + 1);
  });

  it('HBV: anti-HBc positive makes the HBV antiviral expected; a nurse may read but not chart', async () => {
    const res = await post('/hbv-screenings', { screenedAt: at(-20), coreAntibody: 'positive' });
    expect(res.status).toBe(201);
    const hbv = await kind('hbv_antiviral');
    expect(hbv).toMatchObject({ expected: true, status: 'missing' });
    expect((await evaluation()).hbvScreening).toMatchObject({ coreAntibody: 'positive' });
    expect((await openAlerts()).some((a) => a.rule === 'hbv_screening_missing')).toBe(false);
    const nurse = await api.login('nurse');
    expect((await api.request('GET', `/api/patients/${id}/prophylaxis`, { cookie: nurse })).status).toBe(200);
    expect(
      (await post('/hbv-screenings', { screenedAt: at(-19), coreAntibody: 'negative' }, nurse)).status,
    ).toBe(403);
  });

  it('CMV PCR monitoring after five consecutive days of corticosteroids', async () => {
    const hema = await api.login('hematologist');
    for (const d of [1, 2, 3, 4, 5]) {
      const res = await post(
        '/medications',
        { drug: 'dexamethasone', givenAt: at(d), dose: 10, route: 'iv' },
        hema,
      );
      expect(res.status, await res.clone().text()).toBe(201);
    }
    expect((await evaluation()).prophylaxis.cmvMonitoring).toMatchObject({
      indicated: true,
      longestSteroidRunDays: 5,
    });
  });

  it('CMV PCR results charted as labs: the alert while one is due, resolved by a result; refused when impossible', async () => {
    const hema = await api.login('hematologist');
    for (const d of [150, 151, 152, 153, 154, 155]) {
      const res = await post(
        '/medications',
        { drug: 'prednisolone', givenAt: at(d), dose: 50, route: 'po' },
        hema,
      );
      expect(res.status, await res.clone().text()).toBe(201);
    }
    expect((await evaluation()).prophylaxis.cmvMonitoring).toMatchObject({ status: 'due', results: [] });
    // Raised with the fifth day of the course (one open alert per rule); the sixth day brought its
    // message up to date: the same alert, not raised again.
    const due = (await openAlerts()).filter((a) => a.rule === 'cmv_pcr_due');
    expect(due).toHaveLength(1);
    expect(due[0]?.message).toBe(
      'CMV PCR: corticosteroids on 6 consecutive days from 2026-07-30 (≥ 5): monitor CMV by PCR; none charted since 2026-07-30',
    );
    expect(due[0]).toMatchObject({ fireCount: 1, updateCount: 1 });

    const before = [await count('lab_results'), await count('audit_log')];
    const negative = await post('/labs', {
      collectedAt: at(157),
      results: [{ analyte: 'cmv_dna', value: -3 }],
    });
    expect(negative.status).toBe(422);
    expect([await count('lab_results'), await count('audit_log')]).toEqual(before);

    const first = await post('/labs', { collectedAt: at(157), results: [{ analyte: 'cmv_dna', value: 0 }] });
    expect(first.status, await first.clone().text()).toBe(201);
    expect((await first.json()).results[0]).toMatchObject({ loinc: '72493-8', unit: '[IU]/mL', value: 0 });
    await post('/labs', {
      collectedAt: at(164),
      results: [{ analyte: 'cmv_dna', value: 450, unit: 'IU/mL' }],
    });
    const cmv = (await evaluation()).prophylaxis.cmvMonitoring;
    expect(cmv.status).toBe('monitored');
    expect(cmv.results.map((r: { iuPerMl: number; detected: boolean }) => [r.iuPerMl, r.detected])).toEqual([
      [450, true],
      [0, false],
    ]);
    expect(cmv.reason).toContain('latest CMV DNA detected, 450 IU/mL (2026-08-13)');
    expect((await openAlerts()).some((a) => a.rule === 'cmv_pcr_due')).toBe(false);
  });
});

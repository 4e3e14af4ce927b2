import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepFollowUpAlerts } from '../src/follow-up/alerts.ts';
import { seedLongTermProphylaxis } from '../src/seed/long-term-prophylaxis.ts';
import { seedLongTermRetreatment } from '../src/seed/long-term-retreatment.ts';
import { createTestApi, demoSeedCall, type TestApi } from './helpers.ts';

/**
 * An unresolved alert re-evaluated by later writes and sweeps (alerts/alert-refresh.ts): the same
 * firing is not "raised again", a changed reason brings the message up to date (audited, counted
 * as updated, first-raised time kept), a new charted fact is a real re-firing, and a condition
 * that cleared and came back is a new alert. One open alert per rule and patient throughout.
 */
let api: TestApi;
let coord: string;
beforeEach(async () => {
  api = await createTestApi();
  api.advance(420 * 86_400_000);
  coord = await api.login('coordinator');
});
afterEach(async () => {
  await api.close();
});

const DAY = 86_400_000;
const ANTIVIRAL = 'prophylaxis_stop_rule_not_met_antiviral_hsv_vzv';

interface Alert {
  id: number;
  rule: string;
  status: string;
  message: string;
  factIds: string[];
  raisedAt: string;
  lastFiredAt: string;
  fireCount: number;
  updatedAt: string | null;
  updateCount: number;
}

async function alertsOf(patientId: number): Promise<Alert[]> {
  const res = await api.request('GET', `/api/alerts?patientId=${patientId}&status=all`, { cookie: coord });
  expect(res.status).toBe(200);
  return (await res.json()).alerts;
}
const unresolved = async (patientId: number, rule: string) =>
  (await alertsOf(patientId)).filter((a) => a.rule === rule && a.status !== 'resolved');

/** The long-term demo patient (Lou, DEMO-0100), charted through the API as the demo does. */
async function seedLou(): Promise<number> {
  const call = demoSeedCall(api, coord);
  const id = await seedLongTermRetreatment(call, api.services.db, api.now());
  await seedLongTermProphylaxis(call, id, api.now());
  return id;
}

const chartCd4 = (id: number, perUl: number, daysAgo: number) =>
  api.request('POST', `/api/patients/${id}/labs`, {
    cookie: coord,
    json: {
      collectedAt: new Date(api.now() - daysAgo * DAY).toISOString(),
      results: [{ analyte: 'cd4_absolute', value: perUl }],
    },
  });

const auditOfAlert = (alertId: number) =>
  api.query<{ seq: number; action: string; user_id: number | null; before_json: string; after_json: string }>(
    `select seq, action, user_id, before_json, after_json from audit_log where entity = 'alert' and entity_id = ? and action != 'read' order by seq`,
    String(alertId),
  );

async function auditVerifies() {
  const admin = await api.login('admin');
  const res = await api.request('GET', '/api/audit/verify', { cookie: admin });
  expect(res.status).toBe(200);
  return (await res.json()).ok;
}

describe('an unresolved follow-up alert re-evaluated', () => {
  it('is not raised again by writes and sweeps that find the same condition', async () => {
    const id = await seedLou();
    // The seed charts vaccines, IVIG, steroids, CMV PCRs and a malignancy after the antiviral:
    // each write re-evaluated every follow-up rule, and none of Lou's alerts came back or changed.
    const open = (await alertsOf(id)).filter((a) => a.status !== 'resolved');
    expect(open.map((a) => a.rule)).toContain(ANTIVIRAL);
    // Counted only what the audit trail shows happened: an escalation (an IgG check now overdue).
    for (const alert of open) {
      const actions = (await auditOfAlert(alert.id)).map((a) => a.action);
      expect([alert.rule, alert.fireCount, alert.updateCount]).toEqual([
        alert.rule,
        1 + actions.filter((a) => a === 'escalate' || a === 'raise_again').length,
        actions.filter((a) => a === 'update').length,
      ]);
    }
    expect(open.find((a) => a.rule === ANTIVIRAL)).toMatchObject({ fireCount: 1, updateCount: 0 });
    const events: { type: string }[] = [];
    const unsubscribe = api.services.events.subscribe((e) => events.push(e));
    await sweepFollowUpAlerts(api.opened.db, api.now(), api.services.followUp);
    api.advance(60_000);
    await sweepFollowUpAlerts(api.opened.db, api.now(), api.services.followUp);
    await api.services.events.settled(); // PostgreSQL: delivered through LISTEN/NOTIFY
    unsubscribe();
    expect(events.filter((e) => e.type.startsWith('alert_'))).toEqual([]);
    const after = (await alertsOf(id)).filter((a) => a.status !== 'resolved');
    expect(after).toEqual(open);
    const [antiviral] = await unresolved(id, ANTIVIRAL);
    expect(await auditOfAlert(antiviral?.id ?? 0)).toEqual([]);
  });

  it('shows the current reason when it changes: same alert, first-raised time kept, audited', async () => {
    const id = await seedLou();
    const [before] = await unresolved(id, ANTIVIRAL);
    expect(before?.message).toContain('CD4 150/µL');
    api.advance(60_000);
    const events: { type: string; data: Record<string, unknown> }[] = [];
    const unsubscribe = api.services.events.subscribe((e) => events.push(e));
    expect((await chartCd4(id, 170, 1)).status).toBe(201);
    await api.services.events.settled(); // PostgreSQL: delivered through LISTEN/NOTIFY
    unsubscribe();
    const now = await unresolved(id, ANTIVIRAL);
    expect(now).toHaveLength(1); // one open alert per rule and patient
    const [alert] = now;
    expect(alert).toMatchObject({
      id: before?.id,
      raisedAt: before?.raisedAt,
      lastFiredAt: before?.lastFiredAt,
      fireCount: 1,
      updateCount: 1,
      updatedAt: new Date(api.now()).toISOString(),
      status: 'open',
    });
    expect(alert?.message).toContain('CD4 170/µL');
    expect(alert?.message).not.toContain('CD4 150/µL');
    // Screens hear of it as an update, not as a new alert with a chime.
    const ofAlert = events.filter((e) => (e.data.alert as { id?: number } | undefined)?.id === before?.id);
    expect(ofAlert.map((e) => e.type)).toEqual(['alert_updated']);

    // The audit trail keeps what it said before; the lab write's own row follows and covers the lab.
    const audit = await auditOfAlert(before?.id ?? 0);
    expect(audit.map((a) => a.action)).toEqual(['update']);
    const [row] = audit;
    expect(row?.user_id).toBeNull();
    expect(JSON.parse(row?.before_json ?? '{}').message).toBe(before?.message);
    expect(JSON.parse(row?.after_json ?? '{}').message).toBe(alert?.message);
    const next = await api.query<{ action: string; entity: string; facts_json: string | null }>(
      'select action, entity, facts_json from audit_log where seq = ?',
      Number(row?.seq) + 1,
    );
    expect(next[0]).toMatchObject({ action: 'create', entity: 'lab_panel' });
    expect(JSON.parse(next[0]?.facts_json ?? '[]').map((r: unknown[]) => r[0])).toContain('lab_results');
    expect(await auditVerifies()).toBe(true);

    // The same count charted again changes nothing more.
    expect((await chartCd4(id, 170, 1)).status).toBe(201);
    const [same] = await unresolved(id, ANTIVIRAL);
    expect(same).toMatchObject({ fireCount: 1, updateCount: 1, updatedAt: alert?.updatedAt });
    expect(await auditOfAlert(before?.id ?? 0)).toHaveLength(1);
  });

  it('that cleared and came back is a new alert; the resolved one is kept as it was', async () => {
    const id = await seedLou();
    const [first] = await unresolved(id, ANTIVIRAL);
    const res = await chartCd4(id, 250, 1); // above 200/µL: the stop rule is met
    expect(res.status).toBe(201);
    const labId = (await res.json()).results[0].id;
    expect(await unresolved(id, ANTIVIRAL)).toEqual([]);
    const resolved = (await alertsOf(id)).find((a) => a.id === first?.id);
    expect(resolved).toMatchObject({
      status: 'resolved',
      fireCount: 1,
      updateCount: 0,
      message: first?.message,
    });
    // The count was wrong: entered in error, the CD4 150/µL is in force again.
    const undo = await api.request('POST', `/api/patients/${id}/labs/${labId}/entered-in-error`, {
      cookie: coord,
      json: { reason: 'Result belonged to another patient' },
    });
    expect(undo.status).toBe(200);
    const back = await unresolved(id, ANTIVIRAL);
    expect(back).toHaveLength(1);
    expect(back[0]?.id).not.toBe(first?.id);
    expect(back[0]).toMatchObject({ fireCount: 1, updateCount: 0, updatedAt: null, status: 'open' });
    expect(back[0]?.message).toContain('CD4 150/µL');
    expect((await alertsOf(id)).find((a) => a.id === first?.id)).toEqual(resolved);
    expect(await auditVerifies()).toBe(true);
  });
});

describe('an unresolved bedside alert', () => {
  it('a new abnormal reading raises it again with the current value and every reading behind it', async () => {
    const nurse = await api.login('nurse');
    const enrolled = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'ALR-0001',
        givenName: 'Ada',
        familyName: 'Brandt',
        birthDate: '1979-05-02',
        sex: 'female',
        weightKg: 61,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(api.now() - 2 * DAY).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    expect(enrolled.status, await enrolled.clone().text()).toBe(201);
    const id: number = (await enrolled.json()).patient.id;
    const vitals = async (hoursAgo: number, spo2: number) => {
      const res = await api.request('POST', `/api/patients/${id}/vitals`, {
        cookie: nurse,
        json: { takenAt: new Date(api.now() - hoursAgo * 3_600_000).toISOString(), spo2 },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()).vital.id as number;
    };
    const first = await vitals(2, 90);
    const [raised] = await unresolved(id, 'low_spo2');
    expect(raised).toMatchObject({ fireCount: 1, message: 'SpO2 90 %, below 92 %' });
    const second = await vitals(1, 87);
    const now = await unresolved(id, 'low_spo2');
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({
      id: raised?.id,
      raisedAt: raised?.raisedAt,
      fireCount: 2,
      updateCount: 0,
      message: 'SpO2 87 %, below 92 %',
    });
    expect(now[0]?.factIds).toEqual([`vital_sets:${first}`, `vital_sets:${second}`]);
    const audit = await auditOfAlert(raised?.id ?? 0);
    expect(audit.map((a) => a.action)).toEqual(['raise_again']);
    expect(JSON.parse(audit[0]?.before_json ?? '{}').message).toBe('SpO2 90 %, below 92 %');
    expect(await auditVerifies()).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepOverdueChecks } from '../src/ward/monitoring.ts';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let nurse: string;
let coord: string;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(26 * H);
  [nurse, coord] = await Promise.all([api.login('nurse'), api.login('coordinator')]);
});
afterEach(async () => {
  await api.close();
});

async function enrol(mrn: string, familyName: string, status = 'inpatient_monitoring') {
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn,
      givenName: 'Test',
      familyName,
      birthDate: '1980-01-01',
      sex: 'female',
      weightKg: 60,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status,
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()).patient.id as number;
}

/** A full vitals check (monitoring plan): every vital sign, so it resets the "vitals due" clock. */
const FULL = { heartRate: 80, respiratoryRate: 16, spo2: 98 };

const vitals = (id: number, hours: number, extra: Record<string, unknown>) =>
  api.request('POST', `/api/patients/${id}/vitals`, {
    cookie: nurse,
    json: { takenAt: new Date(T0 + hours * H).toISOString(), ...extra },
  });

describe('the ward overview', () => {
  it('lists active patients most acute first, with Day, grades, latest vitals and alerts', async () => {
    const calm = await enrol('W-1', 'Calm');
    const sick = await enrol('W-2', 'Febrile');
    await enrol('W-3', 'Gone', 'withdrawn');
    await vitals(calm, 25, { temperatureC: 36.8, systolic: 120, diastolic: 80, ...FULL });
    await vitals(sick, 25, { temperatureC: 39.2, systolic: 84, diastolic: 50, ...FULL });

    const res = await api.request('GET', '/api/ward', { cookie: nurse });
    expect(res.status).toBe(200);
    const { patients } = await res.json();
    expect(patients.map((p: { mrn: string }) => p.mrn)).toEqual(['W-2', 'W-1']);
    const [first, second] = patients;
    expect(first).toMatchObject({ day: 1, crsGrade: 2, icansGrade: 0, febrile: true });
    expect(first.latestVitals).toMatchObject({ temperature_c: 39.2, systolic: 84 });
    expect(first.openAlerts.count).toBeGreaterThanOrEqual(2);
    expect(first.openAlerts.highest).toBe('high');
    expect(second).toMatchObject({ crsGrade: 0, openAlerts: { count: 0, highest: null } });
    // Febrile: vitals every 2 h instead of 4 h.
    expect(first.nextDue.vitalsDueAt).toBe(new Date(T0 + 27 * H).toISOString());
    expect(second.nextDue.vitalsDueAt).toBe(new Date(T0 + 29 * H).toISOString());
  });

  it('raises overdue-check alerts from the monitoring plan and closes them when charted', async () => {
    const id = await enrol('W-9', 'Late');
    await vitals(id, 20, { temperatureC: 37, systolic: 120, diastolic: 80, ...FULL });
    const events = await sweepOverdueChecks(api.opened.db, api.now());
    const rules = events.map((e) => (e.data as { alert: { rule: string } }).alert.rule).sort();
    expect(rules).toEqual(['ice_overdue', 'vitals_overdue']);
    // A second sweep adds nothing new: one open alert per rule.
    expect(await sweepOverdueChecks(api.opened.db, api.now())).toEqual([]);
    // Still overdue a minute later is the same alert, not a re-firing: it is not "raised again".
    api.advance(60_000);
    await sweepOverdueChecks(api.opened.db, api.now());
    const open = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: nurse });
    expect((await open.json()).alerts.map((a: { fireCount: number }) => a.fireCount)).toEqual([1, 1]);
    await vitals(id, 25.5, { temperatureC: 37, systolic: 120, diastolic: 80, ...FULL });
    const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: nurse });
    expect((await res.json()).alerts.map((a: { rule: string }) => a.rule)).toEqual(['ice_overdue']);
  });

  it('a temperature taken alone does not reset the vitals-due clock nor close "vitals overdue"', async () => {
    const id = await enrol('W-7', 'Feverwatch');
    await vitals(id, 20, { temperatureC: 37.1, systolic: 118, diastolic: 76, ...FULL });
    const dueAt = async () => {
      const res = await api.request('GET', '/api/ward', { cookie: nurse });
      const me = (await res.json()).patients.find((p: { id: number }) => p.id === id);
      return me as {
        nextDue: { vitalsDueAt: string; vitalsOverdue: boolean };
        latestVitals: { temperature_c: number };
      };
    };
    expect((await dueAt()).nextDue).toMatchObject({
      vitalsDueAt: new Date(T0 + 24 * H).toISOString(),
      vitalsOverdue: true,
    });
    await sweepOverdueChecks(api.opened.db, api.now());
    // A temperature-only set at 25.5 h: shown as the latest vitals, but the clock stays at 24 h.
    expect((await vitals(id, 25.5, { temperatureC: 37.3 })).status).toBe(201);
    const after = await dueAt();
    expect(after.latestVitals.temperature_c).toBe(37.3);
    expect(after.nextDue).toMatchObject({
      vitalsDueAt: new Date(T0 + 24 * H).toISOString(),
      vitalsOverdue: true,
    });
    const open = async () => {
      const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: nurse });
      return (await res.json()).alerts.map((a: { rule: string }) => a.rule).sort();
    };
    expect(await open()).toEqual(['ice_overdue', 'vitals_overdue']);
    // Missing one sign (no SpO2) is not a full check either.
    await vitals(id, 25.6, {
      temperatureC: 37.2,
      systolic: 119,
      diastolic: 77,
      heartRate: 82,
      respiratoryRate: 16,
    });
    expect((await dueAt()).nextDue.vitalsDueAt).toBe(new Date(T0 + 24 * H).toISOString());
    expect(await open()).toEqual(['ice_overdue', 'vitals_overdue']);
    // The full check resets it: next due 4 h later, the alert closes.
    await vitals(id, 25.75, { temperatureC: 37.2, systolic: 119, diastolic: 77, ...FULL });
    expect((await dueAt()).nextDue).toMatchObject({
      vitalsDueAt: new Date(T0 + 29.75 * H).toISOString(),
      vitalsOverdue: false,
    });
    expect(await open()).toEqual(['ice_overdue']);
  });
});

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
    await vitals(calm, 25, { temperatureC: 36.8, systolic: 120, diastolic: 80 });
    await vitals(sick, 25, { temperatureC: 39.2, systolic: 84, diastolic: 50 });

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
    await vitals(id, 20, { temperatureC: 37 });
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
    await vitals(id, 25.5, { temperatureC: 37 });
    const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: nurse });
    expect((await res.json()).alerts.map((a: { rule: string }) => a.rule)).toEqual(['ice_overdue']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let nurse: string;
let coord: string;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(3 * 24 * H);
  [nurse, coord] = await Promise.all([api.login('nurse'), api.login('coordinator')]);
});
afterEach(async () => {
  await api.close();
});

const at = (hours: number) => new Date(T0 + hours * H).toISOString();

async function post(cookie: string, path: string, json: unknown, status = 201) {
  const res = await api.request('POST', path, { cookie, json });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

async function febrilePatientOnNorepinephrine() {
  const { patient } = await post(coord, '/api/patients', {
    mrn: 'MRN-PRESSOR',
    givenName: 'Ida',
    familyName: 'Titrate',
    birthDate: '1979-05-01',
    sex: 'female',
    weightKg: 70,
    diagnosis: 'sle',
    product: 'cd19_car_t',
    infusionAt: at(0),
    status: 'inpatient_monitoring',
  });
  const id = patient.id as number;
  await post(nurse, `/api/patients/${id}/vitals`, { takenAt: at(20), temperatureC: 38.9, systolic: 84 });
  const { infusion } = await post(nurse, `/api/patients/${id}/vasopressors`, {
    drug: 'norepinephrine',
    startedAt: at(21),
    doseNote: '0.05 µg/kg/min',
  });
  return { id, infusion };
}

async function crsGrade(id: number) {
  const res = await api.request('GET', `/api/patients/${id}/toxicity`, { cookie: nurse });
  return (await res.json()).current.crs.grade as number;
}

async function infusions(id: number) {
  const res = await api.request('GET', `/api/patients/${id}/vasopressors`, { cookie: nurse });
  return (await res.json()).infusions as {
    id: number;
    drug: string;
    startedAt: string;
    stoppedAt: string | null;
    doseNote: string | null;
  }[];
}

describe('changing the dose of a running vasopressor', () => {
  it('stops the old rate and starts the same drug at the new dose in one write; the grade holds', async () => {
    const { id, infusion } = await febrilePatientOnNorepinephrine();
    expect(await crsGrade(id)).toBe(3);
    const change = await post(nurse, `/api/patients/${id}/vasopressors/${infusion.id}/dose`, {
      changedAt: at(23),
      doseNote: '0.12 µg/kg/min',
    });
    expect(change.previousDoseNote).toBe('0.05 µg/kg/min');
    expect(change.infusion).toMatchObject({ drug: 'norepinephrine', startedAt: at(23), stoppedAt: null });
    const list = await infusions(id);
    expect(list.map((i) => [i.doseNote, i.startedAt, i.stoppedAt])).toEqual([
      ['0.12 µg/kg/min', at(23), null],
      ['0.05 µg/kg/min', at(21), at(23)],
    ]);
    expect(await crsGrade(id)).toBe(3);
    // One audit row for the titration, naming both halves.
    const audit = await api.query<{ entity: string }>(
      "SELECT entity FROM audit_log WHERE entity = 'vasopressor_dose_change'",
    );
    expect(audit).toHaveLength(1);
    // Stopping the new rate ends the pressor: no vasopressor running, the grade falls back.
    await post(nurse, `/api/patients/${id}/vasopressors/${change.infusion.id}/stop`, { stoppedAt: at(24) });
    expect(await crsGrade(id)).toBeLessThan(3);
  });

  it('refuses a change before the start (422) or of a stopped infusion (409), writing nothing', async () => {
    const { id, infusion } = await febrilePatientOnNorepinephrine();
    const before = await infusions(id);
    const early = await post(
      nurse,
      `/api/patients/${id}/vasopressors/${infusion.id}/dose`,
      { changedAt: at(20), doseNote: '0.1 µg/kg/min' },
      422,
    );
    expect(early.error.fields).toEqual([{ path: 'changedAt', message: 'is before the infusion started' }]);
    await post(nurse, `/api/patients/${id}/vasopressors/${infusion.id}/dose`, { changedAt: at(22) }, 400);
    expect(await infusions(id)).toEqual(before);
    await post(nurse, `/api/patients/${id}/vasopressors/${infusion.id}/stop`, { stoppedAt: at(22) });
    await post(
      nurse,
      `/api/patients/${id}/vasopressors/${infusion.id}/dose`,
      { changedAt: at(23), doseNote: '0.1 µg/kg/min' },
      409,
    );
    expect((await infusions(id)).length).toBe(1);
  });

  it('is bedside charting: a coordinator may not titrate', async () => {
    const { id, infusion } = await febrilePatientOnNorepinephrine();
    await post(
      coord,
      `/api/patients/${id}/vasopressors/${infusion.id}/dose`,
      { changedAt: at(23), doseNote: '0.1 µg/kg/min' },
      403,
    );
  });
});

describe('enrolment and patient edits by the unit', () => {
  const enrolment = {
    mrn: 'MRN-NURSE-1',
    givenName: 'Noor',
    familyName: 'Admitted',
    birthDate: '1990-01-02',
    sex: 'female',
    weightKg: 58,
    diagnosis: 'myositis',
    product: 'cd19_car_t',
  };

  it('lets an admitting nurse enrol and weigh a patient, each write audited', async () => {
    const { patient } = await post(nurse, '/api/patients', enrolment);
    const res = await api.request('PATCH', `/api/patients/${patient.id}`, {
      cookie: nurse,
      json: { weightKg: 56.5, status: 'inpatient_monitoring' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).patient).toMatchObject({ weightKg: 56.5, status: 'inpatient_monitoring' });
    const audit = await api.query<{ action: string; before_json: string | null; after_json: string }>(
      "SELECT action, before_json, after_json FROM audit_log WHERE entity = 'patient' AND entity_id = ? ORDER BY seq",
      String(patient.id),
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(JSON.parse(audit[1]?.before_json ?? '{}').weightKg).toBe(58);
    expect(JSON.parse(audit[1]?.after_json ?? '{}').weightKg).toBe(56.5);
  });

  it('still keeps administrators out of patient records', async () => {
    const admin = await api.login('admin');
    await post(admin, '/api/patients', { ...enrolment, mrn: 'MRN-ADMIN-1' }, 403);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let nurse: string;
let hema: string;
let coord: string;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(2 * 24 * H);
  [nurse, hema, coord] = await Promise.all([
    api.login('nurse'),
    api.login('hematologist'),
    api.login('coordinator'),
  ]);
});
afterEach(async () => {
  await api.close();
});

const at = (hours: number) => new Date(T0 + hours * H).toISOString();

async function enrol(birthDate = '1980-01-01') {
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: `NP-${birthDate}`,
      givenName: 'Test',
      familyName: 'Aphasia',
      birthDate,
      sex: 'female',
      weightKg: birthDate < '2010' ? 60 : 25,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: at(0),
      status: 'inpatient_monitoring',
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()).patient.id as number;
}

async function chartNeuro(id: number, json: Record<string, unknown>) {
  return api.request('POST', `/api/patients/${id}/neuro-assessments`, { cookie: nurse, json });
}

async function currentIcans(id: number) {
  const res = await api.request('GET', `/api/patients/${id}/toxicity`, { cookie: hema });
  expect(res.status).toBe(200);
  return (await res.json()).current.icans as {
    grade: number;
    reasons: string[];
    missing: { item: string; status: string; message: string }[];
  };
}

describe('ICE charted as not performed, through the route', () => {
  it('global aphasia in an awake patient is ICANS grade 3 (ASTCT 2019), with the reason shown', async () => {
    const id = await enrol();
    const res = await chartNeuro(id, {
      assessedAt: at(30),
      ice: null,
      iceNotPerformedReason: 'global_aphasia',
      consciousness: 'normal',
    });
    expect(res.status).toBe(201);
    const icans = await currentIcans(id);
    expect(icans.grade).toBe(3);
    expect(icans.reasons).toContain(
      'ICE not performed (global aphasia) in an awake patient: counts as ICE 0/10 → grade 3',
    );
    expect(icans.missing).toEqual([]);
    // The grade step goes to the hematologists' review queue like any other.
    const reviews = await api.request('GET', '/api/reviews', { cookie: hema });
    const mine = (await reviews.json()).reviews.filter(
      (r: { patient: { id: number }; syndrome: string }) => r.patient.id === id && r.syndrome === 'icans',
    );
    expect(mine.map((r: { toGrade: number }) => r.toGrade)).toEqual([3]);
  });

  it('intubated and sedated: ICE not assessable, graded by the other domains, ICE named as missing', async () => {
    const id = await enrol();
    expect(
      (
        await chartNeuro(id, {
          assessedAt: at(30),
          ice: null,
          iceNotPerformedReason: 'intubated_sedated',
          consciousness: 'awakens_to_voice',
        })
      ).status,
    ).toBe(201);
    const icans = await currentIcans(id);
    expect(icans.grade).toBe(2);
    expect(icans.reasons.join(' ')).toContain('ICE not assessable (intubated and sedated)');
    expect(icans.missing).toEqual([
      expect.objectContaining({
        item: 'ice',
        status: 'missing',
        message: 'ICE not assessable (intubated and sedated)',
      }),
    ]);
  });

  it.each([
    ['language_barrier', 'ICE not assessable (language barrier)'],
    ['patient_refused', 'ICE not assessable (patient refused)'],
    ['other', 'ICE not assessable (other reason)'],
  ])('%s is accepted and named as missing data', async (reason, message) => {
    const id = await enrol();
    const res = await chartNeuro(id, {
      assessedAt: at(30),
      ice: null,
      iceNotPerformedReason: reason,
      consciousness: 'normal',
    });
    expect(res.status).toBe(201);
    const icans = await currentIcans(id);
    expect(icans.grade).toBe(0);
    expect(icans.missing.map((m) => m.message)).toEqual([message]);
  });

  it('a child: the reason applies to CAPD; unarousable is grade 4', async () => {
    const id = await enrol('2019-06-01');
    const res = await chartNeuro(id, {
      assessedAt: at(30),
      ice: null,
      iceNotPerformedReason: 'unarousable',
      consciousness: 'unarousable',
    });
    expect(res.status).toBe(201);
    const icans = await currentIcans(id);
    expect(icans.grade).toBe(4);
    expect(icans.reasons).toContain('unarousable, cannot perform CAPD → grade 4');
  });

  it('refuses "unarousable" as the reason when consciousness is charted otherwise, and writes nothing', async () => {
    const id = await enrol();
    const res = await chartNeuro(id, {
      assessedAt: at(30),
      ice: null,
      iceNotPerformedReason: 'unarousable',
      consciousness: 'awakens_to_voice',
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('clinically_impossible');
    expect(body.error.fields[0].path).toBe('iceNotPerformedReason');
    expect(body.error.fields[0].message).toContain('awakens to voice');
    const list = await api.request('GET', `/api/patients/${id}/neuro-assessments`, { cookie: nurse });
    expect((await list.json()).assessments).toEqual([]);
  });

  it('an assessment with no ICE and no reason names ICE as not recorded', async () => {
    const id = await enrol();
    expect((await chartNeuro(id, { assessedAt: at(30), consciousness: 'normal' })).status).toBe(201);
    const icans = await currentIcans(id);
    expect(icans.missing.map((m) => m.message)).toEqual(['ICE not recorded in the latest neuro assessment']);
  });
});

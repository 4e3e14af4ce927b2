import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, TEST_PASSWORD, type TestApi } from './helpers.ts';
import { iceItems } from './toxicity-course.ts';

const H = 3_600_000;
let api: TestApi;
let nurse: string;
let hema: string;
let coord: string;

beforeEach(async () => {
  api = await createTestApi();
  // The course is charted after the fact: the clock stands 5 days after the infusion.
  api.advance(5 * 24 * H);
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

async function enrol(overrides: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'MRN-1001',
      givenName: 'Ada',
      familyName: 'Sample',
      birthDate: '1988-04-12',
      sex: 'female',
      weightKg: 64,
      diagnosis: 'sle',
      autoantibody: 'anti-dsDNA',
      product: 'cd19_car_t',
      trialId: 'NCT00000000',
      lymphodepletionStart: '2026-02-25',
      infusionAt: at(0),
      status: 'inpatient_monitoring',
      ...overrides,
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()).patient.id as number;
}

async function chart(cookie: string, path: string, json: unknown, status = 201) {
  const res = await api.request('POST', path, { cookie, json });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

async function toxicity(id: number) {
  const res = await api.request('GET', `/api/patients/${id}/toxicity`, { cookie: hema });
  expect(res.status).toBe(200);
  return res.json();
}

async function openAlerts(id: number): Promise<string[]> {
  const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: nurse });
  return (await res.json()).alerts.map((a: { rule: string }) => a.rule).sort();
}

describe('a CRS course through the API', () => {
  it('grades fever, hypotension on norepinephrine, tocilizumab and resolution, with alerts and reasons', async () => {
    const id = await enrol();
    const vitals = `/api/patients/${id}/vitals`;
    await chart(nurse, vitals, {
      takenAt: at(2),
      temperatureC: 37.1,
      heartRate: 80,
      systolic: 120,
      diastolic: 75,
      spo2: 98,
    });
    expect((await toxicity(id)).current.crs.grade).toBe(0);
    expect(await openAlerts(id)).toEqual([]);

    // Day 1: first fever → CRS grade 1, possible-onset alert.
    await chart(nurse, vitals, {
      takenAt: at(26),
      temperatureF: 101.5,
      heartRate: 110,
      systolic: 112,
      diastolic: 70,
      spo2: 97,
    });
    let tox = await toxicity(id);
    expect(tox.current.crs.grade).toBe(1);
    expect(tox.current.crs.reasons.join(' ')).toMatch(/fever 38\.6/);
    expect(tox.current.crs.ruleVersion).toMatch(/ASTCT/);
    const [feverFact] = tox.current.crs.factIds;
    expect(tox.facts[feverFact]).toMatchObject({
      summary: expect.stringMatching(/T 38\.6 °C/),
      recordedBy: 'Demo Nurse',
    });
    expect(await openAlerts(id)).toEqual(['crs_grade_up', 'possible_crs_onset']);

    // Hypotension, then norepinephrine → grade 3 (one vasopressor).
    await chart(nurse, vitals, {
      takenAt: at(29),
      temperatureC: 38.9,
      systolic: 82,
      diastolic: 48,
      spo2: 95,
    });
    expect((await toxicity(id)).current.crs.grade).toBe(2);
    expect(await openAlerts(id)).toContain('hypotension');
    const pressor = await chart(nurse, `/api/patients/${id}/vasopressors`, {
      drug: 'norepinephrine',
      startedAt: at(30),
    });
    tox = await toxicity(id);
    expect(tox.current.crs.grade).toBe(3);
    expect(tox.current.crs.reasons.join(' ')).toMatch(/norepinephrine/);
    expect(await openAlerts(id)).toContain('crs_grade_2_or_more');

    // Tocilizumab, then afebrile but still on the pressor: still grade 3 (fever no longer required).
    const toci = await chart(hema, `/api/patients/${id}/medications`, {
      givenAt: at(31),
      drug: 'tocilizumab',
      dose: 512,
    });
    expect(toci.medication.tocilizumabCheck.status).toBe('allowed');
    await chart(nurse, vitals, {
      takenAt: at(35),
      temperatureC: 36.9,
      systolic: 96,
      diastolic: 60,
      spo2: 97,
    });
    tox = await toxicity(id);
    expect(tox.current.crs.grade).toBe(3);
    expect(tox.current.crs.feverNoLongerRequired).toBe(true);
    expect(tox.episodes.crs[0].feverNoLongerRequiredFrom).toBe(at(31));

    // Pressor stopped, normal vitals for more than 24 h → episode resolved.
    await chart(nurse, `/api/patients/${id}/vasopressors/${pressor.infusion.id}/stop`, { stoppedAt: at(40) });
    for (let h = 44; h <= 72; h += 4) {
      await chart(nurse, vitals, {
        takenAt: at(h),
        temperatureC: 36.8,
        systolic: 118,
        diastolic: 72,
        spo2: 98,
      });
    }
    tox = await toxicity(id);
    expect(tox.current.crs.grade).toBe(0);
    expect(tox.episodes.crs).toHaveLength(1);
    expect(tox.episodes.crs[0]).toMatchObject({ maxGrade: 3, status: 'resolved', onsetAt: at(26) });
    const day1 = tox.dailyMax.find((d: { day: number }) => d.day === 1);
    expect(day1.crsMaxGrade).toBe(3);
  });

  it('keeps one open alert per rule and patient', async () => {
    const id = await enrol();
    for (let h = 1; h <= 3; h++) {
      await chart(nurse, `/api/patients/${id}/vitals`, { takenAt: at(h), systolic: 80, diastolic: 50 });
    }
    const res = await api.request('GET', `/api/alerts?patientId=${id}`, { cookie: nurse });
    const alerts = (await res.json()).alerts.filter((a: { rule: string }) => a.rule === 'hypotension');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].fireCount).toBe(3);
  });
});

describe('an ICANS course', () => {
  const ice = iceItems;

  it('computes the ICE score, grades ICANS as it falls and raises an ICE-fall alert', async () => {
    const id = await enrol();
    const neuro = `/api/patients/${id}/neuro-assessments`;
    const first = await chart(nurse, neuro, { assessedAt: at(1), ice: ice(10), consciousness: 'normal' });
    expect(first.assessment.iceScore).toBe(10);
    expect((await toxicity(id)).current.icans.grade).toBe(0);
    await chart(nurse, neuro, { assessedAt: at(9), ice: ice(8), consciousness: 'normal' });
    let tox = await toxicity(id);
    expect(tox.current.icans.grade).toBe(1);
    expect(await openAlerts(id)).toEqual(['icans_grade_up', 'ice_fall']);
    await chart(nurse, neuro, { assessedAt: at(17), ice: ice(5), consciousness: 'awakens_to_voice' });
    tox = await toxicity(id);
    expect(tox.current.icans.grade).toBe(2);
    expect(tox.current.icans.reasons.join(' ')).toMatch(/ICE 5\/10/);
    await chart(nurse, neuro, {
      assessedAt: at(21),
      ice: null,
      iceNotPerformedReason: 'unarousable',
      consciousness: 'unarousable',
    });
    expect((await toxicity(id)).current.icans.grade).toBe(4);
  });

  it('refuses a typed-in ICE score', async () => {
    const id = await enrol();
    const res = await api.request('POST', `/api/patients/${id}/neuro-assessments`, {
      cookie: nurse,
      json: { assessedAt: at(0), iceScore: 7, consciousness: 'normal' },
    });
    expect(res.status).toBe(400);
  });
});

describe('hematologist sign-off', () => {
  async function feverCourse() {
    const id = await enrol();
    const v = await chart(nurse, `/api/patients/${id}/vitals`, { takenAt: at(26), temperatureC: 38.7 });
    const res = await api.request('GET', '/api/reviews', { cookie: hema });
    const reviews = (await res.json()).reviews.filter(
      (r: { patient: { id: number } }) => r.patient.id === id,
    );
    return { id, vitalId: v.vital.id as number, reviews };
  }

  it('confirms a computed grade with a password-checked signature', async () => {
    const { reviews } = await feverCourse();
    expect(reviews).toHaveLength(1);
    const [review] = reviews;
    expect(review).toMatchObject({ syndrome: 'crs', fromGrade: 0, toGrade: 1, status: 'pending' });
    expect(review.reasons.join(' ')).toMatch(/fever/);
    expect(review.factsHash).toMatch(/^[0-9a-f]{64}$/);

    const wrong = await api.request('POST', `/api/reviews/${review.id}/confirm`, {
      cookie: hema,
      json: { password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    const nurseTry = await api.request('POST', `/api/reviews/${review.id}/confirm`, {
      cookie: nurse,
      json: { password: TEST_PASSWORD },
    });
    expect(nurseTry.status).toBe(403);

    const signed = await chart(hema, `/api/reviews/${review.id}/confirm`, { password: TEST_PASSWORD }, 200);
    expect(signed.review.status).toBe('confirmed');
    expect(signed.review.signatures[0]).toMatchObject({
      decision: 'confirmed',
      meaning: 'confirmed CRS grade 1',
      signer: { printedName: 'Demo Hematologist' },
      factsHash: review.factsHash,
      signedAt: new Date(api.now()).toISOString(),
    });
    const again = await api.request('POST', `/api/reviews/${review.id}/confirm`, {
      cookie: hema,
      json: { password: TEST_PASSWORD },
    });
    expect(again.status).toBe(409);
  });

  it('overrides a grade with a reason', async () => {
    const { reviews } = await feverCourse();
    const signed = await chart(
      hema,
      `/api/reviews/${reviews[0].id}/override`,
      { password: TEST_PASSWORD, grade: 0, reason: 'fever from line infection' },
      200,
    );
    expect(signed.review.status).toBe('overridden');
    expect(signed.review.signatures[0]).toMatchObject({
      signedGrade: 0,
      computedGrade: 1,
      reason: 'fever from line infection',
    });
    expect(signed.review.signatures[0].meaning).toBe('overrode computed CRS grade 1 with grade 0');
  });

  it('returns a signed grade to the queue, flagged, when a fact behind it is entered in error', async () => {
    const { id, vitalId, reviews } = await feverCourse();
    await chart(hema, `/api/reviews/${reviews[0].id}/confirm`, { password: TEST_PASSWORD }, 200);
    await chart(
      nurse,
      `/api/patients/${id}/vitals/${vitalId}/entered-in-error`,
      { reason: 'charted on the wrong patient' },
      200,
    );

    const res = await api.request('GET', `/api/reviews?patientId=${id}`, { cookie: hema });
    const [returned] = (await res.json()).reviews;
    expect(returned.id).toBe(reviews[0].id);
    expect(returned.status).toBe('pending');
    expect(returned.returnedReason).toMatch(/entered-in-error/);
    expect(returned.signatures[0].invalidatedAt).not.toBeNull();
    // The grade is recomputed without the corrected fact: nothing valid is charted any more.
    expect((await toxicity(id)).current).toBeNull();
    // The corrected vital set stays in the record, marked.
    const list = await (await api.request('GET', `/api/patients/${id}/vitals`, { cookie: nurse })).json();
    expect(list.vitals[0].enteredInError).toMatchObject({
      reason: 'charted on the wrong patient',
      by: { displayName: 'Demo Nurse' },
    });
  });
});

describe('oxygen given for comfort only', () => {
  it('is charted as such, read back, and not graded as hypoxia (ASTCT 2019), with the reason', async () => {
    const id = await enrol();
    const vitals = `/api/patients/${id}/vitals`;
    const { vital } = await chart(nurse, vitals, {
      takenAt: at(30),
      temperatureC: 38.6,
      heartRate: 96,
      spo2: 97,
      oxygenDevice: 'nasal_cannula',
      oxygenFlowLpm: 2,
      oxygenForComfort: true,
    });
    expect(vital).toMatchObject({ oxygenDevice: 'nasal_cannula', oxygenFlowLpm: 2, oxygenForComfort: true });
    const tox = await toxicity(id);
    expect(tox.current.crs.grade).toBe(1);
    expect(tox.current.crs.reasons).toContain(
      'nasal cannula 2 L/min given for comfort only: not counted as hypoxia (ASTCT 2019)',
    );
    // The same flow needed for the saturation is grade 2.
    await chart(nurse, vitals, {
      takenAt: at(31),
      temperatureC: 38.4,
      spo2: 91,
      oxygenDevice: 'nasal_cannula',
      oxygenFlowLpm: 2,
    });
    const after = await toxicity(id);
    expect(after.current.crs.grade).toBe(2);
    expect(after.current.crs.reasons).toContain('low-flow nasal cannula 2 L/min → grade 2');
  });

  it('refuses room air marked for comfort and writes nothing', async () => {
    const id = await enrol();
    const res = await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: { takenAt: at(30), temperatureC: 37.0, oxygenDevice: 'room_air', oxygenForComfort: true },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(JSON.stringify(body.error.fields)).toContain('oxygenForComfort');
    const list = await api.request('GET', `/api/patients/${id}/vitals`, { cookie: nurse });
    expect((await list.json()).vitals).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPUTED_GRADE_EXTENSION } from '../src/fhir/export.ts';
import { createTestApi, T0, TEST_PASSWORD, type TestApi } from './helpers.ts';

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

async function call(cookie: string, method: string, path: string, json?: unknown, status = 200) {
  const res = await api.request(method, path, { cookie, json });
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return text.startsWith('{') ? JSON.parse(text) : text;
}

async function enrol(mrn: string, familyName: string) {
  const body = await call(
    coord,
    'POST',
    '/api/patients',
    {
      mrn,
      givenName: 'Sign',
      familyName,
      birthDate: '1985-06-01',
      sex: 'female',
      weightKg: 62,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: at(0),
      status: 'inpatient_monitoring',
    },
    201,
  );
  return body.patient.id as number;
}

const vitals = (id: number, hours: number, extra: Record<string, unknown>) =>
  call(nurse, 'POST', `/api/patients/${id}/vitals`, { takenAt: at(hours), ...extra }, 201);

/** Fever with hypotension (CRS 2), then norepinephrine (CRS 3: ASTCT 2019, one vasopressor). */
async function grade3Course(mrn = 'SIG-1', name = 'Override') {
  const id = await enrol(mrn, name);
  await vitals(id, 25, { temperatureC: 39.1, systolic: 85, diastolic: 52, spo2: 96 });
  const fever = await vitals(id, 26, { temperatureC: 39.0, systolic: 84, diastolic: 50, spo2: 95 });
  await call(
    nurse,
    'POST',
    `/api/patients/${id}/vasopressors`,
    { drug: 'norepinephrine', startedAt: at(27) },
    201,
  );
  const { reviews } = await call(hema, 'GET', `/api/reviews?patientId=${id}`);
  const step3 = reviews.find(
    (r: { syndrome: string; toGrade: number }) => r.syndrome === 'crs' && r.toGrade === 3,
  );
  expect(step3).toBeTruthy();
  return { id, step3, feverVitalId: fever.vital.id as number };
}

const override = (reviewId: number, grade: number, reason: string) =>
  call(hema, 'POST', `/api/reviews/${reviewId}/override`, { password: TEST_PASSWORD, grade, reason });

describe('the signed grade is what every view shows', () => {
  it('after an override of computed CRS 3 to 2: ward, toxicity, report, summary and FHIR show 2, signed, with 3 beside it', async () => {
    const { id, step3 } = await grade3Course();
    const signedAt = new Date(api.now()).toISOString();
    await override(step3.id, 2, 'Norepinephrine started for sedation-related hypotension');
    const signed = {
      status: 'signed',
      grade: 2,
      computedGrade: 3,
      gradeChangeId: step3.id,
      signature: {
        decision: 'overridden',
        signedGrade: 2,
        computedGrade: 3,
        signer: { printedName: 'Demo Hematologist' },
        signedAt,
        meaning: 'overrode computed CRS grade 3 with grade 2',
      },
    };

    // The ward row.
    const ward = await call(nurse, 'GET', '/api/ward');
    const row = ward.patients.find((p: { id: number }) => p.id === id);
    expect(row.crsGrade).toBe(2);
    expect(row.grades.crs).toMatchObject(signed);
    expect(row.grades.icans).toMatchObject({ status: 'no_step', grade: 0 });

    // The patient's toxicity picture: the computed moment stays as computed, the grade of record is signed.
    const tox = await call(nurse, 'GET', `/api/patients/${id}/toxicity`);
    expect(tox.current.crs.grade).toBe(3);
    expect(tox.grades.crs).toMatchObject(signed);

    // The trial report, CSV and JSON.
    const csv = (await call(coord, 'GET', '/api/reports/toxicity')) as string;
    const [header, ...lines] = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const csvRow = Object.fromEntries((header as string[]).map((h, i) => [h, lines[0]?.[i]]));
    expect(csvRow).toMatchObject({
      crs_max_grade: '2',
      crs_max_grade_computed: '3',
      crs_overridden_steps: '1',
      crs_steps_awaiting_review: '1', // the step to grade 2 is not signed
    });
    const json = await call(coord, 'GET', '/api/reports/toxicity?format=json');
    expect(json.rows[0]).toMatchObject({
      crsMaxGrade: 2,
      crsMaxGradeComputed: 3,
      crsOverriddenSteps: 1,
      crsStepsAwaitingReview: 1,
    });

    // The cohort summary counts the patient at the signed maximum, the computed one beside it.
    const summary = await call(coord, 'GET', '/api/reports/toxicity/summary?format=json');
    expect(summary.crs.find((g: { grade: number }) => g.grade === 2).count).toBe(1);
    expect(summary.crs.find((g: { grade: number }) => g.grade === 3).count).toBe(0);
    expect(summary.signOff.crsComputed.find((g: { grade: number }) => g.grade === 3).count).toBe(1);
    expect(summary.signOff.patientsWithOverriddenMaximum.crs).toBe(1);
    const summaryCsv = (await call(coord, 'GET', '/api/reports/toxicity/summary')) as string;
    expect(summaryCsv).toContain('crs,2,1,100');
    expect(summaryCsv).toContain('crs_computed,3,1,100');

    // FHIR: the signed step is final, carries the signed grade, the signer and the computed grade.
    const bundle = await call(hema, 'GET', `/api/patients/${id}/fhir`);
    const obs = bundle.entry.find(
      (e: { resource: { id: string } }) => e.resource.id === `grade-${step3.id}`,
    ).resource;
    expect(obs).toMatchObject({
      status: 'final',
      valueInteger: 2,
      issued: signedAt,
      performer: [{ display: 'Demo Hematologist' }],
      extension: [{ url: COMPUTED_GRADE_EXTENSION, valueInteger: 3 }],
    });
    expect(obs.note.map((n: { text: string }) => n.text).join(' ')).toContain(
      'overrode computed CRS grade 3 with grade 2',
    );
    const unsigned = bundle.entry.filter(
      (e: { resource: { id: string; status: string } }) =>
        e.resource.id.startsWith('grade-') && e.resource.id !== `grade-${step3.id}`,
    );
    expect(unsigned.length).toBeGreaterThan(0);
    for (const e of unsigned) {
      expect(e.resource.status).toBe('preliminary');
      expect(e.resource.performer).toBeUndefined();
    }
  });

  it('shows an unsigned current grade as awaiting review, and a confirmed one as signed with no difference', async () => {
    const { id, step3 } = await grade3Course();
    let tox = await call(nurse, 'GET', `/api/patients/${id}/toxicity`);
    expect(tox.grades.crs).toMatchObject({
      status: 'awaiting_review',
      grade: 3,
      computedGrade: 3,
      signature: null,
    });
    await call(hema, 'POST', `/api/reviews/${step3.id}/confirm`, { password: TEST_PASSWORD });
    tox = await call(nurse, 'GET', `/api/patients/${id}/toxicity`);
    expect(tox.grades.crs).toMatchObject({
      status: 'signed',
      grade: 3,
      computedGrade: 3,
      signature: { decision: 'confirmed', meaning: 'confirmed CRS grade 3' },
    });
  });

  it('never keeps a signed grade silently after a correction: the step returns to the queue and every view says so', async () => {
    const { id, step3, feverVitalId } = await grade3Course();
    await override(step3.id, 2, 'Norepinephrine started for sedation-related hypotension');
    // The vital set behind the signed step was charted on the wrong patient.
    await call(nurse, 'POST', `/api/patients/${id}/vitals/${feverVitalId}/entered-in-error`, {
      reason: 'charted on the wrong patient',
    });
    const tox = await call(nurse, 'GET', `/api/patients/${id}/toxicity`);
    // Still computed (the 25 h vital set carries the hypotension): the same step, back in the queue.
    expect(tox.current.crs.grade).toBe(3);
    expect(tox.grades.crs).toMatchObject({
      status: 'awaiting_review',
      grade: 3,
      computedGrade: 3,
      gradeChangeId: step3.id,
      signature: null,
      returnedReason: expect.stringMatching(/entered-in-error after this grade was signed/),
      returnedSignature: { signedGrade: 2, signer: { printedName: 'Demo Hematologist' } },
    });
    const ward = await call(nurse, 'GET', '/api/ward');
    expect(ward.patients.find((p: { id: number }) => p.id === id).grades.crs.status).toBe('awaiting_review');
    const json = await call(coord, 'GET', '/api/reports/toxicity?format=json');
    expect(json.rows[0]).toMatchObject({ crsMaxGrade: 3, crsOverriddenSteps: 0, crsStepsAwaitingReview: 2 });
    const bundle = await call(hema, 'GET', `/api/patients/${id}/fhir`);
    const obs = bundle.entry.find(
      (e: { resource: { id: string } }) => e.resource.id === `grade-${step3.id}`,
    ).resource;
    expect(obs).toMatchObject({ status: 'preliminary', valueInteger: 3 });
    expect(obs.note.map((n: { text: string }) => n.text).join(' ')).toMatch(/Returned for review/);
  });
});

describe('the review queue', () => {
  it('puts unsigned grade 3 or more first, then the highest grade, then the newest step', async () => {
    // Oldest: a fever alone (CRS 1) on one patient; later, a grade-3 course on another.
    const early = await enrol('SIG-E', 'Early');
    await vitals(early, 20, { temperatureC: 38.4, systolic: 120, diastolic: 75 });
    const { id: severe, step3 } = await grade3Course('SIG-S', 'Severe');
    const late = await enrol('SIG-L', 'Late');
    await vitals(late, 40, { temperatureC: 38.5, systolic: 118, diastolic: 70 });

    const { reviews } = await call(hema, 'GET', '/api/reviews');
    const order = reviews.map((r: { patient: { id: number }; toGrade: number; at: string }) => [
      r.patient.id,
      r.toGrade,
      r.at,
    ]);
    expect(order).toEqual([
      [severe, 3, at(27)],
      [severe, 2, at(25)],
      [late, 1, at(40)],
      [early, 1, at(20)],
    ]);

    // Once signed, the grade 3 step ranks below every unsigned grade 3 or more in the full list
    // but stays above lower grades.
    await call(hema, 'POST', `/api/reviews/${step3.id}/confirm`, { password: TEST_PASSWORD });
    const other = await grade3Course('SIG-O', 'Other');
    const all = (await call(hema, 'GET', '/api/reviews?status=all')).reviews;
    expect(all[0].id).toBe(other.step3.id);
    expect(all[1].id).toBe(step3.id);
  });

  it('lists the facts used in words: time, values and who charted them', async () => {
    const id = await enrol('SIG-F', 'Facts');
    await vitals(id, 26, {
      temperatureC: 38.6,
      systolic: 84,
      diastolic: 50,
      spo2: 93,
      oxygenDevice: 'nasal_cannula',
      oxygenFlowLpm: 4,
    });
    const { reviews } = await call(hema, 'GET', `/api/reviews?patientId=${id}`);
    const [review] = reviews;
    expect(review.facts).toHaveLength(1);
    expect(review.facts[0]).toMatchObject({
      id: review.factIds[0],
      kind: 'vital_sets',
      at: at(26),
      recordedBy: 'Demo Nurse',
      enteredInError: false,
    });
    expect(review.facts[0].summary).toMatch(/38\.6 °C.*BP 84\/50.*SpO2 93.*nasal cannula 4 L\/min/);
  });
});

import {
  AlertEventData,
  AlertList,
  CalendarFeedResponse,
  CareEventMessage,
  CohortSummary,
  FollowUpPicture,
  LabResultList,
  MedicationList,
  NeuroAssessmentList,
  NeuroAssessmentResponse,
  NewCalendarFeedResponse,
  ProphylaxisPicture,
  ReviewQueue,
  SignedReview,
  Timeline,
  Toxicity,
  ToxicityReport,
  VaccinesPicture,
  VasopressorInfusionList,
  VitalSetList,
  VitalSetResponse,
  Ward,
  WorklistResponse,
} from '@cellwatch/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestApi, T0, TEST_PASSWORD, type TestApi } from './helpers.ts';
import { readEvents } from './sse.ts';

/**
 * The answers the dashboard parses, checked against their contracts over one real course: a
 * fever, hypotension and norepinephrine (CRS), a falling ICE score (ICANS), tocilizumab, labs,
 * follow-up facts (IgG, CD19, an infection, planned IVIG), prophylaxis and a vaccine dose, a
 * signed review and live events.
 * A field the API drops or retypes without its contract fails here (parse ignores one it adds).
 */
const H = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * H).toISOString();
let api: TestApi;
let nurse: string;
let hema: string;
let coord: string;
let id: number;

function expectContract<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  return parsed.data as z.infer<S>;
}

async function chart(cookie: string, path: string, json: unknown) {
  const res = await api.request('POST', path, { cookie, json });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function read(cookie: string, path: string) {
  const res = await api.request('GET', path, { cookie });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

const ice = (orientation: number) => ({
  orientation: {
    year: orientation > 0,
    month: orientation > 1,
    city: orientation > 2,
    hospital: orientation > 3,
  },
  namedObjects: 3,
  followsCommands: true,
  writesSentence: true,
  countsBackwardBy10: false,
});

beforeEach(async () => {
  api = await createTestApi();
  api.advance(5 * 24 * H);
  [nurse, hema, coord] = await Promise.all([
    api.login('nurse'),
    api.login('hematologist'),
    api.login('coordinator'),
  ]);
  const enrolled = await chart(coord, '/api/patients', {
    mrn: 'CONTRACT-1',
    givenName: 'Ada',
    familyName: 'Sample',
    birthDate: '1988-04-12',
    sex: 'female',
    weightKg: 64,
    diagnosis: 'sle',
    autoantibody: 'anti-dsDNA',
    product: 'cd19_car_t',
    infusionAt: at(0),
    status: 'inpatient_monitoring',
  });
  id = enrolled.patient.id;
  const p = `/api/patients/${id}`;
  await chart(nurse, `${p}/vitals`, { takenAt: at(26), temperatureC: 38.9, heartRate: 112, spo2: 96 });
  await chart(nurse, `${p}/vitals`, {
    takenAt: at(29),
    temperatureC: 38.9,
    systolic: 82,
    diastolic: 48,
    spo2: 95,
  });
  await chart(nurse, `${p}/vasopressors`, { drug: 'norepinephrine', startedAt: at(30) });
  await chart(hema, `${p}/medications`, { givenAt: at(31), drug: 'tocilizumab', dose: 512 });
  await chart(nurse, `${p}/neuro-assessments`, { assessedAt: at(33), ice: ice(4), consciousness: 'normal' });
  await chart(nurse, `${p}/neuro-assessments`, { assessedAt: at(40), ice: ice(1), consciousness: 'normal' });
  await chart(coord, `${p}/labs`, {
    collectedAt: at(48),
    results: [
      { analyte: 'crp', value: 120 },
      { analyte: 'anc', value: 400 },
      { analyte: 'igg', value: 350 },
      { analyte: 'cd19_percent', value: 0.1 },
    ],
  });
  await chart(coord, `${p}/infections`, { onsetAt: at(60), site: 'lung', ctcaeGrade: 3, hospitalised: true });
  await chart(coord, `${p}/ivig-doses`, { firstDueAt: at(200), count: 2 });
});
afterEach(async () => {
  await api.close();
});

describe('response contracts', () => {
  it('toxicity and timeline', async () => {
    const tox = expectContract(Toxicity, await read(hema, `/api/patients/${id}/toxicity`));
    expect(tox.current?.crs.grade).toBeGreaterThanOrEqual(3);
    expect(tox.current?.icans.grade).toBeGreaterThanOrEqual(1);
    expect(tox.icaht).not.toBeNull();
    const timeline = expectContract(Timeline, await read(nurse, `/api/patients/${id}/timeline?points=500`));
    expect(timeline.vitals.temperatureC.total).toBe(2);
    expect(timeline.medications).toHaveLength(1);
    expect(timeline.vasopressors).toHaveLength(1);
  });

  it('charted fact lists, an entered-in-error mark among them, and the patient’s open alerts', async () => {
    const p = `/api/patients/${id}`;
    const before = expectContract(VitalSetList, await read(nurse, `${p}/vitals`));
    expect(before.vitals).toHaveLength(2);
    const wrong = before.vitals[0]?.id;
    const marked = await api.request('POST', `${p}/vitals/${wrong}/entered-in-error`, {
      cookie: nurse,
      json: { reason: 'charted on the wrong patient' },
    });
    expect(marked.status, await marked.clone().text()).toBe(200);
    const after = expectContract(VitalSetList, await read(nurse, `${p}/vitals?limit=500`));
    expect(after.vitals.find((v) => v.id === wrong)?.enteredInError?.reason).toBe(
      'charted on the wrong patient',
    );
    const neuro = expectContract(NeuroAssessmentList, await read(nurse, `${p}/neuro-assessments`));
    expect(neuro.assessments).toHaveLength(2);
    const medications = expectContract(MedicationList, await read(nurse, `${p}/medications`));
    expect(medications.medications.map((m) => m.drug)).toEqual(['tocilizumab']);
    const pressors = expectContract(VasopressorInfusionList, await read(nurse, `${p}/vasopressors`));
    expect(pressors.infusions.map((i) => i.drug)).toEqual(['norepinephrine']);
    const labs = expectContract(LabResultList, await read(coord, `${p}/labs`));
    expect(labs.results).toHaveLength(4);
    const alerts = expectContract(
      AlertList,
      await read(nurse, `/api/alerts?status=unresolved&patientId=${id}`),
    );
    expect(alerts.alerts.length).toBeGreaterThan(0);
    expect(alerts.alerts.every((a) => a.patientId === id)).toBe(true);
  });

  it('prophylaxis and revaccination', async () => {
    const p = `/api/patients/${id}`;
    const { record } = await chart(coord, `${p}/prophylaxis-records`, {
      kind: 'antiviral_hsv_vzv',
      drug: 'valacyclovir 500 mg twice daily',
      startedAt: at(0),
      plannedStopAt: at(24 * 180),
    });
    await chart(coord, `${p}/prophylaxis-records/${record.id}/stop`, { stoppedAt: at(100), reason: 'rash' });
    await chart(coord, `${p}/prophylaxis-records`, {
      kind: 'antibacterial',
      drug: 'levofloxacin',
      startedAt: at(50),
    });
    await chart(coord, `${p}/hbv-screenings`, { screenedAt: at(-24), coreAntibody: 'negative' });
    await chart(coord, `${p}/vaccine-doses`, {
      group: 'influenza',
      vaccine: 'Fluad',
      givenAt: at(110),
      lot: 'A1',
    });
    const picture = expectContract(ProphylaxisPicture, await read(coord, `${p}/prophylaxis`));
    expect(picture.records).toHaveLength(2);
    expect(picture.records.find((r) => r.id === record.id)?.stop?.reason).toBe('rash');
    expect(picture.hbvScreening?.coreAntibody).toBe('negative');
    expect(picture.prophylaxis.kinds.find((k) => k.kind === 'antibacterial')?.record?.drug).toBe(
      'levofloxacin',
    );
    const vaccines = expectContract(VaccinesPicture, await read(nurse, `${p}/vaccines`));
    expect(vaccines.doses.map((d) => [d.group, d.lot])).toEqual([['influenza', 'A1']]);
    expect(vaccines.vaccines.groups.find((g) => g.group === 'influenza')?.doses).toHaveLength(1);
    expect(vaccines.vaccines.groups.some((g) => g.blockedBy.length > 0)).toBe(true);
  });

  it('trial toxicity report and cohort summary', async () => {
    const report = expectContract(ToxicityReport, await read(hema, '/api/reports/toxicity?format=json'));
    const row = report.rows.find((r) => r.patientId === id);
    expect(row?.crsMaxGradeComputed).toBeGreaterThanOrEqual(3);
    expect(row?.tocilizumabDoses).toBe(1);
    expect(row?.icahtGrade).not.toBeNull();
    expect(report.summary.patients).toBe(report.rows.length);
    const summary = expectContract(
      CohortSummary,
      await read(coord, '/api/reports/toxicity/summary?format=json'),
    );
    expect(summary).toEqual(report.summary);
    const csv = await api.request('GET', '/api/reports/toxicity', { cookie: hema });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('follow-up, worklist and calendar feed', async () => {
    const picture = expectContract(FollowUpPicture, await read(coord, `/api/patients/${id}/follow-up`));
    expect(picture.doses).toHaveLength(2);
    expect(picture.infections).toHaveLength(1);
    expect(picture.bCells).not.toBeNull();
    expectContract(WorklistResponse, await read(coord, '/api/worklist?horizonDays=365'));
    expectContract(CalendarFeedResponse, await read(coord, '/api/calendar-feed'));
    const created = await api.request('POST', '/api/calendar-feed', { cookie: coord, json: {} });
    expect(created.status).toBe(201);
    expectContract(NewCalendarFeedResponse, await created.json());
    expect(expectContract(CalendarFeedResponse, await read(coord, '/api/calendar-feed')).feed).not.toBeNull();
  });

  it('a charted vital set and neuro assessment, as the bedside forms read them back', async () => {
    const p = `/api/patients/${id}`;
    // Entered in °F and converted by the API; an unusual heart rate is stored with its flag.
    const charted = expectContract(
      VitalSetResponse,
      await chart(nurse, `${p}/vitals`, { takenAt: at(45), temperatureF: 100.4, heartRate: 210 }),
    );
    expect(charted.vital.temperatureC).toBe(38);
    expect(charted.vital.flags.map((f) => f.field)).toEqual(['heartRate']);
    const assessed = expectContract(
      NeuroAssessmentResponse,
      await chart(nurse, `${p}/neuro-assessments`, {
        assessedAt: at(45),
        ice: ice(2),
        consciousness: 'awakens_to_voice',
      }),
    );
    expect(assessed.assessment.iceScore).toBe(7);
    expect(assessed.assessment.consciousness).toBe('awakens_to_voice');
  });

  it('ward', async () => {
    const ward = expectContract(Ward, await read(nurse, '/api/ward'));
    const row = ward.patients.find((p) => p.id === id);
    expect(row?.latestVitals).not.toBeNull();
    expect(row?.openAlerts.count).toBeGreaterThan(0);
  });

  it('reviews, a signature and the live events it sends', async () => {
    const queue = expectContract(ReviewQueue, await read(hema, '/api/reviews'));
    const pending = queue.reviews.find((r) => r.patient?.id === id);
    if (!pending) throw new Error('no pending review');
    expect(pending.facts.length).toBeGreaterThan(0);

    await api.services.events.settled();
    const stream = await api.request('GET', '/api/events', { cookie: hema });
    expect(stream.status).toBe(200);
    const reading = readEvents(stream as unknown as Response, 3);
    const signed = await api.request('POST', `/api/reviews/${pending.id}/confirm`, {
      cookie: hema,
      json: { password: TEST_PASSWORD },
    });
    expect(signed.status).toBe(200);
    expect(expectContract(SignedReview, await signed.json()).review.signatures).toHaveLength(1);
    await chart(nurse, `/api/patients/${id}/vitals`, { takenAt: at(44), temperatureC: 40.2, systolic: 70 });
    const events = (await reading).filter((e) => e.event !== 'ready');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expectContract(CareEventMessage, e.data);
    expect(events[0]?.event).toBe('review_signed');
    expectContract(SignedReview, events[0]?.data.data);
    expectContract(ReviewQueue, await read(hema, '/api/reviews?status=all'));
  });

  it('alert events', async () => {
    // A first fever on a new patient raises two alerts (events.test.ts).
    const other = await chart(coord, '/api/patients', {
      mrn: 'CONTRACT-2',
      givenName: 'Eve',
      familyName: 'Stream',
      birthDate: '1975-01-01',
      sex: 'female',
      weightKg: 70,
      diagnosis: 'systemic_sclerosis',
      product: 'cd19_car_t',
      infusionAt: at(0),
      status: 'inpatient_monitoring',
    });
    await api.services.events.settled();
    const stream = await api.request('GET', '/api/events', { cookie: hema });
    const reading = readEvents(stream as unknown as Response, 5);
    await chart(nurse, `/api/patients/${other.patient.id}/vitals`, { takenAt: at(26), temperatureC: 39.1 });
    const alerts = (await reading).filter((e) => e.event === 'alert_raised');
    expect(alerts).toHaveLength(2);
    for (const e of alerts) expectContract(AlertEventData, expectContract(CareEventMessage, e.data).data);
    const list = await api.request('GET', '/api/alerts?status=all', { cookie: hema });
    expect(list.status).toBe(200);
    expect(expectContract(AlertList, await list.json()).alerts.length).toBeGreaterThanOrEqual(2);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';
import { readEvents } from './sse.ts';

const H = 3_600_000;
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
  api.advance(2 * 24 * H);
});
afterEach(async () => {
  await api.close();
});

describe('live events', () => {
  it('delivers charting, grade and alert events in order, and removes the listener when the client leaves', async () => {
    const [nurse, hema, coord] = await Promise.all([
      api.login('nurse'),
      api.login('hematologist'),
      api.login('coordinator'),
    ]);
    const enrol = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'EV-1',
        givenName: 'Eve',
        familyName: 'Stream',
        birthDate: '1975-01-01',
        sex: 'female',
        weightKg: 70,
        diagnosis: 'systemic_sclerosis',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const { patient } = await enrol.json();
    // The enrolment's own events are not part of what this stream should see.
    await api.services.events.settled();
    const stream = await api.request('GET', '/api/events', { cookie: hema });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(api.services.events.listenerCount).toBe(1);

    // How soon the events arrive is measured by the benchmark (bench/lib/sse.ts), not timed here.
    const reading = readEvents(stream as unknown as Response, 5);
    const chart = await api.request('POST', `/api/patients/${patient.id}/vitals`, {
      cookie: nurse,
      json: { takenAt: new Date(T0 + 26 * H).toISOString(), temperatureC: 39.1 },
    });
    expect(chart.status).toBe(201);
    const events = await reading;
    expect(events.map((e) => e.event)).toEqual([
      'ready',
      'fact_charted',
      'grade_changed',
      'alert_raised',
      'alert_raised',
    ]);
    expect(events.slice(1).every((e) => e.data.patientId === patient.id)).toBe(true);
    const rules = events
      .filter((e) => e.event === 'alert_raised')
      .map((e) => (e.data.data as { alert: { rule: string } }).alert.rule);
    expect(rules).toEqual(['possible_crs_onset', 'crs_grade_up']);

    await new Promise((r) => setTimeout(r, 20));
    expect(api.services.events.listenerCount).toBe(0);
  });

  it('sends only what the role should hear, and nothing to the anonymous', async () => {
    const anonymous = await api.request('GET', '/api/events');
    expect(anonymous.status).toBe(401);
    const [admin, nurse] = [await api.login('admin'), await api.login('nurse')];
    const stream = await api.request('GET', '/api/events', { cookie: admin });
    const nurseStream = await api.request('GET', '/api/events', { cookie: nurse });
    const reading = readEvents(stream as unknown as Response, 3);
    const nurseReading = readEvents(nurseStream as unknown as Response, 4);
    api.services.events.publish([
      {
        type: 'alert_raised',
        patientId: 1,
        roles: ['nurse', 'hematologist', 'coordinator'],
        data: { secret: 'clinical' },
      },
      // Demographics: only for those who may read patient records. An admin may not.
      { type: 'patient_changed', patientId: 1, data: { patient: { familyName: 'Private' } } },
      // A publisher that names the admin does not widen the audience beyond the care team.
      { type: 'patient_changed', patientId: 1, roles: ['admin', 'nurse'], data: {} },
    ]);
    const nurseEvents = await nurseReading;
    expect(nurseEvents.map((e) => e.event)).toEqual([
      'ready',
      'alert_raised',
      'patient_changed',
      'patient_changed',
    ]);
    const audiences = nurseEvents.map((e) => (e.data as { audience?: string[] }).audience);
    expect(audiences.slice(2)).toEqual([['nurse', 'hematologist', 'coordinator'], ['nurse']]);
    // The admin's stream heard none of it; signing out ends it with the one event screens act on.
    const out = await api.request('POST', '/api/auth/logout', { cookie: admin, json: {} });
    expect(out.status).toBe(204);
    const events = await reading;
    expect(events.map((e) => e.event)).toEqual(['ready', 'session_ended']);
  });
});

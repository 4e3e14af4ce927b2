import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
  api.advance(10 * 24 * H);
});
afterEach(async () => {
  await api.close();
});

describe('the patient timeline', () => {
  it('downsamples a long history to the chart, keeping spikes and the values grades used', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const enrol = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'TL-1',
        givenName: 'Long',
        familyName: 'History',
        birthDate: '1960-06-06',
        sex: 'male',
        weightKg: 90,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const { patient } = await enrol.json();
    const nurseId = (
      api.opened.sqlite.prepare("select id from users where username = 'nurse'").get() as { id: number }
    ).id;
    // A week of one-minute monitor data, written straight to the store.
    const insert = api.opened.sqlite.prepare(
      `insert into vital_sets (patient_id, taken_at, taken_at_ms, temperature_c, heart_rate, systolic, oxygen_device, recorded_by, recorded_at)
       values (?, ?, ?, ?, 80, 120, 'room_air', ?, ?)`,
    );
    api.opened.sqlite.transaction(() => {
      for (let i = 0; i < 7 * 24 * 60; i++) {
        const t = T0 + i * 60_000;
        const temp = i === 5000 ? 40.5 : 36.8 + (i % 10) / 100;
        insert.run(patient.id, new Date(t).toISOString(), t, temp, nurseId, new Date(t).toISOString());
      }
    })();
    const fever = await api.request('POST', `/api/patients/${patient.id}/vitals`, {
      cookie: nurse,
      json: { takenAt: new Date(T0 + 8 * 24 * H).toISOString(), temperatureC: 38.3 },
    });
    const feverId = `vital_sets:${(await fever.json()).vital.id}`;

    const res = await api.request('GET', `/api/patients/${patient.id}/timeline?points=400`, {
      cookie: nurse,
    });
    expect(res.status).toBe(200);
    const timeline = await res.json();
    const temps = timeline.vitals.temperatureC;
    expect(temps.total).toBe(7 * 24 * 60 + 1);
    expect(temps.points.length).toBeLessThanOrEqual(401);
    expect(temps.points.map((p: unknown[]) => p[1])).toContain(40.5);
    expect(temps.points.map((p: unknown[]) => p[2])).toContain(feverId);
    expect(timeline.grades.crs.at(-1)).toMatchObject({ grade: 1, status: 'pending' });
    expect(timeline.oxygen).toEqual([{ from: T0, to: T0 + 8 * 24 * H, device: 'room_air', flowLpm: null }]);

    const week2 = await api.request(
      'GET',
      `/api/patients/${patient.id}/timeline?from=${new Date(T0 + 7 * 24 * H).toISOString()}`,
      { cookie: nurse },
    );
    expect((await week2.json()).vitals.temperatureC.total).toBe(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readVitalsChart } from '../src/grading/vitals-chart.ts';
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
    const [{ id: nurseId }] = (await api.query<{ id: number }>(
      "select id from users where username = 'nurse'",
    )) as [{ id: number }];
    // A week of one-minute monitor data, written straight to the store.
    const rows = Array.from({ length: 7 * 24 * 60 }, (_, i) => {
      const t = T0 + i * 60_000;
      const at = new Date(t).toISOString();
      const temperature_c = i === 5000 ? 40.5 : 36.8 + (i % 10) / 100;
      return {
        patient_id: patient.id,
        taken_at: at,
        taken_at_ms: t,
        temperature_c,
        heart_rate: 80,
        systolic: 120,
      };
    }).map((r) => ({ ...r, oxygen_device: 'room_air', recorded_by: nurseId, recorded_at: r.taken_at }));
    await api.opened.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 1000) {
        await trx
          .insertInto('vital_sets')
          .values(rows.slice(i, i + 1000))
          .execute();
      }
    });
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

describe('the thinned timeline, kept until the next fact', () => {
  it('answers a repeated question from the cache, and a new or corrected fact is on the next answer', async () => {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const enrol = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'TL-CACHE',
        givenName: 'Cached',
        familyName: 'Chart',
        birthDate: '1970-01-01',
        sex: 'female',
        weightKg: 60,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const { patient } = await enrol.json();
    const vitals = `/api/patients/${patient.id}/vitals`;
    const timeline = async (query = '') => {
      const res = await api.request('GET', `/api/patients/${patient.id}/timeline${query}`, { cookie: nurse });
      expect(res.status).toBe(200);
      return { cache: res.headers.get('x-timeline-cache'), body: await res.json() };
    };
    await api.request('POST', vitals, {
      cookie: nurse,
      json: { takenAt: new Date(T0 + 2 * H).toISOString(), temperatureC: 37.2, heartRate: 80 },
    });
    const first = await timeline();
    expect(first.cache).toBe('miss');
    const again = await timeline();
    expect(again.cache).toBe('hit');
    expect(again.body).toEqual(first.body);
    // Another budget is another question.
    expect((await timeline('?points=100')).cache).toBe('miss');

    const fever = await api.request('POST', vitals, {
      cookie: nurse,
      json: { takenAt: new Date(T0 + 3 * H).toISOString(), temperatureC: 38.6, heartRate: 96 },
    });
    const feverId = (await fever.json()).vital.id;
    const afterFever = await timeline();
    expect(afterFever.cache).toBe('miss');
    expect(afterFever.body.vitals.temperatureC.points.map((p: unknown[]) => p[1])).toEqual([37.2, 38.6]);

    const corrected = await api.request('POST', `${vitals}/${feverId}/entered-in-error`, {
      cookie: nurse,
      json: { reason: 'probe on the wrong patient' },
    });
    expect(corrected.status).toBe(200);
    const afterCorrection = await timeline();
    expect(afterCorrection.cache).toBe('miss');
    expect(afterCorrection.body.vitals.temperatureC.points.map((p: unknown[]) => p[1])).toEqual([37.2]);
    expect((await timeline()).cache).toBe('hit');
  });
});

describe('the timeline of a long history, from hourly rollups', () => {
  const SERIES = ['temperature_c', 'heart_rate', 'systolic', 'mean_arterial', 'spo2'] as const;
  type Row = { id: number; taken_at_ms: number } & Record<(typeof SERIES)[number], number | null>;

  /** Three days of one-minute vitals written straight to the store, a fever charted through the API. */
  async function longHistory() {
    const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
    const enrol = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'TL-ROLLUP',
        givenName: 'Hourly',
        familyName: 'Rollup',
        birthDate: '1962-02-02',
        sex: 'female',
        weightKg: 64,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const { patient } = await enrol.json();
    const [{ id: nurseId }] = (await api.query<{ id: number }>(
      "select id from users where username = 'nurse'",
    )) as [{ id: number }];
    const rows = Array.from({ length: 3 * 24 * 60 }, (_, i) => {
      const t = T0 + 30_000 + i * 60_000;
      const onOxygen = i >= 1800 && i < 2100;
      return {
        patient_id: patient.id as number,
        taken_at: new Date(t).toISOString(),
        taken_at_ms: t,
        temperature_c: i === 1000 ? 41.2 : i === 2500 ? 40.4 : i === 3000 ? 35.1 : 36.6 + ((i * 7) % 11) / 10,
        heart_rate: i % 13 === 0 ? null : 70 + ((i * 5) % 31),
        systolic: i === 1500 ? 71 : 100 + ((i * 3) % 37),
        mean_arterial: 90 + ((i * 11) % 17) / 3,
        spo2: i % 5 === 0 ? null : 92 + (i % 7),
        oxygen_device: onOxygen ? 'nasal_cannula' : 'room_air',
        oxygen_flow_lpm: onOxygen ? 3 : null,
        recorded_by: nurseId,
        recorded_at: new Date(t).toISOString(),
      };
    });
    // Inserted in order, so ids follow time; the spike is the 1,001st row.
    const ids: number[] = [];
    await api.opened.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 1000) {
        const batch = await trx
          .insertInto('vital_sets')
          .values(rows.slice(i, i + 1000))
          .returning('id')
          .execute();
        ids.push(...batch.map((r) => r.id).sort((x, y) => x - y));
      }
    });
    const spikeId = ids[1000] as number;
    const wrong = await api.request(
      'POST',
      `/api/patients/${patient.id}/vitals/${spikeId}/entered-in-error`,
      {
        cookie: nurse,
        json: { reason: 'probe left on a warming blanket' },
      },
    );
    expect(wrong.status).toBe(200);
    const fever = await api.request('POST', `/api/patients/${patient.id}/vitals`, {
      cookie: nurse,
      json: { takenAt: new Date(T0 + 4 * 24 * H).toISOString(), temperatureC: 38.6, heartRate: 104 },
    });
    expect(fever.status).toBe(201);
    const valid = await api.query<Row>(
      `select id, taken_at_ms, ${SERIES.join(', ')} from vital_sets where patient_id = ?
       and id not in (select fact_id from corrections where fact_table = 'vital_sets') order by taken_at_ms, id`,
      patient.id,
    );
    const used = new Set<string>();
    for (const r of await api.query<{ fact_ids_json: string }>(
      `select fact_ids_json from grade_changes where patient_id = ? and status != 'superseded'
       union all select fact_ids_json from alerts where patient_id = ?`,
      patient.id,
      patient.id,
    ))
      for (const f of JSON.parse(r.fact_ids_json) as string[]) used.add(f);
    return {
      patientId: patient.id as number,
      nurse,
      spikeId,
      feverId: (await fever.json()).vital.id as number,
      valid,
      used,
    };
  }

  it('keeps every value a grade used, each series’ extremes, real times and ids, true totals, nothing entered in error', async () => {
    const { patientId, spikeId, feverId, valid, used } = await longHistory();
    expect(used.has(`vital_sets:${feverId}`)).toBe(true);
    const budget = 60;
    const [from, to] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    // A threshold of 0 forces the rollups (the route uses them above 10,000 rows).
    const chart = await readVitalsChart(api.opened.db, { patientId, from, to, budget, used }, 0);
    const byId = new Map(valid.map((r) => [`vital_sets:${r.id}`, r]));
    const hourOf = (t: number) => t - (t % H);
    for (const col of SERIES) {
      const { points, total } = chart.series[col];
      const values = valid.filter((r) => r[col] !== null);
      expect(total).toBe(values.length);
      const ids = points.map((p) => p.id);
      expect(ids).not.toContain(`vital_sets:${spikeId}`);
      for (const f of used) if (byId.get(f)?.[col] != null) expect(ids).toContain(f);
      const vs = points.map((p) => p.v);
      expect(vs).toContain(Math.min(...values.map((r) => r[col] as number)));
      expect(vs).toContain(Math.max(...values.map((r) => r[col] as number)));
      expect(points.length).toBeLessThanOrEqual(budget + used.size);
      expect(points.map((p) => p.t)).toEqual(points.map((p) => p.t).sort((a, b) => a - b));
      for (const p of points) {
        // Each point is a real vital set, at its real time, and its hour's minimum or maximum
        // unless a grade or alert used it.
        const row = byId.get(p.id as string);
        expect(row).toMatchObject({ taken_at_ms: p.t, [col]: p.v });
        const hour = values.filter((r) => hourOf(r.taken_at_ms) === hourOf(p.t)).map((r) => r[col] as number);
        if (!used.has(p.id as string)) expect([Math.min(...hour), Math.max(...hour)]).toContain(p.v);
      }
    }
    expect(chart.series.temperature_c.points.map((p) => p.v)).not.toContain(41.2);
    expect(chart.oxygen.map((s) => s.device)).toEqual(['room_air', 'nasal_cannula', 'room_air']);
  });

  it('reads the partial hours at the ends of a range from the raw rows', async () => {
    const { patientId, valid, used } = await longHistory();
    const [from, to] = [T0 + 5 * H + 17 * 60_000, T0 + 40 * H + 43 * 60_000 + 10_000];
    const chart = await readVitalsChart(api.opened.db, { patientId, from, to, budget: 50, used }, 0);
    const inRange = valid.filter((r) => r.taken_at_ms >= from && r.taken_at_ms <= to);
    for (const col of SERIES) {
      const { points, total } = chart.series[col];
      expect(total).toBe(inRange.filter((r) => r[col] !== null).length);
      for (const p of points) expect(p.t >= from && p.t <= to).toBe(true);
    }
    expect(chart.oxygen[0]?.from).toBe(inRange[0]?.taken_at_ms);
    expect(chart.oxygen.at(-1)?.to).toBe(inRange.at(-1)?.taken_at_ms);
  });

  it('charts a short history from the raw rows, exactly as without rollups', async () => {
    const { patientId, nurse, used } = await longHistory();
    const from = T0 + 24 * H;
    const to = from + 6 * H;
    // Six hours of one-minute vitals, fewer than the threshold: the route reads the raw rows.
    const res = await api.request(
      'GET',
      `/api/patients/${patientId}/timeline?points=100&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      { cookie: nurse },
    );
    const timeline = await res.json();
    const raw = await readVitalsChart(
      api.opened.db,
      { patientId, from, to, budget: 100, used },
      Number.POSITIVE_INFINITY,
    );
    const compact = (s: { points: { t: number; v: number; id?: string }[]; total: number }) => ({
      total: s.total,
      points: s.points.map((p) => [p.t, p.v, p.id ?? null]),
    });
    expect(timeline.vitals).toEqual({
      temperatureC: compact(raw.series.temperature_c),
      heartRate: compact(raw.series.heart_rate),
      systolic: compact(raw.series.systolic),
      meanArterial: compact(raw.series.mean_arterial),
      spo2: compact(raw.series.spo2),
    });
    expect(timeline.oxygen).toEqual(raw.oxygen);
    expect(timeline.vitals.temperatureC.total).toBe(360);
  });
});

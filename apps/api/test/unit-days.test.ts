import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

// Day numbers by the unit's calendar day: Day 0 is the calendar day of the infusion in the unit's
// time zone (CELLWATCH_UNIT_TIME_ZONE), the next local midnight starts Day +1, whatever the hour
// of the infusion and whatever the server's own zone. T0 is 2026-03-02T08:00:00Z.

const H = 3_600_000;
let api: TestApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

async function unit(timeZone: string, clock = T0) {
  api = await createTestApi({ CELLWATCH_UNIT_TIME_ZONE: timeZone });
  api.advance(clock - api.now());
  const [coord, nurse, hema] = [
    await api.login('coordinator'),
    await api.login('nurse'),
    await api.login('hematologist'),
  ];
  const a = api;
  return {
    api: a,
    nurse,
    hema,
    async enrol(mrn: string, infusionAt: string) {
      const res = await a.request('POST', '/api/patients', {
        cookie: coord,
        json: {
          mrn,
          givenName: 'Test',
          familyName: mrn,
          birthDate: '1980-01-01',
          sex: 'female',
          weightKg: 60,
          diagnosis: 'sle',
          product: 'cd19_car_t',
          infusionAt,
          status: 'inpatient_monitoring',
        },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()).patient.id as number;
    },
    async ward() {
      const res = await a.request('GET', '/api/ward', { cookie: nurse });
      expect(res.status).toBe(200);
      return (await res.json()).patients as {
        id: number;
        mrn: string;
        day: number;
        nextDue: { inWindow: boolean } | null;
      }[];
    },
  };
}

describe("Day numbers by the unit's calendar day", () => {
  it('infused at 23:30, the next morning is Day +1 on the ward, in the course and on the report', async () => {
    const u = await unit('Europe/Berlin');
    // 23:30 in Berlin on 1 March; the clock stands at 09:00 Berlin on 2 March (9.5 h later).
    const id = await u.enrol('LATE-EVENING', '2026-03-01T23:30:00+01:00');
    const vitals = await u.api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: u.nurse,
      json: { takenAt: new Date(T0 - H).toISOString(), temperatureC: 38.4 },
    });
    expect(vitals.status).toBe(201);
    const [row] = await u.ward();
    expect(row).toMatchObject({ mrn: 'LATE-EVENING', day: 1 });
    const tox = await (
      await u.api.request('GET', `/api/patients/${id}/toxicity`, { cookie: u.nurse })
    ).json();
    expect(tox.current.crs).toMatchObject({ grade: 1, day: 1 });
    expect(tox.episodes.crs[0].onsetDay).toBe(1);
    expect(tox.dailyMax.map((d: { day: number }) => d.day)).toEqual([1]);
    const report = await (
      await u.api.request('GET', '/api/reports/toxicity?format=json', { cookie: u.hema })
    ).json();
    expect(report.rows[0]).toMatchObject({ day0: '2026-03-01', crsOnsetDay: 1 });
  });

  it("uses the unit's zone, not UTC, for Day 0's date and for Day +1's midnight", async () => {
    const u = await unit('America/New_York');
    // 21:00 in New York on 1 March is 02:00 UTC on 2 March; the clock is 03:00 New York, 2 March.
    await u.enrol('NY-EVENING', '2026-03-01T21:00:00-05:00');
    const [row] = await u.ward();
    expect(row).toMatchObject({ mrn: 'NY-EVENING', day: 1 });
    const report = await (
      await u.api.request('GET', '/api/reports/toxicity?format=json', { cookie: u.hema })
    ).json();
    expect(report.rows[0].day0).toBe('2026-03-01');
    const me = await (await u.api.request('GET', '/api/auth/me', { cookie: u.nurse })).json();
    expect(me.unit).toEqual({ timeZone: 'America/New_York' });
  });

  it('counts the short day of a daylight-saving change as one Day', async () => {
    // Summer time starts at 01:00 UTC on 29 March 2026 (29 March has 23 hours in Berlin).
    const u = await unit('Europe/Berlin', Date.parse('2026-03-29T22:05:00Z')); // 00:05 on 30 March
    await u.enrol('DST', '2026-03-28T23:30:00+01:00');
    const [row] = await u.ward();
    // 23 h 35 min of elapsed time, one calendar Day and a bit: Day +2.
    expect(row).toMatchObject({ mrn: 'DST', day: 2 });
  });

  it("ends the monitoring plan's window (Day 0–14) at the unit's midnight after Day +14", async () => {
    const u = await unit('Europe/Berlin');
    // Infused 23:30 Berlin on 15 February: Day +14 is 1 March, Day +15 begins at 00:00 on 2 March.
    await u.enrol('WINDOW', '2026-02-15T23:30:00+01:00');
    const [row] = await u.ward();
    expect(row?.day).toBe(15);
    expect(row?.nextDue?.inWindow).toBe(false);
  });
});

describe('ward acuity counts missing data', () => {
  it('puts a Day +1 patient with vitals overdue above a stable patient with CRS 1 charted on time', async () => {
    const u = await unit('UTC');
    const stable = await u.enrol('STABLE', new Date(T0 - 4 * 24 * H).toISOString());
    const early = await u.enrol('EARLY', new Date(T0 - 30 * H).toISOString());
    const chart = (id: number, hoursAgo: number, temperatureC: number) =>
      u.api.request('POST', `/api/patients/${id}/vitals`, {
        cookie: u.nurse,
        json: { takenAt: new Date(T0 - hoursAgo * H).toISOString(), temperatureC },
      });
    expect((await chart(stable, 1, 38.3)).status).toBe(201); // CRS 1, vitals due again in 2 h
    const ice = await u.api.request('POST', `/api/patients/${stable}/neuro-assessments`, {
      cookie: u.nurse,
      json: {
        assessedAt: new Date(T0 - H).toISOString(),
        ice: {
          orientation: { year: true, month: true, city: true, hospital: true },
          namedObjects: 3,
          followsCommands: true,
          writesSentence: true,
          countsBackwardBy10: true,
        },
        consciousness: 'normal',
      },
    });
    expect(ice.status, await ice.clone().text()).toBe(201);
    // The fever's alert was seen and resolved: CRS 1, stable, charting up to date.
    const alerts = await (
      await u.api.request('GET', `/api/alerts?patientId=${stable}`, { cookie: u.nurse })
    ).json();
    for (const alert of alerts.alerts as { id: number }[]) {
      const res = await u.api.request('POST', `/api/alerts/${alert.id}/resolve`, {
        cookie: u.hema,
        json: { note: 'Seen: CRS 1, paracetamol, observe' },
      });
      expect(res.status).toBe(200);
    }
    expect((await chart(early, 10, 36.9)).status).toBe(201); // Day +1: due every 4 h, now 6 h late
    const ward = await u.ward();
    expect(ward.map((p) => p.mrn)).toEqual(['EARLY', 'STABLE']);
  });
});

// Run under different TZ values by timezones.int.test.ts: prints the Day numbers and grades of a
// course whose infusion sits next to a daylight-saving change. Every zone must print the same:
// Day numbers follow the unit's time zone (CELLWATCH_UNIT_TIME_ZONE, here Berlin's), never the
// server's. The unit's zone is the server's only when it is not set (printed as `defaultDay`).
import { createTestApi } from '../helpers.ts';

const api = await createTestApi({ CELLWATCH_UNIT_TIME_ZONE: 'Europe/Berlin' });
try {
  // Europe moves to summer time at 01:00 UTC on 29 March 2026; the US moved on 8 March.
  const infusionAt = '2026-03-28T23:30:00+01:00';
  api.advance(Date.parse('2026-04-02T12:00:00Z') - api.now());
  const [coord, nurse] = [await api.login('coordinator'), await api.login('nurse')];
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'TZ-1',
      givenName: 'Zone',
      familyName: 'Test',
      birthDate: '1980-03-29',
      sex: 'female',
      weightKg: 60,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt,
      status: 'inpatient_monitoring',
    },
  });
  const id = (await res.json()).patient.id;
  const times = [
    '2026-03-29T01:30:00+01:00',
    '2026-03-29T03:30:00+02:00',
    '2026-03-30T00:15:00+02:00',
    '2026-03-30T22:59:00Z',
    '2026-03-31T08:00:00-05:00',
  ];
  const temps = [38.2, 38.9, 39.4, 37.0, 36.8];
  for (const [i, takenAt] of times.entries()) {
    await api.request('POST', `/api/patients/${id}/vitals`, {
      cookie: nurse,
      json: { takenAt, temperatureC: temps[i], systolic: i === 2 ? 85 : 120, diastolic: 60 },
    });
  }
  const tox = await (await api.request('GET', `/api/patients/${id}/toxicity`, { cookie: nurse })).json();
  const ward = await (await api.request('GET', '/api/ward', { cookie: nurse })).json();
  console.log(
    JSON.stringify({
      day: ward.patients[0].day,
      current: [tox.current.crs.grade, tox.current.crs.day],
      dailyMax: tox.dailyMax.map((d: { day: number; crsMaxGrade: number }) => [d.day, d.crsMaxGrade]),
      episodes: tox.episodes.crs.map((e: { onsetAt: string; onsetDay: number; maxGrade: number }) => [
        e.onsetAt,
        e.onsetDay,
        e.maxGrade,
      ]),
    }),
  );
} finally {
  await api.close();
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, T0, type TestApi } from './helpers.ts';

/**
 * Revaccination through the API: doses charted and audited, bad input refused with nothing
 * written, entered-in-error, and each vaccine group due or blocked with its reasons, on the
 * evaluation, the worklist and the calendar.
 */
const DAY = 86_400_000;
let api: TestApi;
let coord: string;
let id: number;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

beforeEach(async () => {
  api = await createTestApi();
  api.advance(200 * DAY); // Day 200
  coord = await api.login('coordinator');
  id = await enrolFollowUpPatient(api, coord, {
    mrn: 'MRN-55411',
    givenName: 'Vera',
    familyName: 'Kallweit',
    birthDate: '1990-07-21',
    sex: 'female',
    weightKg: 58,
    infusionAt: at(0),
  });
});
afterEach(async () => {
  await api.close();
});

const post = (path: string, json: unknown, cookie = coord) =>
  api.request('POST', `/api/patients/${id}${path}`, { cookie, json });
async function group(g: string) {
  const res = await api.request('GET', `/api/patients/${id}/vaccines`, { cookie: coord });
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.ruleVersion).toMatch(/cellwatch/);
  return body.vaccines.groups.find((x: { group: string }) => x.group === g);
}
const count = async (table: string) =>
  Number((await api.query<{ n: number }>(`select count(*) as n from ${table}`))[0]?.n);

async function ivigGivenOn(day: number) {
  const plan = await post('/ivig-doses', { firstDueAt: at(day), count: 1, doseG: 25 });
  expect(plan.status, await plan.clone().text()).toBe(201);
  const [dose] = (await plan.json()).doses;
  const given = await post(`/ivig-doses/${dose.id}/given`, { givenAt: at(day), doseG: 25, lot: 'LOT-1' });
  expect(given.status).toBe(201);
}

describe('vaccines', () => {
  it('other inactivated vaccines blocked by a recent IVIG: on the evaluation, the worklist and the calendar', async () => {
    await ivigGivenOn(180);
    const other = await group('other_inactivated');
    expect(other.status).toBe('blocked');
    expect(other.blockedBy).toEqual([
      {
        block: 'ivig_recent',
        until: Date.parse('2026-10-29T08:00:00Z'),
        reason: 'IVIG given 2026-08-29: not before 2 months after it (2026-10-29)',
      },
    ]);
    expect((await group('influenza')).status).toBe('due');
    const res = await api.request('GET', '/api/worklist?horizonDays=14', { cookie: coord });
    const items = (await res.json()).items.filter((i: { kind: string }) => i.kind === 'vaccine');
    expect(items.map((i: { status: string; title: string }) => [i.status, i.title.split(':')[0]])).toEqual([
      ['due', 'COVID-19 due (from 2026-06-02)'],
      ['due', 'Influenza (inactivated) due (from 2026-06-02)'],
      ['blocked', 'Other inactivated vaccines blocked'],
    ]);
    const ics = await (
      await api.request('GET', '/api/worklist.ics?horizonDays=14', { cookie: coord })
    ).text();
    expect(ics).toContain('SUMMARY:Vaccine: V.K. #');
    expect(ics).toContain('Other inactivated vaccines blocked: IVIG given 2026-08-29');
  });

  it('charts a dose (audited); the group is given; entered-in-error keeps the dose and undoes it', async () => {
    const res = await post('/vaccine-doses', {
      group: 'influenza',
      vaccine: 'Influvac Tetra',
      givenAt: at(150),
      lot: 'F123',
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { dose } = await res.json();
    const audit = await api.query<{ action: string; entity: string }>(
      "select action, entity from audit_log where action = 'create' order by seq desc limit 1",
    );
    expect(audit[0]).toEqual({ action: 'create', entity: 'vaccine_dose' });
    expect(await group('influenza')).toMatchObject({
      status: 'given',
      doses: [{ vaccine: 'Influvac Tetra' }],
    });
    const eie = await post(`/vaccine-doses/${dose.id}/entered-in-error`, { reason: 'wrong patient' });
    expect(eie.status).toBe(200);
    expect((await group('influenza')).status).toBe('due');
    expect(await count('vaccine_doses')).toBe(1);
    const list = await (
      await api.request('GET', `/api/patients/${id}/vaccine-doses`, { cookie: coord })
    ).json();
    expect(list.doses[0]).toMatchObject({
      vaccine: 'Influvac Tetra',
      enteredInError: { reason: 'wrong patient' },
    });
  });

  it('refuses bad input with field and reason, writing nothing', async () => {
    const before = [await count('vaccine_doses'), await count('audit_log')];
    const bad = await post('/vaccine-doses', { group: 'oral', vaccine: '', givenAt: 'yesterday' });
    expect(bad.status).toBe(400);
    const fields = (await bad.json()).error.fields.map((f: { path: string }) => f.path);
    expect([...new Set(fields)].sort()).toEqual(['givenAt', 'group', 'vaccine']);
    const future = await post('/vaccine-doses', { group: 'live', vaccine: 'MMR', givenAt: at(230) });
    expect(future.status).toBe(422);
    expect((await future.json()).error.fields).toEqual([{ path: 'givenAt', message: 'is in the future' }]);
    expect([await count('vaccine_doses'), await count('audit_log')]).toEqual(before);
  });

  it('live vaccines: every reason, from the counts charted', async () => {
    await post('/labs', { collectedAt: at(190), results: [{ analyte: 'cd4_absolute', value: 180 }] });
    const live = await group('live');
    expect(live.blockedBy.map((b: { block: string }) => b.block)).toEqual([
      'too_early',
      'cd4_low',
      'cd19_low',
    ]);
    const nurse = await api.login('nurse');
    expect(
      (await post('/vaccine-doses', { group: 'covid19', vaccine: 'Comirnaty', givenAt: at(150) }, nurse))
        .status,
    ).toBe(403);
  });
});

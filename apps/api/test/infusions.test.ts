import { InfusionEpisodeList, RecordedInfusion, Toxicity, Ward } from '@cellwatch/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, enrolFollowUpPatient, expectErrorShape, T0, type TestApi } from './helpers.ts';

/**
 * Infusion episodes and re-treatment through the API: a re-treatment recorded (audited, the
 * patient's current Day 0 moves to it), refused before the previous infusion or beyond the
 * planning horizon with nothing written, roles, the toxicity course grouped per infusion with
 * onset Days from each Day 0, and a one-infusion patient unchanged.
 */
const H = 3_600_000;
const DAY = 24 * H;
const at = (hours: number) => new Date(T0 + hours * H).toISOString();
let api: TestApi;
let coord: string;
let nurse: string;
let id: number;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(60 * DAY);
  coord = await api.login('coordinator');
  nurse = await api.login('nurse');
  id = await enrolFollowUpPatient(api, coord, {
    mrn: 'MRN-71220',
    givenName: 'Greta',
    familyName: 'Solberg',
    birthDate: '1979-05-02',
    sex: 'female',
    weightKg: 70,
    infusionAt: at(0),
  });
});
afterEach(async () => {
  await api.close();
});

const retreatment = { product: 'cd19_bcma_car_t', infusedAt: at(30 * 24), reason: 'relapse' };
const record = (json: unknown, cookie = coord) =>
  api.request('POST', `/api/patients/${id}/infusions`, { cookie, json });
const get = async (path: string) => {
  const res = await api.request('GET', `/api/patients/${id}${path}`, { cookie: coord });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};
const count = async (table: string) =>
  Number((await api.query<{ n: number }>(`select count(*) as n from ${table}`))[0]?.n);
const vitals = (hours: number, temperatureC: number) =>
  api.request('POST', `/api/patients/${id}/vitals`, {
    cookie: nurse,
    json: { takenAt: at(hours), temperatureC, heartRate: 96, systolic: 122, spo2: 97 },
  });
const fever = (hours: number) => vitals(hours, 38.9);

describe('infusion episodes', () => {
  it('lists the first infusion from enrolment', async () => {
    const { infusions } = InfusionEpisodeList.parse(await get('/infusions'));
    expect(infusions).toEqual([
      expect.objectContaining({
        number: 1,
        product: 'cd19_car_t',
        infusedAt: at(0),
        reason: 'first_infusion',
      }),
    ]);
    expect(infusions[0]?.enteredInError).toBeNull();
  });

  it('records a re-treatment (audited): the current Day 0 moves to it, the first stays listed', async () => {
    const res = await record(retreatment);
    expect(res.status, await res.clone().text()).toBe(201);
    const { infusion } = RecordedInfusion.parse(await res.json());
    expect(infusion).toMatchObject({
      number: 2,
      product: 'cd19_bcma_car_t',
      infusedAt: at(720),
      reason: 'relapse',
    });
    const rows = await api.query<{ action: string; entity: string }>(
      "select action, entity from audit_log where action = 'create' order by seq desc limit 1",
    );
    expect(rows[0]).toEqual({ action: 'create', entity: 'infusion_episode' });
    expect((await get('')).patient.infusionAt).toBe(at(720));
    const { infusions } = InfusionEpisodeList.parse(await get('/infusions'));
    expect(infusions.map((i) => [i.number, i.product])).toEqual([
      [1, 'cd19_car_t'],
      [2, 'cd19_bcma_car_t'],
    ]);
  });

  it.each([
    ['before the previous infusion', { ...retreatment, infusedAt: at(-24) }, /previous infusion/],
    ['at the previous infusion', { ...retreatment, infusedAt: at(0) }, /previous infusion/],
    ['beyond the planning horizon', { ...retreatment, infusedAt: at(60 * 24 + 400 * 24) }, /year ahead/],
  ])('refuses a re-treatment %s with the field and nothing written', async (_, json, message) => {
    const before = await count('infusion_episodes');
    const res = await record(json);
    expect(res.status).toBe(422);
    const error = await expectErrorShape(res);
    expect(error.fields).toEqual([{ path: 'infusedAt', message: expect.stringMatching(message) }]);
    expect(await count('infusion_episodes')).toBe(before);
    expect((await get('')).patient.infusionAt).toBe(at(0));
  });

  it('refuses bad input (400) and a nurse (403); hematologists may record', async () => {
    expect((await record({ ...retreatment, reason: 'first_infusion' })).status).toBe(400);
    expect((await record({ ...retreatment, product: 'aspirin' })).status).toBe(400);
    expect((await record(retreatment, nurse)).status).toBe(403);
    const hema = await api.login('hematologist');
    expect((await record(retreatment, hema)).status).toBe(201);
  });

  it('refuses moving Day 0 on the patient record once re-treated (409), nothing changed', async () => {
    expect((await record(retreatment)).status).toBe(201);
    const res = await api.request('PATCH', `/api/patients/${id}`, {
      cookie: coord,
      json: { infusionAt: at(2) },
    });
    expect(res.status).toBe(409);
    expect((await get('')).patient.infusionAt).toBe(at(720));
  });

  it('follows a Day 0 moved on the patient record before any re-treatment', async () => {
    const res = await api.request('PATCH', `/api/patients/${id}`, {
      cookie: coord,
      json: { infusionAt: at(2) },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { infusions } = InfusionEpisodeList.parse(await get('/infusions'));
    expect(infusions.map((i) => [i.number, i.infusedAt, i.enteredInError === null])).toEqual([
      [1, at(0), false],
      [1, at(2), true],
    ]);
  });
});

describe('the toxicity course per infusion episode', () => {
  it('groups CRS episodes by infusion, onset Day from each Day 0', async () => {
    expect((await fever(26)).status).toBe(201); // Day 1 of the first infusion
    for (const h of [40, 64, 100]) expect((await vitals(h, 36.8)).status).toBe(201);
    expect((await record(retreatment)).status).toBe(201);
    expect((await fever(720 + 50)).status).toBe(201); // Day 2 of the re-treatment
    const toxicity = Toxicity.parse(await get('/toxicity'));
    expect(toxicity.infusionAt).toBe(at(720));
    expect(toxicity.episodes.crs.map((e) => e.onsetDay)).toEqual([1, 32]);
    expect(
      toxicity.infusions.map((i) => ({
        number: i.number,
        product: i.product,
        infusedAt: i.infusedAt,
        crs: i.episodes.crs.map((e) => [e.onsetDay, e.maxGrade]),
      })),
    ).toEqual([
      { number: 1, product: 'cd19_car_t', infusedAt: at(0), crs: [[1, 1]] },
      { number: 2, product: 'cd19_bcma_car_t', infusedAt: at(720), crs: [[2, 1]] },
    ]);
  });

  it('keeps a one-infusion patient as before: one infusion holding every episode', async () => {
    expect((await fever(26)).status).toBe(201);
    const toxicity = Toxicity.parse(await get('/toxicity'));
    expect(toxicity.infusionAt).toBe(at(0));
    expect(toxicity.episodes.crs.map((e) => e.onsetDay)).toEqual([1]);
    expect(toxicity.infusions).toHaveLength(1);
    expect(toxicity.infusions[0]?.episodes.crs).toEqual(toxicity.episodes.crs);
  });
});

describe('the monitoring window after a re-treatment', () => {
  it('restarts from the new Day 0: the ward shows Day 0 and the patient back in the window', async () => {
    const inpatient = await enrolFollowUpPatient(api, coord, {
      mrn: 'MRN-71221',
      givenName: 'Ada',
      familyName: 'Varga',
      birthDate: '1985-01-20',
      sex: 'female',
      weightKg: 61,
      status: 'inpatient_monitoring',
      infusionAt: at(0),
    });
    const wardRow = async () => {
      const res = await api.request('GET', '/api/ward', { cookie: coord });
      return Ward.parse(await res.json()).patients.find((p) => p.id === inpatient);
    };
    const before = await wardRow();
    expect(before?.day).toBe(60);
    expect(before?.nextDue?.inWindow ?? false).toBe(false);
    const res = await api.request('POST', `/api/patients/${inpatient}/infusions`, {
      cookie: coord,
      json: { ...retreatment, infusedAt: new Date(api.now() - H).toISOString() },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const after = await wardRow();
    expect(after?.day).toBe(0);
    expect(after?.nextDue?.inWindow).toBe(true);
  });
});

describe('follow-up clocks after a re-treatment', () => {
  it('keeps the milestones (to year 15) on the first infusion', async () => {
    const dueOf = async () => {
      const { milestones } = (await get('/follow-up')) as { milestones: { id: string; dueAt: number }[] };
      return Object.fromEntries(milestones.map((m) => [m.id, m.dueAt]));
    };
    const before = await dueOf();
    expect(before.year_15).toBeDefined();
    expect((await record(retreatment)).status).toBe(201);
    expect(await dueOf()).toEqual(before);
  });
});

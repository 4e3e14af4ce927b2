import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectErrorShape, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let nurse: string;
let patientId: number;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(24 * H);
  const coord = await api.login('coordinator');
  nurse = await api.login('nurse');
  const res = await api.request('POST', '/api/patients', {
    cookie: coord,
    json: {
      mrn: 'IDEM-1',
      givenName: 'Ida',
      familyName: 'Empotent',
      birthDate: '1980-01-01',
      sex: 'female',
      weightKg: 60,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      infusionAt: new Date(T0).toISOString(),
      status: 'inpatient_monitoring',
    },
  });
  patientId = (await res.json()).patient.id;
});
afterEach(async () => {
  await api.close();
});

const vitalSets = async () =>
  Number((await api.query<{ n: number }>('select count(*) as n from vital_sets'))[0]?.n);
const auditRows = async () =>
  Number((await api.query<{ n: number }>('select count(*) as n from audit_log'))[0]?.n);

const chart = (key: string | undefined, json: unknown, cookie = nurse) =>
  api.request('POST', `/api/patients/${patientId}/vitals`, {
    cookie,
    json,
    headers: key ? { 'idempotency-key': key } : {},
  });

describe('Idempotency-Key on writes', () => {
  const fever = () => ({ takenAt: new Date(api.now()).toISOString(), temperatureC: 38.6, heartRate: 112 });

  it('charts a double submit once: the repeat gets the first answer, marked as replayed', async () => {
    const body = fever();
    const [sets, audits] = [await vitalSets(), await auditRows()];
    const first = await chart('form-submission-0001', body);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const again = await chart('form-submission-0001', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    expect(await vitalSets()).toBe(sets + 1);
    expect(await auditRows()).toBe(audits + 1);
  });

  it('charts once when the two submissions arrive together', async () => {
    const body = fever();
    const sets = await vitalSets();
    const answers = await Promise.all([1, 2, 3].map(() => chart('double-click-0001', body)));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    expect(await vitalSets()).toBe(sets + 1);
  });

  it('refuses the same key with a different body (409) and writes nothing', async () => {
    expect((await chart('form-submission-0002', fever())).status).toBe(201);
    const sets = await vitalSets();
    const other = await chart('form-submission-0002', { ...fever(), temperatureC: 39.1 });
    expect(other.status).toBe(409);
    expect((await expectErrorShape(other)).code).toBe('idempotency_key_reused');
    expect(await vitalSets()).toBe(sets);
  });

  it('releases the key of a refused request, so the corrected form can be sent with it', async () => {
    const refused = await chart('form-submission-0003', { ...fever(), temperatureC: 52 });
    expect(refused.status).toBe(422);
    const corrected = await chart('form-submission-0003', { ...fever(), temperatureC: 38.2 });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps keys per user and for a day', async () => {
    const body = fever();
    expect((await chart('shared-key-00001', body)).status).toBe(201);
    const other = await api.login('hematologist');
    const sets = await vitalSets();
    // Another user's key space is their own: the same key is a new submission.
    const theirs = await chart('shared-key-00001', body, other);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(await vitalSets()).toBe(sets + 1);
    api.advance(25 * H);
    const nurseAgain = await api.login('nurse');
    const late = await chart(
      'shared-key-00001',
      { ...body, takenAt: new Date(api.now()).toISOString() },
      nurseAgain,
    );
    expect(late.status).toBe(201);
    expect(await vitalSets()).toBe(sets + 2);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const res = await chart('bad key!', fever());
    expect(res.status).toBe(400);
    expect((await expectErrorShape(res)).fields).toEqual([
      expect.objectContaining({ path: 'Idempotency-Key' }),
    ]);
  });
});

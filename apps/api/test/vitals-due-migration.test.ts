import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, T0, type TestApi } from './helpers.ts';

const H = 3_600_000;
let api: TestApi;
let nurse: string;
let coord: string;

beforeEach(async () => {
  api = await createTestApi();
  api.advance(26 * H);
  [nurse, coord] = await Promise.all([api.login('nurse'), api.login('coordinator')]);
});
afterEach(async () => {
  await api.close();
});

/** The migration that recomputes the vitals-due clock, for this run's store (found by name, not number). */
function migrationSql(store: TestApi['store']): string {
  const dir = join(
    import.meta.dirname,
    '..',
    'src',
    'db',
    'migrations',
    store === 'postgres' ? 'postgres' : 'sqlite',
  );
  const file = readdirSync(dir).find((f) => f.endsWith('_vitals_due_full_check.sql'));
  if (!file) throw new Error('migration not found');
  return readFileSync(join(dir, file), 'utf8');
}

describe('migration: the vitals-due clock of an existing database', () => {
  it('recomputes last_vitals_at_ms from the latest full vitals check, skipping corrected sets', async () => {
    const res = await api.request('POST', '/api/patients', {
      cookie: coord,
      json: {
        mrn: 'MIG-1',
        givenName: 'Test',
        familyName: 'Migrated',
        birthDate: '1980-01-01',
        sex: 'female',
        weightKg: 60,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt: new Date(T0).toISOString(),
        status: 'inpatient_monitoring',
      },
    });
    const id = (await res.json()).patient.id as number;
    const chart = async (hours: number, extra: Record<string, unknown>) => {
      const r = await api.request('POST', `/api/patients/${id}/vitals`, {
        cookie: nurse,
        json: { takenAt: new Date(T0 + hours * H).toISOString(), ...extra },
      });
      expect(r.status).toBe(201);
      return (await r.json()).vital.id as number;
    };
    const full = {
      temperatureC: 37,
      heartRate: 80,
      systolic: 120,
      diastolic: 80,
      respiratoryRate: 16,
      spo2: 98,
    };
    await chart(18, full);
    const latestFull = await chart(20, full);
    await chart(25, { temperatureC: 37.2 });
    const clock = async () =>
      Number(
        (
          await api.query<{ t: number | null }>(
            'select last_vitals_at_ms as t from patient_state where patient_id = ?',
            id,
          )
        )[0]?.t,
      );
    expect(await clock()).toBe(T0 + 20 * H);

    // A database from before: the clock ran from the latest set of any kind.
    await api.query('update patient_state set last_vitals_at_ms = ? where patient_id = ?', T0 + 25 * H, id);
    await api.query(migrationSql(api.store));
    expect(await clock()).toBe(T0 + 20 * H);

    // A full check marked entered-in-error does not count.
    const eie = await api.request('POST', `/api/patients/${id}/vitals/${latestFull}/entered-in-error`, {
      cookie: nurse,
      json: { reason: 'wrong patient' },
    });
    expect(eie.status).toBe(200);
    await api.query('update patient_state set last_vitals_at_ms = ? where patient_id = ?', T0 + 25 * H, id);
    await api.query(migrationSql(api.store));
    expect(await clock()).toBe(T0 + 18 * H);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoadCohort } from '../src/seed/bulk-load.ts';
import { createTestApi, T0, type TestApi } from './helpers.ts';
import { expectRollupsMatch } from './rollup-expectations.ts';

/** The rollups on SQLite's own paths: the bulk loader and the migration of an older file. */
const H = 3_600_000;
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('hourly vital rollups on SQLite', () => {
  it('follow the bulk loader, which writes through the same triggers', async () => {
    if (api.opened.kind !== 'sqlite') throw new Error('the bulk loader writes SQLite files');
    const { patientIds } = await bulkLoadCohort(api.opened, {
      patients: 2,
      days: 3,
      vitalsIntervalMin: 7,
      seed: 11,
      now: T0 + 3 * 24 * H,
      mrnPrefix: 'ROLLUP-BULK',
      scenario: 'crs2',
    });
    for (const id of patientIds) await expectRollupsMatch(api.query, id);
  });

  it('are rebuilt from the existing vital sets when the migration runs on an older database', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { migrate } = await import('../src/db/migrate.ts');
    const { loadMigrations } = await import('../src/db/migrator.ts');
    const all = loadMigrations();
    const rollups = all.findIndex((m) => m.name === 'vital_rollups');
    const db = new Database(':memory:');
    await migrate(db, all.slice(0, rollups));
    db.exec(`insert into users (id, username, display_name, role, password_hash, active, created_at, updated_at)
             values (1, 'nurse', 'Nurse', 'nurse', 'x', 1, '', '')`);
    db.exec(`insert into patients (id, mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product,
               status, created_at, updated_at)
             values (1, 'OLD-1', 'Old', 'Db', '1970-01-01', 'male', 80, 'sle', 'cd19_car_t', 'inpatient_monitoring', '', '')`);
    const insert = db.prepare(
      `insert into vital_sets (patient_id, taken_at, taken_at_ms, temperature_c, heart_rate, spo2, oxygen_device,
        oxygen_flow_lpm, recorded_by, recorded_at)
       values (1, '', ?, ?, ?, ?, ?, ?, 1, '')`,
    );
    for (let i = 0; i < 300; i++) {
      const onOxygen = i % 50 > 40;
      insert.run(
        T0 + i * 7 * 60_000,
        36.5 + (i % 13) / 10,
        70 + (i % 17),
        i % 9 === 0 ? null : 94 + (i % 5),
        onOxygen ? 'nasal_cannula' : 'room_air',
        onOxygen ? 3 : null,
      );
    }
    db.exec(`insert into corrections (fact_table, fact_id, patient_id, reason, recorded_by, recorded_at)
             values ('vital_sets', 17, 1, 'wrong patient', 1, ''), ('vital_sets', 18, 1, 'wrong patient', 1, '')`);
    expect(await migrate(db, all)).toEqual(all.slice(rollups).map((m) => m.version));
    await expectRollupsMatch(
      async (text: string, ...params: unknown[]) => db.prepare(text).all(...params) as never[],
      1,
    );
    db.close();
  });
});

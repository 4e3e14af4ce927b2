import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/db/migrate-postgres.ts';
import { loadMigrations, migrationName, POSTGRES_MIGRATIONS_DIR } from '../../src/db/migrator.ts';
import { freshPostgresDatabase, withPostgresClient } from '../helpers.ts';

/**
 * A PostgreSQL database migrated by CellWatch's runner before Kysely's Migrator: its record is
 * `cellwatch_schema` (one row per migration, each committed with its migration) and there is no
 * kysely_migration table. The Migrator adopts that record once and applies only what is newer.
 */
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

/** The first `upTo` migrations as the old runner applied them, and a patient charted on that schema. */
async function oldRunnerDatabase(upTo: number): Promise<string> {
  const database = await freshPostgresDatabase({ migrated: false });
  if (!database) throw new Error('this test runs in the api-postgres project only');
  drops.push(database.drop);
  await withPostgresClient(database.url, async (c) => {
    await c.query('set client_min_messages = warning');
    await c.query(
      'create table if not exists cellwatch_schema (version integer primary key, name text not null, applied_at text not null)',
    );
    for (const m of loadMigrations(POSTGRES_MIGRATIONS_DIR).slice(0, upTo)) {
      await c.query('begin');
      await c.query(m.sql);
      await c.query('insert into cellwatch_schema (version, name, applied_at) values ($1, $2, $3)', [
        m.version,
        m.name,
        '2026-03-01T08:00:00.000Z',
      ]);
      await c.query('commit');
    }
    await c.query(
      `insert into patients (id, mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, product, status, is_demo, created_at, updated_at)
       values (1, 'OLD-1', 'Old', 'Record', '1980-01-01', 'female', 60, 'sle', 'cd19_car_t', 'inpatient_monitoring', 0, '', '')`,
    );
  });
  return database.url;
}

describe('a PostgreSQL database migrated by the runner before the Migrator', () => {
  it('is adopted once and upgraded with the newer migrations only, even by two instances starting together', async () => {
    const all = loadMigrations(POSTGRES_MIGRATIONS_DIR);
    const at = all.findIndex((m) => m.name === 'audit_keyed_chain');
    const url = await oldRunnerDatabase(at);
    const [first, second] = await Promise.all([migratePostgres(url), migratePostgres(url)]);
    // One of the two adopted the old record and applied the rest; the other found nothing to do.
    expect([first, second].sort((a, b) => b.length - a.length)).toEqual([
      all.slice(at).map((m) => m.version),
      [],
    ]);
    expect(await migratePostgres(url)).toEqual([]);
    await withPostgresClient(url, async (c) => {
      const kysely = await c.query('select name from kysely_migration order by name');
      expect(kysely.rows.map((r) => r.name)).toEqual(all.map(migrationName));
      const versions = await c.query('select version from cellwatch_schema order by version');
      expect(versions.rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
      const patients = await c.query('select mrn from patients');
      expect(patients.rows).toEqual([{ mrn: 'OLD-1' }]);
    });
  });

  it('waits for an instance still on the old runner (its lock) before reading the version', async () => {
    const all = loadMigrations(POSTGRES_MIGRATIONS_DIR);
    const url = await oldRunnerDatabase(all.length - 1);
    await withPostgresClient(url, async (oldRunner) => {
      // The old runner holds its lock while it applies the last migration and records it.
      await oldRunner.query('select pg_advisory_lock($1)', [7_338_265_021]);
      const last = all[all.length - 1];
      if (!last) throw new Error('no migrations');
      await oldRunner.query('begin');
      await oldRunner.query(last.sql);
      await oldRunner.query('insert into cellwatch_schema (version, name, applied_at) values ($1, $2, $3)', [
        last.version,
        last.name,
        new Date().toISOString(),
      ]);
      const upgrading = migratePostgres(url);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await oldRunner.query('commit');
      await oldRunner.query('select pg_advisory_unlock($1)', [7_338_265_021]);
      // It saw the old runner's last migration and adopted it instead of applying it a second time.
      expect(await upgrading).toEqual([]);
    });
    await withPostgresClient(url, async (c) => {
      const kysely = await c.query('select name from kysely_migration order by name');
      expect(kysely.rows.map((r) => r.name)).toEqual(all.map(migrationName));
    });
  });
});

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadMigrations, type Migration } from './migrate.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations', 'postgres');

/** Any fixed key, different from the write lock's: held while one instance migrates. */
const MIGRATION_LOCK_KEY = 7_338_265_021;

/**
 * The PostgreSQL counterpart of `migrate`: the same numbered migrations, written for PostgreSQL
 * in migrations/postgres, with the schema version kept in `cellwatch_schema` (PostgreSQL has no
 * `user_version`). Each migration commits together with its version row. Several instances
 * starting at once take turns on an advisory lock, so each migration runs once. Returns the
 * versions applied.
 */
export async function migratePostgres(
  url: string,
  migrations: Migration[] = loadMigrations(MIGRATIONS_DIR),
): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: number[] = [];
  try {
    // Quiet the NOTICEs of "if not exists" on a database migrated before.
    await client.query('set client_min_messages = warning');
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      'create table if not exists cellwatch_schema (version integer primary key, name text not null, applied_at text not null)',
    );
    const { rows } = await client.query<{ v: number | null }>(
      'select max(version) as v from cellwatch_schema',
    );
    const current = rows[0]?.v ?? 0;
    if (current > migrations.length) {
      throw new Error(
        `database schema ${current} is newer than this CellWatch (${migrations.length}); refusing to start`,
      );
    }
    for (const m of migrations.slice(current)) {
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into cellwatch_schema (version, name, applied_at) values ($1, $2, $3)', [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${m.version} ${m.name} failed: ${(error as Error).message}`);
      }
      applied.push(m.version);
    }
  } finally {
    await client.end();
  }
  return applied;
}

import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import {
  type AnyKysely,
  loadMigrations,
  type Migration,
  POSTGRES_MIGRATIONS_DIR,
  runMigrations,
  type SchemaVersionStore,
} from './migrator.ts';

/** The advisory lock key of CellWatch's runner before Kysely's Migrator (see below). */
const OLD_RUNNER_LOCK_KEY = 7_338_265_021;

/**
 * PostgreSQL has no `user_version`: the schema version is the `cellwatch_schema` table, one row
 * per migration. Reading it first takes the lock CellWatch's runner before the Migrator held while
 * migrating (until the transaction ends), so during a rolling upgrade an instance still on the old
 * runner and one on the Migrator take turns too.
 */
const postgresSchemaVersion: SchemaVersionStore = {
  async readVersion(db: AnyKysely) {
    await sql`select pg_advisory_xact_lock(${sql.lit(OLD_RUNNER_LOCK_KEY)})`.execute(db);
    const exists = await sql<{ t: string | null }>`select to_regclass('cellwatch_schema') as t`.execute(db);
    if (!exists.rows[0]?.t) return 0;
    const newest = sql<{ v: number | null }>`select max(version) as v from cellwatch_schema`;
    const { rows } = await newest.execute(db);
    return Number(rows[0]?.v ?? 0);
  },
  async recordVersion(trx: AnyKysely, m: Migration) {
    await sql`create table if not exists cellwatch_schema (version integer primary key, name text not null, applied_at text not null)`.execute(
      trx,
    );
    await sql`insert into cellwatch_schema (version, name, applied_at) values (${m.version}, ${m.name}, ${new Date().toISOString()})`.execute(
      trx,
    );
  },
  // Without parameters, pg sends the whole file as one simple query: several statements are fine.
  async runSql(trx: AnyKysely, text: string) {
    await sql.raw(text).execute(trx);
  },
};

/**
 * The PostgreSQL counterpart of `migrate`: the same numbered migrations, written for PostgreSQL
 * in migrations/postgres, applied by Kysely's Migrator (see migrator.ts) on a connection of its
 * own. Several instances starting at once take turns on the Migrator's advisory lock, so each
 * migration runs once. Returns the versions applied.
 */
export async function migratePostgres(
  url: string,
  migrations: Migration[] = loadMigrations(POSTGRES_MIGRATIONS_DIR),
): Promise<number[]> {
  // The Migrator works on one connection at a time (its lock and transaction on one it reserves).
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // A pool re-emits an idle connection's error (the server shutting down, or a database dropped
  // with its sessions ended): without a listener Node treats it as uncaught and exits. The
  // migration in hand fails on its own query instead; the idle one is only logged.
  pool.on('error', (err) => console.error('[cellwatch] migration connection error:', err.message));
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool,
      // Quiet the NOTICEs of "if not exists" on a database migrated before.
      onCreateConnection: async (c) => {
        await c.executeQuery(CompiledQuery.raw('set client_min_messages = warning'));
      },
    }),
  });
  try {
    return await runMigrations(db, migrations, postgresSchemaVersion);
  } finally {
    await db.destroy();
  }
}

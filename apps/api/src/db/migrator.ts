import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_MIGRATION_TABLE,
  type Kysely,
  type Migration as KyselyMigration,
  type MigrationProvider,
  Migrator,
} from 'kysely';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
export const SQLITE_MIGRATIONS_DIR = join(MIGRATIONS_DIR, 'sqlite');
export const POSTGRES_MIGRATIONS_DIR = join(MIGRATIONS_DIR, 'postgres');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files `NNN_name.sql`, in order. Gaps or duplicates are a programming error. */
export function loadMigrations(dir = SQLITE_MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} should be number ${i + 1}`);
  });
  return migrations;
}

/** The name Kysely's Migrator records a migration by: its file name, `NNN_name`, which sorts in order. */
export const migrationName = (m: Migration) => `${String(m.version).padStart(3, '0')}_${m.name}`;

// The Migrator works on any schema (its own bookkeeping tables and the SQL files), so untyped.
// biome-ignore lint/suspicious/noExplicitAny: Kysely's Migrator itself takes a Kysely<any>
export type AnyKysely = Kysely<any>;

/**
 * What differs between the two stores around Kysely's Migrator.
 *
 * The schema version: before the Migrator, CellWatch's own runner recorded the applied migrations
 * in `user_version` (SQLite) or `cellwatch_schema` (PostgreSQL). It is still written, in each
 * migration's transaction, so that the tools reading it (the copy to PostgreSQL) and an older
 * CellWatch put back after an upgrade still see the schema the database is at (and the older one
 * refuses a newer schema instead of running on it).
 */
export interface SchemaVersionStore {
  /** The schema version recorded the old way, 0 if none. */
  readVersion(db: AnyKysely): Promise<number>;
  /** Records that `m` is applied, in the transaction that applied it. */
  recordVersion(trx: AnyKysely, m: Migration): Promise<void>;
  /** Runs one migration file (several statements) in the open transaction. */
  runSql(trx: AnyKysely, sql: string): Promise<void>;
}

/**
 * Serves the numbered SQL files to Kysely's Migrator. A migration at or below the version the old
 * runner recorded was applied by it: its `up` runs nothing, and the Migrator records it in
 * `kysely_migration`. That is how a database from before the Migrator is adopted: once, inside the
 * Migrator's transaction and lock, so two instances starting together cannot both adopt or apply.
 */
class SqlFileProvider implements MigrationProvider {
  readonly applied: number[] = [];
  constructor(
    private readonly migrations: Migration[],
    private readonly store: SchemaVersionStore,
  ) {}

  async getMigrations(): Promise<Record<string, KyselyMigration>> {
    return Object.fromEntries(
      this.migrations.map((m) => [
        migrationName(m),
        {
          up: async (trx: AnyKysely) => {
            if (m.version <= (await this.store.readVersion(trx))) return;
            await this.store.runSql(trx, m.sql);
            await this.store.recordVersion(trx, m);
            this.applied.push(m.version);
          },
        },
      ]),
    );
  }
}

/** The migrations Kysely has recorded as run, none if its table does not exist yet. */
async function executedNames(db: AnyKysely): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === DEFAULT_MIGRATION_TABLE)) return [];
  const rows = await db.selectFrom(DEFAULT_MIGRATION_TABLE).select('name').execute();
  return rows.map((r) => String(r.name));
}

/** Refuses a database that a newer CellWatch has migrated further than these migrations go. */
async function refuseNewerSchema(db: AnyKysely, migrations: Migration[], store: SchemaVersionStore) {
  const version = await store.readVersion(db);
  if (version > migrations.length) {
    throw new Error(
      `database schema ${version} is newer than this CellWatch (${migrations.length}); refusing to start`,
    );
  }
  const known = new Set(migrations.map(migrationName));
  const unknown = (await executedNames(db)).filter((n) => !known.has(n));
  if (unknown.length) {
    throw new Error(
      `database schema has migration ${unknown.join(', ')}, newer than this CellWatch (${migrations.length}); refusing to start`,
    );
  }
}

/**
 * Applies every pending migration with Kysely's Migrator: all of them in one transaction (both
 * stores have transactional DDL), so a failing migration leaves the database as it was, under the
 * Migrator's lock (on PostgreSQL a session advisory lock, so a second instance waits and then finds
 * nothing to do). Returns the versions applied, not counting those adopted from the old runner.
 */
export async function runMigrations(
  db: AnyKysely,
  migrations: Migration[],
  store: SchemaVersionStore,
): Promise<number[]> {
  await refuseNewerSchema(db, migrations, store);
  const provider = new SqlFileProvider(migrations, store);
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const m = migrations.find((x) => failed && migrationName(x) === failed.migrationName);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(m ? `migration ${m.version} ${m.name} failed: ${message}` : message, { cause: error });
  }
  return provider.applied;
}

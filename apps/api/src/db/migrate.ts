import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver, sql } from 'kysely';
import {
  type AnyKysely,
  loadMigrations,
  type Migration,
  runMigrations,
  type SchemaVersionStore,
} from './migrator.ts';

/**
 * Kysely's SQLite dialect, changed in three ways for migrating.
 * - Transactions: Kysely's SQLite adapter says SQLite has no transactional DDL (kysely-org/kysely
 *   #56, left so because some PRAGMAs cannot run in a transaction), so its Migrator would run the
 *   files outside any transaction. SQLite's DDL is transactional, and none of CellWatch's files
 *   changes such a PRAGMA (the runner before the Migrator ran each of them in a transaction).
 * - Lock: the transaction takes the write lock at `begin` (Kysely's SQLite lock is a no-op,
 *   kysely-org/kysely #729), so a second process opening the same file waits (busy_timeout) and
 *   then reads what the first one recorded, instead of both applying the same migrations.
 * - Connection: the caller's; destroying the migrator's Kysely leaves it open.
 */
class MigratingSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl() {
    return true;
  }
}

class BorrowedConnectionDriver extends SqliteDriver {
  override async beginTransaction(connection: Parameters<SqliteDriver['beginTransaction']>[0]) {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async destroy() {}
}

class MigratingSqliteDialect extends SqliteDialect {
  readonly #database: BetterSqlite3.Database;
  constructor(database: BetterSqlite3.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver() {
    return new BorrowedConnectionDriver({ database: this.#database });
  }
  override createAdapter() {
    return new MigratingSqliteAdapter();
  }
}

/** SQLite keeps the schema version in the file header's `user_version`, which commits with the transaction. */
function sqliteSchemaVersion(sqlite: BetterSqlite3.Database): SchemaVersionStore {
  return {
    async readVersion(db: AnyKysely) {
      const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(db);
      return rows[0]?.user_version ?? 0;
    },
    async recordVersion(trx: AnyKysely, m: Migration) {
      await sql.raw(`pragma user_version = ${m.version}`).execute(trx);
    },
    // better-sqlite3 prepares one statement at a time; `exec` runs a whole file, on the same
    // connection and so inside the Migrator's open transaction.
    async runSql(_trx: AnyKysely, text: string) {
      sqlite.exec(text);
    },
  };
}

/**
 * Applies every migration in migrations/sqlite the database has not had, with Kysely's Migrator
 * (see migrator.ts), and keeps `user_version` at the schema version. Returns the versions applied.
 */
export async function migrate(
  sqlite: BetterSqlite3.Database,
  migrations: Migration[] = loadMigrations(),
): Promise<number[]> {
  const db = new Kysely<unknown>({ dialect: new MigratingSqliteDialect(sqlite) });
  try {
    return await runMigrations(db, migrations, sqliteSchemaVersion(sqlite));
  } finally {
    await db.destroy();
  }
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { GroupCommitSqliteDialect } from './group-commit.ts';
import { migrate } from './migrate.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  kind: 'sqlite';
  db: Db;
  /** The raw connection, for the SQLite-only tools (backup, integrity check). */
  sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the embedded database with the settings clinical data needs:
 * WAL so readers never block the writer, synchronous=FULL so an acknowledged write survives
 * power loss, foreign keys enforced, and a busy timeout for the backup tool's connection.
 * Migrations run before anything else touches the file.
 */
export function openSqlite(file: string): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  migrate(sqlite);
  const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(sqlite) });
  return {
    kind: 'sqlite',
    db,
    sqlite,
    // Kysely's destroy closes the underlying connection too.
    close: () => db.destroy(),
  };
}

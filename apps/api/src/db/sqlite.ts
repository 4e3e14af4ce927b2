import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import {
  AUDIT_KEY_FILE_NAME,
  type AuditKeySource,
  bindAuditKeyring,
  loadAuditKeyring,
} from '../audit/audit-key.ts';
import { startKeyedChainingSqlite } from '../audit/keyed-start.ts';
import { type Checkpointer, startCheckpointer, WAL_SIZE_LIMIT_BYTES } from './checkpointer.ts';
import { GroupCommitSqliteDialect } from './group-commit.ts';
import { migrate } from './migrate.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  kind: 'sqlite';
  db: Db;
  /** The raw connection, for the SQLite-only tools (backup, integrity check). */
  sqlite: BetterSqlite3.Database;
  /** The WAL checkpointer of a database file (none in memory). */
  checkpointer: Checkpointer | null;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the embedded database with the settings clinical data needs:
 * WAL so readers never block the writer, synchronous=FULL so an acknowledged write survives
 * power loss, foreign keys enforced, and a busy timeout for the backup tool's connection.
 * Migrations run before anything else touches the file. The audit keyring comes from the
 * environment or the key file next to the database (created on a first start), unless given.
 */
export async function openSqlite(file: string, auditKeys?: AuditKeySource): Promise<OpenedDatabase> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  try {
    await migrate(sqlite);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const newest = sqlite.prepare('select key_id from audit_log order by seq desc limit 1').get() as
    | { key_id: string | null }
    | undefined;
  const keyring = loadAuditKeyring(
    auditKeys ?? {
      env: process.env,
      defaultKeyFile: file === ':memory:' ? null : join(dirname(file), AUDIT_KEY_FILE_NAME),
      ephemeral: file === ':memory:',
    },
    newest?.key_id ?? null,
  );
  startKeyedChainingSqlite(sqlite, keyring);
  const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(sqlite) });
  bindAuditKeyring(db, keyring);
  // Checkpoints of a database file run on their own thread, not inside a request's COMMIT.
  let checkpointer: Checkpointer | null = null;
  if (file !== ':memory:') {
    sqlite.pragma('wal_autocheckpoint = 0');
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    checkpointer = startCheckpointer(file);
  }
  return {
    kind: 'sqlite',
    db,
    sqlite,
    checkpointer,
    close: async () => {
      // Kysely's destroy commits what is open and closes the underlying connection too.
      await db.destroy();
      await checkpointer?.close();
    },
  };
}

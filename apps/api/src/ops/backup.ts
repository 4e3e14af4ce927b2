import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import {
  AUDIT_KEY_FILE_NAME,
  type AuditKeySource,
  bindAuditKeyring,
  loadAuditKeyring,
} from '../audit/audit-key.ts';
import { verifyAuditChain } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { openSqlite } from '../db/sqlite.ts';

export interface DatabaseCheck {
  integrity: string;
  auditChain: { ok: boolean; rows: number; firstBrokenSeq: number | null };
  rowCounts: Record<string, number>;
}

/** Where a file's audit keys are looked for by default: the environment, then the key file beside it. */
function keysBeside(file: string): AuditKeySource {
  return { env: process.env, defaultKeyFile: join(dirname(file), AUDIT_KEY_FILE_NAME) };
}

/**
 * Integrity check, audit chain and row counts of a database file, opened read-only. The chain
 * is verified with the audit keyring of `keys` (default: the environment, or the key file next
 * to the file); no key file is ever created for a check.
 */
export async function checkDatabase(
  file: string,
  keys: AuditKeySource = keysBeside(file),
): Promise<DatabaseCheck> {
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const newest = sqlite.prepare('select * from audit_log order by seq desc limit 1').get() as
      | { key_id?: string | null }
      | undefined;
    bindAuditKeyring(db, loadAuditKeyring({ ...keys, create: false }, newest?.key_id ?? null));
    const integrity = String(sqlite.pragma('integrity_check', { simple: true }));
    const tables = sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as { name: string }[];
    const rowCounts = Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n,
      ]),
    );
    return { integrity, auditChain: await verifyAuditChain(db), rowCounts };
  } finally {
    await db.destroy();
  }
}

/**
 * Online backup with SQLite's backup API: consistent even while the server keeps writing
 * (it copies pages and restarts if the source changes under it). Refuses to overwrite.
 */
export async function backupDatabase(
  source: string,
  target: string,
  keys: AuditKeySource = keysBeside(source),
): Promise<DatabaseCheck> {
  if (existsSync(target)) throw new Error(`${target} exists: choose a new file for the backup`);
  mkdirSync(dirname(target), { recursive: true });
  const sqlite = new BetterSqlite3(source, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  try {
    await sqlite.backup(target);
  } finally {
    sqlite.close();
  }
  return checkDatabase(target, keys);
}

/**
 * Restores a backup into a NEW database file (never over a live one), after checking it: the
 * integrity check must pass and the audit chain must verify. Migrations bring an older backup
 * up to this version.
 */
export async function restoreDatabase(
  backup: string,
  target: string,
  keys: AuditKeySource = keysBeside(backup),
): Promise<DatabaseCheck> {
  if (existsSync(target))
    throw new Error(`${target} exists: restore into a new file, then point CELLWATCH_DB at it`);
  const check = await checkDatabase(backup, keys);
  if (check.integrity !== 'ok') throw new Error(`backup fails the integrity check: ${check.integrity}`);
  if (!check.auditChain.ok)
    throw new Error(`backup's audit chain is broken at row ${check.auditChain.firstBrokenSeq}`);
  mkdirSync(dirname(target), { recursive: true });
  const source = new BetterSqlite3(backup, { readonly: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  // Opened as the server opens it: migrated, and a trail from before keyed chaining gets its
  // first keyed row.
  await (await openSqlite(target, keys)).close();
  return checkDatabase(target, keys);
}

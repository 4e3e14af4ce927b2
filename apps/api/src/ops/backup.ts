import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';

export interface DatabaseCheck {
  integrity: string;
  auditChain: { ok: boolean; rows: number; firstBrokenSeq: number | null };
  rowCounts: Record<string, number>;
}

/** Integrity check, audit chain and row counts of a database file, opened read-only. */
export async function checkDatabase(file: string): Promise<DatabaseCheck> {
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
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
export async function backupDatabase(source: string, target: string): Promise<DatabaseCheck> {
  if (existsSync(target)) throw new Error(`${target} exists: choose a new file for the backup`);
  mkdirSync(dirname(target), { recursive: true });
  const sqlite = new BetterSqlite3(source, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  try {
    await sqlite.backup(target);
  } finally {
    sqlite.close();
  }
  return checkDatabase(target);
}

/**
 * Restores a backup into a NEW database file (never over a live one), after checking it: the
 * integrity check must pass and the audit chain must verify. Migrations bring an older backup
 * up to this version.
 */
export async function restoreDatabase(backup: string, target: string): Promise<DatabaseCheck> {
  if (existsSync(target))
    throw new Error(`${target} exists: restore into a new file, then point CELLWATCH_DB at it`);
  const check = await checkDatabase(backup);
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
  const restored = new BetterSqlite3(target);
  restored.pragma('journal_mode = WAL');
  migrate(restored);
  restored.close();
  return checkDatabase(target);
}

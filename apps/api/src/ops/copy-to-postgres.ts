import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { AUDIT_KEY_FILE_NAME, type AuditKeySource, loadAuditKeyring } from '../audit/audit-key.ts';
import { verifyAuditTrail } from '../audit/audit-log.ts';
import { loadMigrations } from '../db/migrator.ts';
import { openPostgres } from '../db/postgres.ts';
import { EXCLUSIVE_WRITE_LOCK_SQL } from '../db/write-locks.ts';

/**
 * Moves a unit's SQLite database into a PostgreSQL database, for a unit joining a network's
 * shared server (and for the benchmark, which loads PostgreSQL this way).
 *
 * Every row of every table is copied as it is, ids, timestamps and the audit trail with its
 * hashes included, so the chain still verifies and every reference still holds. Left behind:
 * sessions (everyone signs in again) and the hourly vital rollups, which PostgreSQL's own
 * triggers rebuild as the vital sets and corrections arrive, and the Migrator's bookkeeping (the
 * target has its own, from being migrated). One transaction: a failed copy leaves
 * the target as it was. The target must be migrated and empty; the source is opened read-only.
 */
const NOT_COPIED = new Set(['sessions', 'vital_rollups', 'kysely_migration', 'kysely_migration_lock']);
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

export interface CopySummary {
  rows: Record<string, number>;
  auditChain: { ok: boolean; rows: number };
  ms: number;
}

/** Tables in an order that inserts each row after the rows it refers to. */
function tablesInReferenceOrder(sqlite: BetterSqlite3.Database): string[] {
  const names = (
    sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .all() as {
      name: string;
    }[]
  )
    .map((r) => r.name)
    .filter((n) => !NOT_COPIED.has(n))
    .sort();
  const refersTo = new Map(
    names.map((n) => [
      n,
      (sqlite.prepare(`pragma foreign_key_list("${n}")`).all() as { table: string }[])
        .map((f) => f.table)
        .filter((t) => t !== n && names.includes(t)),
    ]),
  );
  const ordered: string[] = [];
  const visit = (n: string, path: string[]) => {
    if (ordered.includes(n)) return;
    if (path.includes(n))
      throw new Error(`tables refer to each other in a cycle: ${[...path, n].join(' → ')}`);
    for (const t of refersTo.get(n) ?? []) visit(t, [...path, n]);
    ordered.push(n);
  };
  for (const n of names) visit(n, []);
  return ordered;
}

/**
 * The copy keeps its audit rows as they are, so the PostgreSQL store goes on with the SQLite
 * database's audit keyring (`keys`, default: the environment or the key file next to `file`);
 * every instance on the PostgreSQL database must then be given that keyring.
 */
export async function copySqliteToPostgres(
  file: string,
  url: string,
  log: (line: string) => void = () => undefined,
  keys: AuditKeySource = { env: process.env, defaultKeyFile: join(dirname(file), AUDIT_KEY_FILE_NAME) },
): Promise<CopySummary> {
  const t0 = performance.now();
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const version = sqlite.pragma('user_version', { simple: true });
  if (version !== loadMigrations().length) {
    sqlite.close();
    throw new Error(
      `${file} is at schema ${version}, this CellWatch at ${loadMigrations().length}: start CellWatch on it once first`,
    );
  }
  const newest = sqlite.prepare('select key_id from audit_log order by seq desc limit 1').get() as
    | { key_id: string | null }
    | undefined;
  let keyring: ReturnType<typeof loadAuditKeyring>;
  try {
    keyring = loadAuditKeyring({ ...keys, create: false }, newest?.key_id ?? null);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  // Migrates the target; its pool is used for the checks afterwards.
  const target = await openPostgres(url, 2, { keyring });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows: Record<string, number> = {};
  try {
    const present = await client.query<{ n: string }>(
      'select (select count(*) from users) + (select count(*) from patients) as n',
    );
    if (Number(present.rows[0]?.n) > 0)
      throw new Error('the PostgreSQL database already has users or patients');
    await client.query('begin');
    await client.query(EXCLUSIVE_WRITE_LOCK_SQL);
    for (const table of tablesInReferenceOrder(sqlite)) {
      const columns = (sqlite.prepare(`pragma table_info("${table}")`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      const perStatement = Math.max(1, Math.min(2_000, Math.floor(MAX_PARAMETERS / columns.length)));
      const columnList = columns.map((c) => `"${c}"`).join(', ');
      let batch: unknown[][] = [];
      let copied = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const values = batch
          .map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
          .join(', ');
        await client.query(`insert into "${table}" (${columnList}) values ${values}`, batch.flat());
        copied += batch.length;
        batch = [];
      };
      // In insertion order, so that the rebuilt rollups and every id come out as on SQLite.
      for (const row of sqlite
        .prepare(`select ${columnList} from "${table}" order by rowid`)
        .raw()
        .iterate()) {
        batch.push(row as unknown[]);
        if (batch.length >= perStatement) await flush();
      }
      await flush();
      rows[table] = copied;
      // New rows continue after the copied ids.
      if (columns.includes('id')) {
        await client.query(
          `select setval(s, coalesce((select max(id) from "${table}"), 0) + 1, false)
           from pg_get_serial_sequence('"${table}"', 'id') as s where s is not null`,
        );
      }
      if (copied) log(`  ${table}: ${copied.toLocaleString('en')} rows`);
    }
    await client.query('commit');
    // Fresh statistics for the planner, and the visibility map, after a bulk load: without them
    // PostgreSQL plans the first queries on a large copy as if its tables were empty.
    log('  vacuum analyze');
    await client.query('vacuum analyze');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
    sqlite.close();
  }
  try {
    const chain = await verifyAuditTrail(target.db);
    if (!chain.ok) {
      throw new Error(
        `the copied audit trail does not verify: ${chain.problems[0]?.message ?? `first broken row ${chain.firstBrokenSeq}`}`,
      );
    }
    return { rows, auditChain: { ok: chain.ok, rows: chain.rows }, ms: performance.now() - t0 };
  } finally {
    await target.close();
  }
}

import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { COVERED_TABLES } from '../audit/fact-coverage.ts';
import type { Database } from './schema.ts';

/**
 * The advisory locks that order writes on a shared PostgreSQL database (see postgres.ts). All use
 * the two-key form `(namespace, key)`, whose keys never meet the one-key locks of other software
 * on the same server; the namespaces are fixed numbers that spell nothing.
 *
 * Lock order, the same in every transaction, so no two writes can wait for each other: the write
 * lock (shared by patient writes, exclusive for the others), then the patients' locks in ascending
 * id, taken together in the transaction's first statement, then the audit chain's, last.
 */
export const WRITE_LOCK_NAMESPACE = 1_129_775_105;
export const PATIENT_LOCK_NAMESPACE = 1_129_775_106;
export const AUDIT_CHAIN_LOCK_NAMESPACE = 1_129_775_107;

/**
 * The transaction-local setting that holds, per covered fact table, the highest id committed when
 * the transaction took its locks: every fact the transaction inserts has a higher id (ids come
 * from sequences), which bounds the search for its own facts when the audit row covers them.
 */
export const FACT_FLOOR_SETTING = 'cellwatch.fact_floor';

let factFloor: string | undefined;

/**
 * Sets the floor. A statement of its own, after the locks: a statement's snapshot is taken when
 * it starts, so one that waited for a lock would not see what was committed meanwhile.
 */
export function factFloorSql(): string {
  factFloor ??= `select set_config('${FACT_FLOOR_SETTING}', json_build_object(${COVERED_TABLES.map(
    (t) => `'${t}', (select coalesce(max(id), 0) from "${t}")`,
  ).join(', ')})::text, true)`;
  return factFloor;
}

/** Any write that names no single patient: it runs alone, as every write once did. */
export const EXCLUSIVE_WRITE_LOCK_SQL = `select pg_advisory_xact_lock(${WRITE_LOCK_NAMESPACE}, 0)`;

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** How the statement of `lockPatients` begins, so the driver can tell it from any other. */
const PATIENT_LOCK_MARK = '/* patient locks */';

export function isPatientLock(text: string): boolean {
  return text.startsWith(PATIENT_LOCK_MARK);
}

/**
 * Makes the transaction a write to these patients' records, run in parallel with the writes for
 * any other patient: call it first in the transaction, before any other statement (the driver
 * otherwise takes the exclusive write lock, and refuses patient locks taken later). Nothing on
 * SQLite, whose one writer already runs every write alone.
 */
export async function lockPatients(trx: Kysely<Database>, patientIds: readonly number[]): Promise<void> {
  if (!isPostgres(trx)) return;
  const ids = [...new Set(patientIds)].sort((x, y) => x - y);
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 0 || id > 2_147_483_647) throw new Error(`not a patient id: ${id}`);
  }
  const locks = ids.map((id) => sql`pg_advisory_xact_lock(${sql.lit(PATIENT_LOCK_NAMESPACE)}, ${id}::int)`);
  await sql`${sql.raw(PATIENT_LOCK_MARK)} select pg_advisory_xact_lock_shared(${sql.lit(WRITE_LOCK_NAMESPACE)}, 0)${
    locks.length ? sql`, ${sql.join(locks)}` : sql``
  }`.execute(trx);
  await sql.raw(factFloorSql()).execute(trx);
}

/**
 * Serialises the audit chain's append: held from here to COMMIT, so appendAudit takes it as the
 * last step of a write, and the next writer reads this one's sequence number and hash. On SQLite
 * nothing: its writer is alone.
 */
export async function lockAuditChain(trx: Kysely<Database>): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_CHAIN_LOCK_NAMESPACE)}, 0)`.execute(trx);
}

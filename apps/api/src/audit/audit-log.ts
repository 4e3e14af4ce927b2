import { createHash } from 'node:crypto';
import type {
  AuditCheckpoint,
  AuditEntry,
  AuditProblem,
  AuditVerifyResponse,
  SignedInUser,
} from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { lockAuditChain } from '../db/write-locks.ts';
import { type AuditKeyring, auditKeyringOf } from './audit-key.ts';
import { checkpointIsAuthentic, sameHex } from './checkpoint.ts';
import {
  type CoverageRange,
  type CoveredTable,
  coverNewFacts,
  type FactRange,
  LEGACY_COUNT,
  parseFactRanges,
  verifyFactCoverage,
  type WrittenFacts,
} from './fact-coverage.ts';
import { coverOwnFacts } from './own-fact-coverage.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  /** Who did it; null for an anonymous attempt (e.g. a failed sign-in). */
  actor: Pick<SignedInUser, 'id' | 'username'> | null;
  /** A verb in the clinic's words: `create`, `read`, `mark_entered_in_error`, `sign_in`… */
  action: string;
  entity: string;
  entityId?: string | number | null;
  patientId?: number | null;
  before?: unknown;
  after?: unknown;
  /** The fact rows the write inserted, as stored: their coverage is hashed without reading them back. */
  written?: WrittenFacts;
  /**
   * false: a row about derived data written in the middle of a write (an alert brought up to
   * date), which leaves the facts charted so far to the write's own row after it.
   */
  coversFacts?: boolean;
}

type Row = Omit<Selectable<AuditLogTable>, 'hash'>;

/** The exact bytes that are hashed, so verification can recompute them from a stored row. */
function canonical(row: Row): string {
  const fields: unknown[] = [
    row.seq,
    row.at,
    row.user_id,
    row.username,
    row.action,
    row.entity,
    row.entity_id,
    row.patient_id,
    row.before_json,
    row.after_json,
  ];
  // Keyed rows (migration 012) also bind the key's id and the facts they cover.
  if (row.key_id != null) fields.push(row.key_id, row.facts_json ?? null);
  return JSON.stringify(fields);
}

/** Rows that predate keyed chaining: SHA-256(prev_hash, canonical row). */
function plainHash(prevHash: string, row: Row): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(row)).digest('hex');
}

/** Keyed rows: HMAC-SHA-256 under the key the row names; null when the keyring lacks that key. */
function keyedHash(keyring: AuditKeyring, prevHash: string, row: Row & { key_id: string }): string | null {
  return keyring.mac(row.key_id, `${prevHash}\n${canonical(row)}`);
}

/**
 * Appends one row to the audit trail. Call it inside the transaction of the write it records,
 * so the two commit or fail together. Sequence numbers are consecutive and each row's HMAC
 * (under the current audit key, kept outside the database: audit-key.ts) covers the previous
 * row's, and the facts charted since the previous row (fact-coverage.ts), so a removed,
 * reordered or altered row, or an altered fact, breaks the chain even for someone who can
 * write the database file.
 */
export async function appendAudit(trx: Kysely<Database>, event: AuditEvent, at: Date): Promise<void> {
  const keyring = auditKeyringOf(trx);
  // PostgreSQL: the chain is appended to one writer at a time (db/write-locks.ts).
  await lockAuditChain(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash', 'key_id'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const firstKeyedRow = !last || last.key_id === null;
  const facts =
    event.coversFacts === false && !firstKeyedRow
      ? []
      : ((await coverOwnFacts(trx, firstKeyedRow)) ??
        (await coverNewFacts(trx, firstKeyedRow, event.written)));
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    user_id: event.actor?.id ?? null,
    username: event.actor?.username ?? null,
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId == null ? null : String(event.entityId),
    patient_id: event.patientId ?? null,
    before_json: event.before === undefined ? null : JSON.stringify(event.before),
    after_json: event.after === undefined ? null : JSON.stringify(event.after),
    prev_hash: last?.hash ?? GENESIS_HASH,
    key_id: keyring.current.id,
    facts_json: facts.length ? JSON.stringify(facts) : null,
  };
  const hash = keyedHash(keyring, row.prev_hash, row);
  if (hash === null) throw new Error('the current audit key is missing from its own keyring');
  await trx
    .insertInto('audit_log')
    .values({ ...row, hash })
    .execute();
}

/**
 * The first keyed row of a trail that predates keyed chaining, written when the store is opened
 * (so no keyed row is ever missing from an upgraded database): it records, under its HMAC, how
 * far each fact table's earlier, uncovered facts go. `highest` is each table's highest id now.
 */
export function keyedChainingStart(
  keyring: AuditKeyring,
  last: { seq: number; hash: string },
  highest: { table: CoveredTable; top: number }[],
  at: Date,
): Selectable<AuditLogTable> {
  const facts: FactRange[] = highest
    .filter((h) => h.top > 0)
    .map((h) => [h.table, 0, h.top, LEGACY_COUNT, '']);
  const row = {
    seq: last.seq + 1,
    at: at.toISOString(),
    user_id: null,
    username: null,
    action: 'start_keyed_chaining',
    entity: 'audit_log',
    entity_id: null,
    patient_id: null,
    before_json: null,
    after_json: JSON.stringify({ legacyRows: last.seq, keyId: keyring.current.id }),
    prev_hash: last.hash,
    key_id: keyring.current.id,
    facts_json: facts.length ? JSON.stringify(facts) : null,
  };
  const hash = keyedHash(keyring, row.prev_hash, row);
  if (hash === null) throw new Error('the current audit key is missing from its own keyring');
  return { ...row, hash };
}

/** The newest row's key id (null: no keyed row yet), to check a keyring against at start. */
export async function newestAuditKeyId(db: Kysely<Database>): Promise<string | null> {
  const last = await db
    .selectFrom('audit_log')
    .select('key_id')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.key_id ?? null;
}

export interface ChainVerification {
  ok: boolean;
  rows: number;
  firstBrokenSeq: number | null;
}

export type AuditVerification = ChainVerification &
  Required<Omit<AuditVerifyResponse, keyof ChainVerification>>;

/**
 * Verifies the whole trail: walks the chain in order, in pages, recomputing every row's hash
 * (plain SHA-256 for rows that predate keyed chaining, HMAC under the named key after), then
 * re-reads every covered fact table against the ranges the keyed rows recorded, and, given a
 * checkpoint kept elsewhere, checks that the trail still reaches it with the same hash.
 */
export async function verifyAuditTrail(
  db: Kysely<Database>,
  options: { checkpoint?: AuditCheckpoint } = {},
): Promise<AuditVerification> {
  const keyring = auditKeyringOf(db);
  const { checkpoint } = options;
  const problems: AuditProblem[] = [];
  const notes: string[] = [];
  const ranges: CoverageRange[] = [];
  const keyIds = new Set<string>();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let legacyRows = 0;
  let keyedFromSeq: number | null = null;
  let broken: number | null = null;
  /** A backup checked before it is migrated: its rows have no key columns at all. */
  let unmigrated = false;
  let checkpointOk = checkpoint ? checkpointIsAuthentic(keyring, checkpoint) : false;
  if (checkpoint && !checkpointOk) {
    problems.push({
      seq: checkpoint.seq,
      message: `the checkpoint taken at ${checkpoint.takenAt} does not verify under audit key ${checkpoint.keyId}: it was altered, or made with a key this keyring lacks`,
    });
  }
  walk: for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (page.length === 0) break;
    for (const { hash, ...stored } of page) {
      // A database not yet migrated (a backup being checked before restore) has no key columns.
      if (stored.key_id === undefined) unmigrated = true;
      const row = { ...stored, key_id: stored.key_id ?? null, facts_json: stored.facts_json ?? null };
      const problem = rowProblem(row, hash);
      if (problem) {
        broken = expectedSeq;
        problems.push({ seq: expectedSeq, message: problem });
        break walk;
      }
      if (row.key_id === null) legacyRows++;
      else {
        keyedFromSeq ??= row.seq;
        keyIds.add(row.key_id);
        for (const range of parseFactRanges(row.facts_json)) ranges.push({ seq: row.seq, range });
      }
      if (checkpoint && row.seq === checkpoint.seq && !sameHex(hash, checkpoint.hash)) {
        checkpointOk = false;
        problems.push({
          seq: row.seq,
          message: `audit row ${row.seq} is not the row the checkpoint taken at ${checkpoint.takenAt} recorded`,
        });
      }
      prevHash = hash;
      expectedSeq++;
      rows++;
    }
  }
  const lastSeq = expectedSeq - 1;

  function rowProblem(row: Row, hash: string): string | null {
    if (row.seq !== expectedSeq) return `audit row ${expectedSeq} is missing (the next row is ${row.seq})`;
    if (row.prev_hash !== prevHash) return `audit row ${row.seq} does not follow on from row ${row.seq - 1}`;
    if (row.key_id === null) {
      if (keyedFromSeq !== null) {
        return `audit row ${row.seq} is not keyed, but keyed chaining began at row ${keyedFromSeq}`;
      }
      return plainHash(prevHash, row) === hash ? null : `audit row ${row.seq} was altered`;
    }
    const expected = keyedHash(keyring, prevHash, { ...row, key_id: row.key_id });
    if (expected === null)
      return `audit row ${row.seq} names audit key ${row.key_id}, which is not in the keyring`;
    return sameHex(expected, hash) ? null : `audit row ${row.seq} was altered (its HMAC does not verify)`;
  }

  let legacyFacts: Record<string, number> = {};
  if (unmigrated) {
    notes.push('the database predates keyed chaining (not migrated yet): the charted facts are not covered');
  } else if (broken === null) {
    const legacySeq = legacyRows > 0 ? keyedFromSeq : null;
    const coverage = await verifyFactCoverage(db, ranges, legacySeq);
    problems.push(...coverage.problems);
    legacyFacts = coverage.legacyFacts;
  } else {
    notes.push(`the charted facts were not checked: the chain is broken at row ${broken}`);
  }
  if (checkpoint && broken === null && lastSeq < checkpoint.seq) {
    checkpointOk = false;
    problems.push({
      seq: lastSeq + 1,
      message: `the trail ends at row ${lastSeq}, but the checkpoint taken at ${checkpoint.takenAt} records row ${checkpoint.seq}: rows ${lastSeq + 1}..${checkpoint.seq} are missing`,
    });
  }
  if (legacyRows > 0) {
    notes.push(
      `rows 1..${legacyRows} predate keyed chaining: plain SHA-256 only${keyedFromSeq === null ? '' : `; the keyed rows from ${keyedFromSeq} on cover them`}`,
    );
  }
  for (const [table, through] of Object.entries(legacyFacts)) {
    notes.push(`${table} rows 1..${through} were charted before keyed chaining and are not covered`);
  }
  if (!checkpoint) {
    notes.push(
      'without a checkpoint kept elsewhere, rows removed from the end of the trail cannot be detected',
    );
  }
  const firstBrokenSeq =
    broken ??
    problems.reduce<number | null>(
      (min, p) => (p.seq !== null && (min === null || p.seq < min) ? p.seq : min),
      null,
    );
  return {
    ok: problems.length === 0,
    rows,
    firstBrokenSeq: problems.length === 0 ? null : firstBrokenSeq,
    lastSeq,
    legacyRows,
    keyedFromSeq,
    keyIds: [...keyIds],
    legacyFacts,
    checkpoint: checkpoint ? { seq: checkpoint.seq, takenAt: checkpoint.takenAt, ok: checkpointOk } : null,
    problems,
    notes,
  };
}

/** The short answer of `verifyAuditTrail`, for the backup, restore and copy tools. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerification> {
  const { ok, rows, firstBrokenSeq } = await verifyAuditTrail(db);
  return { ok, rows, firstBrokenSeq };
}

export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    patientId: row.patient_id,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
    hash: row.hash,
  };
}

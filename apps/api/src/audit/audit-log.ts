import { createHash } from 'node:crypto';
import type { AuditEntry, SignedInUser } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';

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
}

type Row = Omit<Selectable<AuditLogTable>, 'hash'>;

/** The exact bytes that are hashed, so verification can recompute them from a stored row. */
function canonical(row: Row): string {
  return JSON.stringify([
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
  ]);
}

function chainHash(prevHash: string, row: Row): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(row)).digest('hex');
}

/**
 * Appends one row to the audit trail. Call it inside the transaction of the write it records,
 * so the two commit or fail together. Sequence numbers are consecutive and each row's hash
 * covers the previous one, so a removed, reordered or altered row breaks the chain.
 */
export async function appendAudit(trx: Kysely<Database>, event: AuditEvent, at: Date): Promise<void> {
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row: Row = {
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
  };
  await trx
    .insertInto('audit_log')
    .values({ ...row, hash: chainHash(row.prev_hash, row) })
    .execute();
}

export interface ChainVerification {
  ok: boolean;
  rows: number;
  firstBrokenSeq: number | null;
}

/** Walks the whole chain in order, in pages, recomputing every hash. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (page.length === 0) return { ok: true, rows, firstBrokenSeq: null };
    for (const { hash, ...row } of page) {
      if (row.seq !== expectedSeq || row.prev_hash !== prevHash || chainHash(prevHash, row) !== hash) {
        return { ok: false, rows, firstBrokenSeq: expectedSeq };
      }
      prevHash = hash;
      expectedSeq++;
      rows++;
    }
  }
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

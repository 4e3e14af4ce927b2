import { timingSafeEqual } from 'node:crypto';
import type { AuditCheckpoint } from '@cellwatch/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type AuditKeyring, auditKeyringOf } from './audit-key.ts';

/**
 * A signed checkpoint of the audit trail: its newest sequence number and hash, with an
 * HMAC-SHA-256 under the current audit key. Kept somewhere else than the database (another
 * machine, a ticket, paper), it bounds what someone with the database file can do unseen:
 * rows up to the checkpoint cannot be removed from the end, nor the chain before it rewritten
 * (the checkpoint's hash covers every earlier row, those that predate keyed chaining included).
 */

export const CHECKPOINT_FORMAT = 'cellwatch-audit-checkpoint';

/** The exact bytes the checkpoint's MAC covers. */
function checkpointMessage(c: Omit<AuditCheckpoint, 'mac'>): string {
  return JSON.stringify([c.format, c.version, c.seq, c.hash, c.keyId, c.takenAt]);
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function signCheckpoint(
  keyring: AuditKeyring,
  head: { seq: number; hash: string },
  takenAt: Date,
): AuditCheckpoint {
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    seq: head.seq,
    hash: head.hash,
    keyId: keyring.current.id,
    takenAt: takenAt.toISOString(),
  } as const;
  const mac = keyring.mac(unsigned.keyId, checkpointMessage(unsigned));
  if (mac === null) throw new Error('the current audit key is missing from its own keyring');
  return { ...unsigned, mac };
}

/** Whether the checkpoint's MAC verifies under the keyring (false for an unknown key too). */
export function checkpointIsAuthentic(keyring: AuditKeyring, checkpoint: AuditCheckpoint): boolean {
  const { mac, ...unsigned } = checkpoint;
  const expected = keyring.mac(checkpoint.keyId, checkpointMessage(unsigned));
  return expected !== null && sameHex(expected, mac);
}

/** A checkpoint of the trail as it stands (sequence 0 for an empty trail). */
export async function takeAuditCheckpoint(db: Kysely<Database>, takenAt: Date): Promise<AuditCheckpoint> {
  const head = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return signCheckpoint(auditKeyringOf(db), head ?? { seq: 0, hash: '0'.repeat(64) }, takenAt);
}

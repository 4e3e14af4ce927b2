import { readFileSync, writeFileSync } from 'node:fs';
import { AuditCheckpoint } from '@cellwatch/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type AuditVerification, verifyAuditTrail } from './audit-log.ts';
import { takeAuditCheckpoint } from './checkpoint.ts';

/**
 * Checkpoints as files, for `pnpm audit-checkpoint`: an operator writes one on a schedule and
 * keeps it away from the database (another machine, write-once storage), and later verifies
 * the trail against it.
 */

/** Writes a new checkpoint file (never over an existing one: each checkpoint is kept). */
export async function writeCheckpointFile(
  db: Kysely<Database>,
  file: string,
  now: Date,
): Promise<AuditCheckpoint> {
  const checkpoint = await takeAuditCheckpoint(db, now);
  writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
  return checkpoint;
}

/** Reads a checkpoint file, refusing anything that is not one, with the reason. */
export function readCheckpointFile(file: string): AuditCheckpoint {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not a checkpoint: ${(err as Error).message}`);
  }
  const parsed = AuditCheckpoint.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'checkpoint'}: ${i.message}`)
      .join('; ');
    throw new Error(`${file} is not a checkpoint: ${why}`);
  }
  return parsed.data;
}

export async function verifyAgainstCheckpointFile(
  db: Kysely<Database>,
  file: string,
): Promise<AuditVerification> {
  return verifyAuditTrail(db, { checkpoint: readCheckpointFile(file) });
}

/** The verification in lines for a terminal: the verdict, then each problem and note. */
export function describeVerification(result: AuditVerification): string[] {
  return [
    result.ok
      ? `audit trail: ok (${result.rows} rows${result.checkpoint ? `, reaches the checkpoint of ${result.checkpoint.takenAt} at row ${result.checkpoint.seq}` : ''})`
      : `audit trail: NOT OK (${result.problems.length} problem(s))`,
    ...result.problems.map((p) => `  problem: ${p.message}`),
    ...result.notes.map((n) => `  note: ${n}`),
  ];
}

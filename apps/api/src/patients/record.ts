import type { Context } from 'hono';
import type { Kysely, Selectable } from 'kysely';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { currentUser } from '../auth/current-user.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { lockPatients } from '../db/write-locks.ts';
import type { CareEvent } from '../events/bus.ts';
import type { AppEnv } from '../http/env.ts';
import { findPatientRow } from './patients.ts';

export interface RecordWrite<T> {
  result: T;
  audit: Omit<AuditEvent, 'actor' | 'patientId'>[];
  events: CareEvent[];
}

/**
 * Reads part of a patient's record. The read and its audit row share one transaction, so
 * nothing is shown that was not audited.
 */
export async function readPatientRecord<T>(
  c: Context<AppEnv>,
  patientId: number,
  entity: string,
  read: (trx: Kysely<Database>, patient: Selectable<PatientsTable>) => Promise<T>,
): Promise<T> {
  const { db, now } = c.var.services;
  const actor = currentUser(c);
  return db.transaction().execute(async (trx) => {
    await lockPatients(trx, [patientId]);
    const patient = await findPatientRow(trx, patientId);
    const result = await read(trx, patient);
    await appendAudit(trx, { actor, action: 'read', entity, patientId }, new Date(now()));
    return result;
  });
}

/**
 * Writes to a patient's record: the facts, what they change (grades, alerts) and the audit
 * rows commit together or not at all; events go out only after the commit.
 */
export async function writePatientRecord<T>(
  c: Context<AppEnv>,
  patientId: number,
  write: (trx: Kysely<Database>, patient: Selectable<PatientsTable>, at: Date) => Promise<RecordWrite<T>>,
): Promise<T> {
  const { db, now, events, regrader } = c.var.services;
  const actor = currentUser(c);
  try {
    const { result, events: toPublish } = await db.transaction().execute(async (trx) => {
      // First: this patient's writes one at a time, other patients' in parallel (PostgreSQL).
      await lockPatients(trx, [patientId]);
      const at = new Date(now());
      const patient = await findPatientRow(trx, patientId);
      const outcome = await write(trx, patient, at);
      for (const entry of outcome.audit) await appendAudit(trx, { ...entry, actor, patientId }, at);
      return outcome;
    });
    events.publish(toPublish);
    return result;
  } catch (err) {
    // The engine may have taken in facts that were rolled back: rebuild it from the store next time.
    regrader.forget(patientId);
    throw err;
  }
}

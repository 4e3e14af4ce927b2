import type { EnteredInErrorRequest, FactRangeQuery, IdParam, SignedInUser } from '@cellwatch/contracts';
import type { Context } from 'hono';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { WrittenFacts } from '../audit/fact-coverage.ts';
import { currentUser } from '../auth/current-user.ts';
import type { Database, FactTable, PatientsTable, VitalSetsTable } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { clinicallyImpossible, conflict, type FieldError, notFound } from '../http/errors.ts';
import type { CheckedContext } from '../http/routes.ts';
import { readPatientRecord, writePatientRecord } from '../patients/record.ts';
import type { FactRef } from './fact-ref.ts';

export const FactParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  factId: z.coerce.number().int().positive(),
});

interface MetaRow {
  id: number;
  patient_id: number;
  recorded_by: number;
  recorded_at: string;
}

export interface UserNames {
  get(id: number): string;
}

/** Display names of the users who recorded or corrected a page of facts. */
export async function userNames(db: Kysely<Database>, ids: Iterable<number>): Promise<UserNames> {
  const list = [...new Set(ids)];
  const rows = list.length
    ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', list).execute()
    : [];
  const map = new Map(rows.map((r) => [r.id, r.display_name]));
  return { get: (id) => map.get(id) ?? `user ${id}` };
}

export interface CorrectionRow {
  fact_id: number;
  reason: string;
  recorded_by: number;
  recorded_at: string;
}

/** The entered-in-error marks of a patient's facts in one table, by fact id. */
export async function correctionsOf(
  db: Kysely<Database>,
  table: FactTable,
  patientId: number,
): Promise<Map<number, CorrectionRow>> {
  const rows = await db
    .selectFrom('corrections')
    .select(['fact_id', 'reason', 'recorded_by', 'recorded_at'])
    .where('fact_table', '=', table)
    .where('patient_id', '=', patientId)
    .execute();
  return new Map(rows.map((r) => [r.fact_id, r]));
}

/** The common part of every fact read back: who recorded it, and its entered-in-error mark. */
export function factMeta(row: MetaRow, corrections: Map<number, CorrectionRow>, names: UserNames) {
  const correction = corrections.get(row.id);
  return {
    id: row.id,
    patientId: row.patient_id,
    recordedBy: { id: row.recorded_by, displayName: names.get(row.recorded_by) },
    recordedAt: row.recorded_at,
    enteredInError: correction
      ? {
          reason: correction.reason,
          by: { id: correction.recorded_by, displayName: names.get(correction.recorded_by) },
          at: correction.recorded_at,
        }
      : null,
  };
}

/** Everyone who recorded a fact or a correction on this page, for `userNames`. */
export const recorderIds = (rows: MetaRow[], corrections: Map<number, CorrectionRow>) => [
  ...rows.map((r) => r.recorded_by),
  ...[...corrections.values()].map((c) => c.recorded_by),
];

/**
 * Instants must be real charting times: not in the future (five minutes' clock skew allowed)
 * and not before the patient was born.
 */
export function impossibleTime(
  path: string,
  atMs: number,
  birthDate: string,
  now: number,
): FieldError | null {
  if (atMs > now + 5 * 60_000) return { path, message: 'is in the future' };
  if (atMs < Date.parse(`${birthDate}T00:00:00Z`)) return { path, message: 'is before the patient was born' };
  return null;
}

export function refuseImpossible(errors: (FieldError | null)[]): void {
  const real = errors.filter((e): e is FieldError => e !== null);
  if (real.length) throw clinicallyImpossible(real);
}

/**
 * POST …/:factId/entered-in-error for one fact table: the fact stays, a correction row marks
 * it (once), the patient is regraded, and it is audited.
 */
export function enteredInErrorHandler(table: FactTable, entity: string) {
  return async (
    c: CheckedContext<{ param: z.output<typeof FactParams>; json: z.output<typeof EnteredInErrorRequest> }>,
  ) => {
    const { id, factId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const user = currentUser(c);
    const correction = await writePatientRecord(c, id, async (trx, _patient, at) => {
      const fact = await trx
        .selectFrom(table)
        .select(['id', 'patient_id'])
        .where('id', '=', factId)
        .executeTakeFirst();
      if (!fact || fact.patient_id !== id) throw notFound(`${entity} ${factId} of patient ${id}`);
      const existing = await trx
        .selectFrom('corrections')
        .select('id')
        .where('fact_table', '=', table)
        .where('fact_id', '=', factId)
        .executeTakeFirst();
      if (existing) throw conflict(`${entity} ${factId} is already marked entered-in-error.`);
      const row = await trx
        .insertInto('corrections')
        .values({
          fact_table: table,
          fact_id: factId,
          patient_id: id,
          reason,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const events = await c.var.services.regrader.afterChange(
        trx,
        id,
        { kind: 'entered_in_error', refs: [{ table, id: factId }] },
        at,
      );
      return {
        result: { id: row.id, factTable: table, factId, reason, recordedAt: row.recorded_at },
        audit: [{ action: 'mark_entered_in_error', entity, entityId: factId, after: { reason } }],
        events: [{ type: 'fact_corrected', patientId: id, data: { table, factId } }, ...events],
      };
    });
    return c.json({ correction }, 200);
  };
}

/**
 * GET handler for a fact table: a patient's facts newest first, within an optional time range,
 * each with who recorded it and its entered-in-error mark, read and audited together.
 */
export function listFactsHandler<Row extends MetaRow, Dto, Key extends string = string>(spec: {
  table: FactTable;
  /** The epoch-ms column the range filters and the order use. */
  timeColumn: string;
  /** The response key, e.g. `vitals`: the answer is `{ [key]: Dto[] }`, as its contract says. */
  key: Key;
  toDto: (row: Row, corrections: Map<number, CorrectionRow>, names: UserNames) => Dto;
}) {
  return async (
    c: CheckedContext<{ param: z.output<typeof IdParam>; query: z.output<typeof FactRangeQuery> }>,
  ) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const items = await readPatientRecord(c, id, spec.table, async (trx) => {
      // One generic query over tables of the same shape; the column names come from code, not input.
      const t = spec.table as 'vital_sets';
      const time = spec.timeColumn as 'taken_at_ms';
      let sel = trx
        .selectFrom(t)
        .selectAll()
        .where('patient_id', '=', id)
        .orderBy(time, 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit);
      if (q.from) sel = sel.where(time, '>=', Date.parse(q.from));
      if (q.to) sel = sel.where(time, '<=', Date.parse(q.to));
      const rows = (await sel.execute()) as unknown as Row[];
      const corrections = await correctionsOf(trx, spec.table, id);
      const names = await userNames(trx, recorderIds(rows, corrections));
      return rows.map((r) => spec.toDto(r, corrections, names));
    });
    return c.json({ [spec.key]: items } as { [K in Key]: Dto[] }, 200);
  };
}

export interface ChartedFacts<T> {
  result: T;
  /** The rows written, for the engine. */
  refs: FactRef[];
  /** The vital sets among them as stored, so the engine and the alert rules need not read them back. */
  writtenVitals?: ReadonlyMap<number, Selectable<VitalSetsTable>>;
  /** The rows inserted, by table, as stored (every column): the audit row covers them without a read back. */
  written?: WrittenFacts;
  /** One audit row for the whole request: `entityId` and `after` describe what was charted. */
  entityId: number | string;
  after: unknown;
}

/**
 * Charts new facts for a patient: the caller inserts them; this regrades the patient, audits
 * the write and announces it, all in the write's transaction (events after commit).
 */
export function chartFacts<T>(
  c: Context<AppEnv>,
  patientId: number,
  entity: string,
  insert: (
    trx: Kysely<Database>,
    patient: Selectable<PatientsTable>,
    at: Date,
    user: SignedInUser,
  ) => Promise<ChartedFacts<T>>,
): Promise<T> {
  const user = currentUser(c);
  return writePatientRecord(c, patientId, async (trx, patient, at) => {
    const charted = await insert(trx, patient, at, user);
    // Inserting facts leaves the patient row as it was read: the regrader takes it from here.
    const events = await c.var.services.regrader.afterChange(
      trx,
      patientId,
      { kind: 'added', refs: charted.refs, writtenVitals: charted.writtenVitals },
      at,
      patient,
    );
    return {
      result: charted.result,
      audit: [
        {
          action: 'create',
          entity,
          entityId: charted.entityId,
          after: charted.after,
          written: charted.written,
        },
      ],
      events: [{ type: 'fact_charted', patientId, data: { kind: entity, id: charted.entityId } }, ...events],
    };
  });
}

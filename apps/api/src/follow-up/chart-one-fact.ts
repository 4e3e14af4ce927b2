import type { Context } from 'hono';
import type { Insertable, Kysely, Selectable } from 'kysely';
import { chartFacts, refuseImpossible } from '../charting/facts.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import type { ProphylaxisTables } from '../db/schema-prophylaxis.ts';
import type { AppEnv } from '../http/env.ts';
import type { FieldError } from '../http/errors.ts';

/** The tables charted one row per write: prophylaxis, vaccines and disease scores. */
type OneFactTables = ProphylaxisTables & Pick<Database, 'disease_scores'>;
type Table = keyof OneFactTables;
type Values<T extends Table> = Omit<
  Insertable<OneFactTables[T]>,
  'patient_id' | 'recorded_by' | 'recorded_at'
>;

/**
 * Charts one fact row of the prophylaxis, vaccine and disease-score tables: `build` checks it against the patient
 * (clinically impossible → 422, nothing written) and gives its columns; the row gets the patient,
 * the recording user and time, and chartFacts regrades, audits and announces it.
 */
export function chartOneFact<T extends Table>(
  c: Context<AppEnv>,
  patientId: number,
  entity: string,
  table: T,
  build: (
    trx: Kysely<Database>,
    patient: Selectable<PatientsTable>,
    at: Date,
  ) => Promise<{ impossible: (FieldError | null)[]; values: Values<T> }>,
): Promise<Selectable<OneFactTables[T]>> {
  return chartFacts(c, patientId, entity, async (trx, patient, at, user) => {
    const { impossible, values } = await build(trx, patient, at);
    refuseImpossible(impossible);
    // One generic insert over tables of the same shape; the table name comes from code.
    const row = (await trx
      .insertInto(table as 'vaccine_doses')
      .values({
        ...(values as Values<'vaccine_doses'>),
        patient_id: patientId,
        recorded_by: user.id,
        recorded_at: at.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()) as unknown as Selectable<OneFactTables[T]> & { id: number };
    return { result: row, refs: [{ table, id: row.id }], entityId: row.id, after: row };
  });
}

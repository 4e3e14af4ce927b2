import type { VasopressorInfusion } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { Database, VasopressorInfusionsTable } from '../db/schema.ts';
import { conflict, notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { readPatientRecord } from '../patients/record.ts';
import {
  type CorrectionRow,
  chartFacts,
  correctionsOf,
  enteredInErrorHandler,
  factMeta,
  impossibleTime,
  recorderIds,
  refuseImpossible,
  type UserNames,
  userNames,
} from './facts.ts';
import {
  changeVasopressorDose,
  listVasopressorInfusions,
  startVasopressor,
  stopVasopressor,
  vasopressorInfusionEnteredInError,
  vasopressorStopEnteredInError,
} from './vasopressors.routes.ts';

interface StopRow {
  id: number;
  infusion_id: number;
  stopped_at: string;
}

function toInfusion(
  row: Selectable<VasopressorInfusionsTable>,
  stop: StopRow | undefined,
  corrections: Map<number, CorrectionRow>,
  names: UserNames,
): z.infer<typeof VasopressorInfusion> {
  return {
    ...factMeta(row, corrections, names),
    drug: row.drug as z.infer<typeof VasopressorInfusion>['drug'],
    startedAt: row.started_at,
    stoppedAt: stop?.stopped_at ?? null,
    stopId: stop?.id ?? null,
    doseNote: row.dose_note,
  };
}

/** The valid (not entered-in-error) stop of each infusion of a patient. */
async function validStops(trx: Kysely<Database>, patientId: number): Promise<Map<number, StopRow>> {
  const stops = await trx
    .selectFrom('vasopressor_stops')
    .select(['id', 'infusion_id', 'stopped_at'])
    .where('patient_id', '=', patientId)
    .execute();
  const corrected = await correctionsOf(trx, 'vasopressor_stops', patientId);
  return new Map(stops.filter((s) => !corrected.has(s.id)).map((s) => [s.infusion_id, s]));
}

/** Vasopressor infusions: a start, and later a stop, each its own charted fact. */
export const vasopressorRoutes = resourceRouter()
  .openapi(listVasopressorInfusions, async (c) => {
    const { id } = c.req.valid('param');
    const infusions = await readPatientRecord(c, id, 'vasopressor_infusions', async (trx) => {
      const rows = await trx
        .selectFrom('vasopressor_infusions')
        .selectAll()
        .where('patient_id', '=', id)
        .orderBy('started_at_ms', 'desc')
        .execute();
      const stops = await validStops(trx, id);
      const corrections = await correctionsOf(trx, 'vasopressor_infusions', id);
      const names = await userNames(trx, recorderIds(rows, corrections));
      return rows.map((r) => toInfusion(r, stops.get(r.id), corrections, names));
    });
    return c.json({ infusions }, 200);
  })
  .openapi(startVasopressor, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const startMs = Date.parse(body.startedAt);
    const infusion = await chartFacts(c, id, 'vasopressor_infusion', async (trx, patient, at, user) => {
      refuseImpossible([impossibleTime('startedAt', startMs, patient.birth_date, at.getTime())]);
      const row = await trx
        .insertInto('vasopressor_infusions')
        .values({
          patient_id: id,
          drug: body.drug,
          started_at: new Date(startMs).toISOString(),
          started_at_ms: startMs,
          dose_note: body.doseNote ?? null,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const infusion = toInfusion(row, undefined, new Map(), { get: () => user.displayName });
      return {
        result: infusion,
        refs: [{ table: 'vasopressor_infusions', id: row.id }],
        entityId: row.id,
        after: infusion,
      };
    });
    return c.json({ infusion }, 201);
  })
  .openapi(stopVasopressor, async (c) => {
    const { id, factId } = c.req.valid('param');
    const body = c.req.valid('json');
    const stopMs = Date.parse(body.stoppedAt);
    const stop = await chartFacts(c, id, 'vasopressor_stop', async (trx, patient, at, user) => {
      const infusion = await trx
        .selectFrom('vasopressor_infusions')
        .selectAll()
        .where('id', '=', factId)
        .where('patient_id', '=', id)
        .executeTakeFirst();
      if (!infusion) throw notFound(`Vasopressor infusion ${factId} of patient ${id}`);
      if ((await correctionsOf(trx, 'vasopressor_infusions', id)).has(factId)) {
        throw conflict('That infusion is marked entered-in-error.');
      }
      if ((await validStops(trx, id)).has(factId)) throw conflict('That infusion is already stopped.');
      refuseImpossible([
        impossibleTime('stoppedAt', stopMs, patient.birth_date, at.getTime()),
        stopMs < infusion.started_at_ms
          ? { path: 'stoppedAt', message: 'is before the infusion started' }
          : null,
      ]);
      const row = await trx
        .insertInto('vasopressor_stops')
        .values({
          infusion_id: factId,
          patient_id: id,
          stopped_at: new Date(stopMs).toISOString(),
          stopped_at_ms: stopMs,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const stop = { id: row.id, infusionId: factId, stoppedAt: row.stopped_at };
      return {
        result: stop,
        refs: [{ table: 'vasopressor_stops', id: row.id }],
        entityId: row.id,
        after: stop,
      };
    });
    return c.json({ stop }, 201);
  })
  .openapi(changeVasopressorDose, async (c) => {
    const { id, factId } = c.req.valid('param');
    const body = c.req.valid('json');
    const changeMs = Date.parse(body.changedAt);
    const change = await chartFacts(c, id, 'vasopressor_dose_change', async (trx, patient, at, user) => {
      const running = await trx
        .selectFrom('vasopressor_infusions')
        .selectAll()
        .where('id', '=', factId)
        .where('patient_id', '=', id)
        .executeTakeFirst();
      if (!running) throw notFound(`Vasopressor infusion ${factId} of patient ${id}`);
      if ((await correctionsOf(trx, 'vasopressor_infusions', id)).has(factId)) {
        throw conflict('That infusion is marked entered-in-error.');
      }
      if ((await validStops(trx, id)).has(factId)) throw conflict('That infusion is already stopped.');
      refuseImpossible([
        impossibleTime('changedAt', changeMs, patient.birth_date, at.getTime()),
        changeMs < running.started_at_ms
          ? { path: 'changedAt', message: 'is before the infusion started' }
          : null,
      ]);
      // The old rate stops and the new one starts at the same instant: the engine counts an
      // infusion as running for start ≤ t < stop, so the drug is never off in between, and the
      // same drug twice is one vasopressor (crs.ts), so the grade does not move.
      const changedAt = new Date(changeMs).toISOString();
      const stopRow = await trx
        .insertInto('vasopressor_stops')
        .values({
          infusion_id: factId,
          patient_id: id,
          stopped_at: changedAt,
          stopped_at_ms: changeMs,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('vasopressor_infusions')
        .values({
          patient_id: id,
          drug: running.drug,
          started_at: changedAt,
          started_at_ms: changeMs,
          dose_note: body.doseNote,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const result = {
        stop: { id: stopRow.id, infusionId: factId, stoppedAt: stopRow.stopped_at },
        infusion: toInfusion(row, undefined, new Map(), { get: () => user.displayName }),
        previousDoseNote: running.dose_note,
      };
      return {
        result,
        refs: [
          { table: 'vasopressor_stops', id: stopRow.id },
          { table: 'vasopressor_infusions', id: row.id },
        ],
        entityId: row.id,
        after: result,
      };
    });
    return c.json(change, 201);
  })
  .openapi(
    vasopressorInfusionEnteredInError,
    enteredInErrorHandler('vasopressor_infusions', 'vasopressor_infusion'),
  )
  .openapi(vasopressorStopEnteredInError, enteredInErrorHandler('vasopressor_stops', 'vasopressor_stop'));

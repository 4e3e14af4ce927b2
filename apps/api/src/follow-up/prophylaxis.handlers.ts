import { enteredInErrorHandler, factMeta, impossibleTime, listFactsHandler } from '../charting/facts.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { ProphylaxisRecordsTable } from '../db/schema-prophylaxis.ts';
import { conflict, notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { PLANNING_HORIZON_MS } from '../patients/patients.ts';
import { chartOneFact } from './chart-one-fact.ts';
import {
  chartProphylaxisRecord,
  hbvScreeningEnteredInError,
  listProphylaxisRecords,
  prophylaxisPicture,
  prophylaxisRecordEnteredInError,
  prophylaxisStopEnteredInError,
  recordHbvScreening,
  stopProphylaxis,
} from './prophylaxis.routes.ts';
import { pictureHandler } from './prophylaxis-picture.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Infection prophylaxis (packages/clinical prophylaxis.ts): the evaluation with its reasons and
 * rule version, the charted records, their stops and the HBV screening, each correctable by an
 * entered-in-error mark.
 */
export const prophylaxisRoutes = resourceRouter()
  .openapi(
    prophylaxisPicture,
    pictureHandler('prophylaxis', ({ vaccines: _, vaccineDoses: __, ...prophylaxis }) => prophylaxis),
  )
  .openapi(
    listProphylaxisRecords,
    listFactsHandler<ProphylaxisRecordsTable & { id: number }, unknown>({
      table: 'prophylaxis_records',
      timeColumn: 'started_at_ms',
      key: 'records',
      toDto: (row, corrections, names) => ({
        ...factMeta(row, corrections, names),
        kind: row.kind,
        drug: row.drug,
        startedAt: row.started_at,
        plannedStopAt: row.planned_stop_at,
        note: row.note,
      }),
    }),
  )
  .openapi(chartProphylaxisRecord, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const startMs = Date.parse(body.startedAt);
    const stopMs = body.plannedStopAt === undefined ? null : Date.parse(body.plannedStopAt);
    const record = await chartOneFact(
      c,
      id,
      'prophylaxis_record',
      'prophylaxis_records',
      async (_, patient, at) => ({
        impossible: [
          impossibleTime('startedAt', startMs, patient.birth_date, at.getTime()),
          stopMs !== null && stopMs > at.getTime() + 2 * PLANNING_HORIZON_MS
            ? { path: 'plannedStopAt', message: 'is more than two years ahead' }
            : null,
        ],
        values: {
          kind: body.kind,
          drug: body.drug,
          started_at: iso(startMs),
          started_at_ms: startMs,
          planned_stop_at: stopMs === null ? null : iso(stopMs),
          planned_stop_at_ms: stopMs,
          note: body.note ?? null,
        },
      }),
    );
    return c.json({ record }, 201);
  })
  .openapi(stopProphylaxis, async (c) => {
    const { id, recordId } = c.req.valid('param');
    const body = c.req.valid('json');
    const stopMs = Date.parse(body.stoppedAt);
    const stop = await chartOneFact(
      c,
      id,
      'prophylaxis_stop',
      'prophylaxis_stops',
      async (trx, patient, at) => {
        const record = await trx
          .selectFrom('prophylaxis_records')
          .selectAll()
          .where('id', '=', recordId)
          .where('patient_id', '=', id)
          .where(notEnteredInError('prophylaxis_records'))
          .executeTakeFirst();
        if (!record) throw notFound(`prophylaxis record ${recordId} of patient ${id}`);
        const existing = await trx
          .selectFrom('prophylaxis_stops')
          .select('stopped_at')
          .where('record_id', '=', recordId)
          .where(notEnteredInError('prophylaxis_stops'))
          .executeTakeFirst();
        if (existing)
          throw conflict(`This prophylaxis is already recorded as stopped (${existing.stopped_at}).`);
        return {
          impossible: [
            impossibleTime('stoppedAt', stopMs, patient.birth_date, at.getTime()),
            stopMs < record.started_at_ms
              ? { path: 'stoppedAt', message: 'is before the prophylaxis started' }
              : null,
          ],
          values: {
            record_id: recordId,
            stopped_at: iso(stopMs),
            stopped_at_ms: stopMs,
            reason: body.reason ?? null,
          },
        };
      },
    );
    return c.json({ stop }, 201);
  })
  .openapi(
    prophylaxisRecordEnteredInError,
    enteredInErrorHandler('prophylaxis_records', 'prophylaxis record'),
  )
  .openapi(prophylaxisStopEnteredInError, enteredInErrorHandler('prophylaxis_stops', 'prophylaxis stop'))
  .openapi(recordHbvScreening, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.screenedAt);
    const screening = await chartOneFact(
      c,
      id,
      'hbv_screening',
      'hbv_screenings',
      async (_, patient, at) => ({
        impossible: [impossibleTime('screenedAt', atMs, patient.birth_date, at.getTime())],
        values: { screened_at: iso(atMs), screened_at_ms: atMs, core_antibody: body.coreAntibody },
      }),
    );
    return c.json({ screening }, 201);
  })
  .openapi(hbvScreeningEnteredInError, enteredInErrorHandler('hbv_screenings', 'HBV screening'));

import { TRANSGENE_TESTING_TASK } from '@cellwatch/clinical';
import { chartFacts, enteredInErrorHandler, refuseImpossible } from '../charting/facts.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { FieldError } from '../http/errors.ts';
import { conflict, notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { readPatientRecord } from '../patients/record.ts';
import {
  chartMalignancy,
  listMalignancies,
  malignancyEnteredInError,
  transgeneTestingDone,
  transgeneTestingDoneEnteredInError,
} from './malignancy.routes.ts';
import { readMalignancies } from './malignancy-record.ts';

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** A calendar date must be a real one for this patient: not after today (UTC), not before birth. */
function impossibleDate(path: string, date: string, birthDate: string, now: Date): FieldError | null {
  if (date > now.toISOString().slice(0, 10)) return { path, message: 'is in the future' };
  if (date < birthDate) return { path, message: 'is before the patient was born' };
  return null;
}

/**
 * Second malignancies in lifelong follow-up: charting one creates its transgene-testing task in
 * the same transaction (FDA class labelling, January 2024; clinical second-malignancy.ts), and the
 * coordinators are alerted until the task is marked done (follow-up alerts, after the write).
 */
export const malignancyRoutes = resourceRouter()
  .openapi(listMalignancies, async (c) => {
    const { id } = c.req.valid('param');
    const malignancies = await readPatientRecord(c, id, 'malignancy_events', (trx) =>
      readMalignancies(trx, id),
    );
    return c.json({ malignancies }, 200);
  })
  .openapi(chartMalignancy, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const malignancy = await chartFacts(c, id, 'malignancy', async (trx, patient, at, user) => {
      refuseImpossible([impossibleDate('diagnosedOn', body.diagnosedOn, patient.birth_date, at)]);
      const recorded = { patient_id: id, recorded_by: user.id, recorded_at: at.toISOString() };
      const event = await trx
        .insertInto('malignancy_events')
        .values({
          ...recorded,
          diagnosed_on: body.diagnosedOn,
          diagnosed_on_ms: dayMs(body.diagnosedOn),
          malignancy_type: body.type,
          site: body.site,
          tumour_sample_available: body.tumourSampleAvailable ? 1 : 0,
          notes: body.notes ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const task = await trx
        .insertInto('transgene_testing_tasks')
        .values({ ...recorded, malignancy_id: event.id })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = { malignancy: event, task: { ...task, title: TRANSGENE_TESTING_TASK.title } };
      const malignancy = (await readMalignancies(trx, id)).find((m) => m.id === event.id);
      return {
        result: malignancy,
        refs: [
          { table: 'malignancy_events', id: event.id },
          { table: 'transgene_testing_tasks', id: task.id },
        ],
        entityId: event.id,
        after,
      };
    });
    return c.json({ malignancy }, 201);
  })
  .openapi(malignancyEnteredInError, enteredInErrorHandler('malignancy_events', 'malignancy'))
  .openapi(transgeneTestingDone, async (c) => {
    const { id, taskId } = c.req.valid('param');
    const body = c.req.valid('json');
    const done = await chartFacts(c, id, 'transgene_testing_done', async (trx, patient, at, user) => {
      const task = await trx
        .selectFrom('transgene_testing_tasks')
        .selectAll()
        .where('id', '=', taskId)
        .where('patient_id', '=', id)
        .executeTakeFirst();
      if (!task) throw notFound(`transgene-testing task ${taskId} of patient ${id}`);
      const malignancy = await trx
        .selectFrom('malignancy_events')
        .select(['id', 'diagnosed_on'])
        .where('id', '=', task.malignancy_id)
        .where(notEnteredInError('malignancy_events'))
        .executeTakeFirst();
      if (!malignancy) throw conflict('The malignancy of this task is marked entered-in-error.');
      const existing = await trx
        .selectFrom('transgene_testing_done')
        .select('done_on')
        .where('task_id', '=', taskId)
        .where(notEnteredInError('transgene_testing_done'))
        .executeTakeFirst();
      if (existing) {
        throw conflict(`This task is already done (${existing.done_on}); mark that entered-in-error first.`);
      }
      refuseImpossible([
        impossibleDate('doneOn', body.doneOn, patient.birth_date, at) ??
          (body.doneOn < malignancy.diagnosed_on
            ? { path: 'doneOn', message: 'is before the diagnosis' }
            : null),
      ]);
      const row = await trx
        .insertInto('transgene_testing_done')
        .values({
          task_id: taskId,
          patient_id: id,
          done_on: body.doneOn,
          done_on_ms: dayMs(body.doneOn),
          note: body.note ?? null,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = { id: row.id, taskId, doneOn: row.done_on, note: row.note, by: user.id };
      return {
        result: after,
        refs: [{ table: 'transgene_testing_done', id: row.id }],
        entityId: row.id,
        after,
      };
    });
    return c.json({ done }, 201);
  })
  .openapi(
    transgeneTestingDoneEnteredInError,
    enteredInErrorHandler('transgene_testing_done', 'transgene-testing completion'),
  );

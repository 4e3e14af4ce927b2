import {
  TRANSGENE_TESTING_RULE,
  TRANSGENE_TESTING_TASK,
  transgeneTestingAlert,
  transgeneTestingStatus,
} from '@cellwatch/clinical';
import type { Malignancy } from '@cellwatch/contracts';
import type { Kysely } from 'kysely';
import { raiseAlerts, resolveAlertsOf } from '../alerts/alert-store.ts';
import { correctionsOf, factMeta, recorderIds, userNames } from '../charting/facts.ts';
import type { Database } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';

/** A patient's malignancies, newest diagnosis first, each with its transgene-testing task. */
export async function readMalignancies(trx: Kysely<Database>, patientId: number): Promise<Malignancy[]> {
  const events = await trx
    .selectFrom('malignancy_events')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('diagnosed_on_ms', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const tasks = await trx
    .selectFrom('transgene_testing_tasks')
    .selectAll()
    .where('patient_id', '=', patientId)
    .execute();
  const done = await trx
    .selectFrom('transgene_testing_done')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('id', 'desc')
    .execute();
  const eventCorrections = await correctionsOf(trx, 'malignancy_events', patientId);
  const doneCorrections = await correctionsOf(trx, 'transgene_testing_done', patientId);
  const names = await userNames(trx, [
    ...recorderIds(events, eventCorrections),
    ...recorderIds(done, doneCorrections),
  ]);
  return events.flatMap((e) => {
    const task = tasks.find((t) => t.malignancy_id === e.id);
    if (!task) return []; // every malignancy has its task (same transaction); never without one
    const completion = done.find((d) => d.task_id === task.id && !doneCorrections.has(d.id));
    const {
      id,
      patientId: pid,
      recordedBy,
      recordedAt,
      enteredInError,
    } = factMeta(e, eventCorrections, names);
    return [
      {
        id,
        patientId: pid,
        diagnosedOn: e.diagnosed_on,
        type: e.malignancy_type,
        site: e.site,
        tumourSampleAvailable: e.tumour_sample_available === 1,
        notes: e.notes,
        recordedBy,
        recordedAt,
        enteredInError,
        task: {
          id: task.id,
          title: TRANSGENE_TESTING_TASK.title,
          source: TRANSGENE_TESTING_TASK.source,
          status: transgeneTestingStatus({
            malignancyEnteredInError: enteredInError !== null,
            done: !!completion,
          }),
          createdAt: task.recorded_at,
          done: completion
            ? {
                id: completion.id,
                doneOn: completion.done_on,
                by: { id: completion.recorded_by, displayName: names.get(completion.recorded_by) },
                note: completion.note,
                recordedAt: completion.recorded_at,
              }
            : null,
        },
      },
    ];
  });
}

/**
 * Keeps the coordinator alert in line with the open transgene-testing tasks: raised once while
 * any is open, resolved when none is. Every write and sweep re-evaluates it: the same open tasks
 * leave it alone, another malignancy's task raises it again, and one of two tasks done brings its
 * message up to date (alert-refresh.ts). Runs in the write's transaction, after every follow-up
 * change.
 */
export async function syncTransgeneTestingAlert(
  trx: Kysely<Database>,
  patientId: number,
  at: Date,
  audience: readonly string[],
): Promise<CareEvent[]> {
  const open = (await readMalignancies(trx, patientId))
    .filter((m) => m.task.status === 'open')
    .map((m) => ({ id: m.task.id, createdAt: m.task.createdAt, malignancyDiagnosedOn: m.diagnosedOn }));
  const alert = transgeneTestingAlert(open);
  if (!alert)
    return resolveAlertsOf(trx, patientId, [TRANSGENE_TESTING_RULE], at, 'transgene testing arranged');
  return raiseAlerts(trx, patientId, [alert], at, audience);
}

import { type Course, FEVER_THRESHOLD_C } from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { isFullCheckRow, lastFullVitalsAt, planOf } from '../ward/monitoring.ts';

/**
 * Refreshes the patient's ward row: current grades from the course, the latest valid vital
 * set (shown on the ward), the time of the latest FULL vitals check (the "vitals due" clock: a
 * temperature alone does not reset it), the latest ICE, and whether the latest temperature is a fever (ASTCT 2019: ≥ 38.0 °C),
 * which shortens the vitals interval of the monitoring plan. When the latest valid set itself has
 * a temperature, or is a full check, it answers those questions too, without a further read.
 */
export async function refreshPatientState(
  trx: Kysely<Database>,
  patient: Pick<Selectable<PatientsTable>, 'id' | 'product'>,
  course: Course | null,
  at: Date,
): Promise<void> {
  const patientId = patient.id;
  const latest = course?.pointCount() ? course.pointAt(course.pointCount() - 1) : null;
  const vitals = await trx
    .selectFrom('vital_sets')
    .select([
      'id',
      'taken_at',
      'taken_at_ms',
      'temperature_c',
      'heart_rate',
      'systolic',
      'diastolic',
      'mean_arterial',
      'respiratory_rate',
      'spo2',
      'oxygen_device',
      'oxygen_flow_lpm',
    ])
    .where('patient_id', '=', patientId)
    .where(notEnteredInError('vital_sets'))
    .orderBy('taken_at_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastTemp =
    vitals && vitals.temperature_c !== null
      ? vitals
      : await trx
          .selectFrom('vital_sets')
          .select('temperature_c')
          .where('patient_id', '=', patientId)
          .where('temperature_c', 'is not', null)
          .where(notEnteredInError('vital_sets'))
          .orderBy('taken_at_ms', 'desc')
          .limit(1)
          .executeTakeFirst();
  const plan = planOf(patient.product);
  const fullVitalsAt =
    vitals && isFullCheckRow(vitals, plan)
      ? vitals.taken_at_ms
      : await lastFullVitalsAt(trx, patientId, plan);
  const ice = await trx
    .selectFrom('neuro_assessments')
    .select('assessed_at_ms')
    .where('patient_id', '=', patientId)
    .where(notEnteredInError('neuro_assessments'))
    .orderBy('assessed_at_ms', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = {
    patient_id: patientId,
    crs_grade: latest?.crs.grade ?? null,
    icans_grade: latest?.icans.grade ?? null,
    graded_at_ms: latest?.at ?? null,
    last_vitals_json: vitals ? JSON.stringify(vitals) : null,
    last_vitals_at_ms: fullVitalsAt,
    last_ice_at_ms: ice?.assessed_at_ms ?? null,
    febrile: (lastTemp?.temperature_c ?? 0) >= FEVER_THRESHOLD_C ? 1 : 0,
    updated_at: at.toISOString(),
  };
  await trx
    .insertInto('patient_state')
    .values(row)
    .onConflict((oc) => oc.column('patient_id').doUpdateSet(row))
    .execute();
}

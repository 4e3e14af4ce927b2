import { checkVitalSigns, fahrenheitToCelsius, meanArterialPressure } from '@cellwatch/clinical';
import type { VitalSet } from '@cellwatch/contracts';
import type { Selectable } from 'kysely';
import type { VitalSetsTable } from '../db/schema.ts';
import { resourceRouter } from '../http/routes.ts';
import {
  type CorrectionRow,
  chartFacts,
  enteredInErrorHandler,
  factMeta,
  impossibleTime,
  listFactsHandler,
  refuseImpossible,
  type UserNames,
} from './facts.ts';
import { chartVitalSet, listVitalSets, vitalSetEnteredInError } from './vitals.routes.ts';

export function toVitalSet(
  row: Selectable<VitalSetsTable>,
  corrections: Map<number, CorrectionRow>,
  names: UserNames,
): VitalSet {
  return {
    ...factMeta(row, corrections, names),
    takenAt: row.taken_at,
    temperatureC: row.temperature_c,
    heartRate: row.heart_rate,
    systolic: row.systolic,
    diastolic: row.diastolic,
    meanArterial: row.mean_arterial,
    respiratoryRate: row.respiratory_rate,
    spo2: row.spo2,
    oxygenDevice: row.oxygen_device as VitalSet['oxygenDevice'],
    oxygenFlowLpm: row.oxygen_flow_lpm,
    oxygenForComfort: row.oxygen_for_comfort === 1,
    fio2: row.fio2,
    hypotension: row.hypotension_recorded === null ? null : row.hypotension_recorded === 1,
    flags: row.flags_json ? JSON.parse(row.flags_json) : [],
    note: row.note,
  };
}

/** Vital sets: charted at the bedside many times a day. */
export const vitalsRoutes = resourceRouter()
  .openapi(
    listVitalSets,
    listFactsHandler({ table: 'vital_sets', timeColumn: 'taken_at_ms', key: 'vitals', toDto: toVitalSet }),
  )
  .openapi(chartVitalSet, async (c) => {
    const { id } = c.req.valid('param');
    // Validated once, by the route's declaration (http/routes.ts), before the handler runs.
    const body = c.req.valid('json');
    const temperatureC =
      body.temperatureF !== undefined ? fahrenheitToCelsius(body.temperatureF) : (body.temperatureC ?? null);
    const takenAtMs = Date.parse(body.takenAt);
    const check = checkVitalSigns({
      temperatureC,
      heartRate: body.heartRate,
      systolic: body.systolic,
      diastolic: body.diastolic,
      respiratoryRate: body.respiratoryRate,
      spo2: body.spo2,
      oxygenFlowLpm: body.oxygenFlowLpm,
      fio2: body.fio2,
    });
    // A °F entry is reported against the field the nurse typed in.
    const fieldOf = (f: string) =>
      f === 'temperatureC' && body.temperatureF !== undefined ? 'temperatureF' : f;
    const vital = await chartFacts(c, id, 'vital_set', async (trx, patient, at, user) => {
      refuseImpossible([
        impossibleTime('takenAt', takenAtMs, patient.birth_date, at.getTime()),
        ...check.impossible.map((f) => ({ path: fieldOf(f.field), message: f.message })),
      ]);
      const flags = check.unusual.map((f) => ({ field: fieldOf(f.field), message: f.message }));
      const values = {
        patient_id: id,
        taken_at: new Date(takenAtMs).toISOString(),
        taken_at_ms: takenAtMs,
        temperature_c: temperatureC,
        heart_rate: body.heartRate ?? null,
        systolic: body.systolic ?? null,
        diastolic: body.diastolic ?? null,
        mean_arterial:
          body.systolic !== undefined && body.diastolic !== undefined
            ? meanArterialPressure(body.systolic, body.diastolic)
            : null,
        respiratory_rate: body.respiratoryRate ?? null,
        spo2: body.spo2 ?? null,
        oxygen_device: body.oxygenDevice,
        oxygen_flow_lpm: body.oxygenFlowLpm ?? null,
        oxygen_for_comfort: body.oxygenForComfort ? 1 : null,
        fio2: body.fio2 ?? null,
        hypotension_recorded: body.hypotension === undefined ? null : body.hypotension ? 1 : 0,
        flags_json: flags.length ? JSON.stringify(flags) : null,
        note: body.note ?? null,
        recorded_by: user.id,
        recorded_at: at.toISOString(),
      };
      // Only the id comes back: the rest of the stored row is what was just written.
      const { id: vitalId } = await trx
        .insertInto('vital_sets')
        .values(values)
        .returning('id')
        .executeTakeFirstOrThrow();
      const row: Selectable<VitalSetsTable> = { id: vitalId, ...values };
      const vital = toVitalSet(row, new Map(), { get: () => user.displayName });
      return {
        result: vital,
        refs: [{ table: 'vital_sets', id: vitalId }],
        writtenVitals: new Map([[vitalId, row]]),
        written: new Map([['vital_sets', [row]]]),
        entityId: vitalId,
        after: vital,
      };
    });
    return c.json({ vital }, 201);
  })
  .openapi(vitalSetEnteredInError, enteredInErrorHandler('vital_sets', 'vital_set'));

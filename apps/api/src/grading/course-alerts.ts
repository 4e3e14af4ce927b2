import {
  type AlertInput,
  type Course,
  defaultHypotensionThresholdMmHg,
  evaluateAlerts,
  iecHsAlert,
} from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { raiseAlerts, resolveAlertsOf } from '../alerts/alert-store.ts';
import { engineFactId } from '../charting/fact-ref.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable, VitalSetsTable } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';
import { ageInYears } from '../patients/patients.ts';
import { isFullCheckRow, planOf } from '../ward/monitoring.ts';
import type { ComputedStep } from './grade-steps.ts';
import { patientIecHs } from './iec-hs.ts';
import type { FactChange } from './regrader-port.ts';

/**
 * The course alerts of one write (packages/clinical alerts.ts): what its new facts and grade
 * steps raise, compared with the previous valid values, and the overdue alerts they close.
 */
export async function raiseCourseAlerts(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  course: Course | null,
  change: FactChange,
  added: Set<string>,
  steps: ComputedStep[],
  at: Date,
): Promise<CareEvent[]> {
  if (change.kind !== 'added') return [];
  const input = {
    gradeSteps: steps,
    crsOnsets: [] as AlertInput['crsOnsets'],
    vitals: [] as AlertInput['vitals'][number][],
    neuro: [] as AlertInput['neuro'][number][],
    labs: [] as AlertInput['labs'][number][],
    tocilizumab: [] as AlertInput['tocilizumab'][number][],
    hypotensionSystolicBelowMmHg: defaultHypotensionThresholdMmHg(
      ageInYears(patient.birth_date, at.getTime()),
    ),
  };
  const resolved: string[] = [];
  const observe = new AlertObservations(trx, patient.id, change.writtenVitals);
  const labIds: number[] = [];
  for (const ref of change.refs) {
    if (ref.table === 'vital_sets') {
      const row = await observe.vitalSet(ref.id);
      input.vitals.push(await observe.vitals(row));
      // Only a full vitals check resets the vitals clock, so only it closes "vitals overdue".
      if (isFullCheckRow(row, planOf(patient.product))) resolved.push('vitals_overdue');
    } else if (ref.table === 'neuro_assessments') {
      const neuro = await observe.neuro(ref.id);
      input.neuro.push(neuro);
      resolved.push('ice_overdue');
    } else if (ref.table === 'lab_results') {
      labIds.push(ref.id);
    } else if (ref.table === 'medication_administrations') {
      const toci = await observe.tocilizumab(ref.id);
      if (toci) input.tocilizumab.push(toci);
    }
  }
  // A panel's results are read together, not one query per result.
  if (labIds.length) input.labs.push(...(await observe.latestLabs(labIds)));
  if (course && added.size) {
    const onsets = course
      .result()
      .crsEpisodes.filter((e) => e.onsetFactIds.some((id) => added.has(id)))
      .map((e) => ({ episode: e.index, factIds: e.onsetFactIds, temperatureC: null }));
    input.crsOnsets = await Promise.all(
      onsets.map(async (o) => ({ ...o, temperatureC: await observe.temperatureOf(o.factIds) })),
    );
  }
  const events = await resolveAlertsOf(trx, patient.id, resolved, at, 'charted');
  events.push(...(await raiseAlerts(trx, patient.id, evaluateAlerts(input), at)));
  // IEC-HS is read from labs after CRS improved: a new lab or a CRS grade falling can raise it.
  if (labIds.length || steps.some((s) => s.syndrome === 'crs' && s.toGrade < s.fromGrade)) {
    const signal = await patientIecHs(trx, patient, course);
    const alert = signal && iecHsAlert(signal);
    if (alert) events.push(...(await raiseAlerts(trx, patient.id, [alert], at, IEC_HS_AUDIENCE)));
  }
  return events;
}

/** The IEC-HS watch signal is the hematologist's call (clinical-reference.md: Hines 2023). */
const IEC_HS_AUDIENCE = ['hematologist'] as const;

/** Bound values per `id in (…)` read, well under SQLite's limit. */
const LAB_READ_CHUNK = 2000;

/** Reads what the alert rules compare a new fact with (the previous valid value). */
class AlertObservations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly patientId: number,
    private readonly writtenVitals: ReadonlyMap<number, Selectable<VitalSetsTable>> | undefined,
  ) {}

  /** A new vital set: as the write passed it on, else read from the store. */
  async vitalSet(id: number): Promise<Selectable<VitalSetsTable>> {
    return (
      this.writtenVitals?.get(id) ??
      (await this.db.selectFrom('vital_sets').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
    );
  }

  async vitals(row: Selectable<VitalSetsTable>) {
    const id = row.id;
    const previous = await this.db
      .selectFrom('vital_sets')
      .select('oxygen_device')
      .where('patient_id', '=', this.patientId)
      .where('id', '!=', id)
      .where('taken_at_ms', '<=', row.taken_at_ms)
      .where(notEnteredInError('vital_sets'))
      .orderBy('taken_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      id: engineFactId({ table: 'vital_sets', id }),
      temperatureC: row.temperature_c,
      systolic: row.systolic,
      hypotension: row.hypotension_recorded === null ? null : row.hypotension_recorded === 1,
      spo2: row.spo2,
      oxygenDevice: row.oxygen_device,
      previousOxygenDevice: previous?.oxygen_device ?? null,
    };
  }

  async neuro(id: number) {
    const row = await this.db
      .selectFrom('neuro_assessments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const previous = await this.db
      .selectFrom('neuro_assessments')
      .select(['id', 'ice_score'])
      .where('patient_id', '=', this.patientId)
      .where('id', '!=', id)
      .where('ice_score', 'is not', null)
      .where('assessed_at_ms', '<=', row.assessed_at_ms)
      .where(notEnteredInError('neuro_assessments'))
      .orderBy('assessed_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      id: engineFactId({ table: 'neuro_assessments', id }),
      iceScore: row.ice_score,
      previous:
        previous && previous.ice_score !== null
          ? {
              id: engineFactId({ table: 'neuro_assessments', id: previous.id }),
              iceScore: previous.ice_score,
            }
          : null,
    };
  }

  /**
   * The new results that count for an alert: a lab value counts only if it is the latest valid
   * one of its analyte (ANC and platelets are the analytes the alert rules read). One query reads
   * the results, and one per analyte looks for a later valid result.
   */
  async latestLabs(ids: number[]) {
    const rows: { id: number; analyte: string; value: number; collected_at_ms: number }[] = [];
    for (let i = 0; i < ids.length; i += LAB_READ_CHUNK) {
      rows.push(
        ...(await this.db
          .selectFrom('lab_results')
          .select(['id', 'analyte', 'value', 'collected_at_ms'])
          .where('id', 'in', ids.slice(i, i + LAB_READ_CHUNK))
          .where('analyte', 'in', ['anc', 'platelets'])
          .execute()),
      );
    }
    const latestAt = new Map<string, number>();
    for (const r of rows)
      latestAt.set(r.analyte, Math.max(latestAt.get(r.analyte) ?? r.collected_at_ms, r.collected_at_ms));
    const superseded = new Set<string>();
    for (const [analyte, at] of latestAt) {
      const newer = await this.db
        .selectFrom('lab_results')
        .select('id')
        .where('patient_id', '=', this.patientId)
        .where('analyte', '=', analyte)
        .where('collected_at_ms', '>', at)
        .where(notEnteredInError('lab_results'))
        .limit(1)
        .executeTakeFirst();
      if (newer) superseded.add(analyte);
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row || superseded.has(row.analyte) || row.collected_at_ms !== latestAt.get(row.analyte)) return [];
      return [{ id: engineFactId({ table: 'lab_results', id }), analyte: row.analyte, value: row.value }];
    });
  }

  async tocilizumab(id: number) {
    const row = await this.db
      .selectFrom('medication_administrations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.drug !== 'tocilizumab') return null;
    const doses = await this.db
      .selectFrom('medication_administrations')
      .select('given_at_ms')
      .where('patient_id', '=', this.patientId)
      .where('drug', '=', 'tocilizumab')
      .where(notEnteredInError('medication_administrations'))
      .execute();
    const dayStart = row.given_at_ms - 24 * 3_600_000;
    return {
      id: engineFactId({ table: 'medication_administrations', id }),
      dosesIn24h: doses.filter((d) => d.given_at_ms > dayStart && d.given_at_ms <= row.given_at_ms).length,
      totalDoses: doses.length,
    };
  }

  async temperatureOf(factIds: readonly string[]): Promise<number | null> {
    const ids = factIds.filter((f) => f.startsWith('vital_sets:')).map((f) => Number(f.split(':')[1]));
    if (!ids.length) return null;
    const row = await this.db
      .selectFrom('vital_sets')
      .select((eb) => eb.fn.max('temperature_c').as('t'))
      .where('id', 'in', ids)
      .executeTakeFirst();
    return row?.t ?? null;
  }
}

import { type ChartedFact, DRUGS, type DrugName, type NotPerformedReason } from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { engineFactId, type FactRef } from '../charting/fact-ref.ts';
import type {
  AnnotationsTable,
  Database,
  FactTable,
  MedicationAdministrationsTable,
  NeuroAssessmentsTable,
  VasopressorInfusionsTable,
  VasopressorStopsTable,
  VitalSetsTable,
} from '../db/schema.ts';

/** The tables whose facts the CRS/ICANS course uses; labs feed other rules. */
export const COURSE_TABLES: readonly FactTable[] = [
  'vital_sets',
  'neuro_assessments',
  'medication_administrations',
  'vasopressor_infusions',
  'vasopressor_stops',
  'annotations',
];

const id = (table: FactTable, rowId: number) => engineFactId({ table, id: rowId });

export function vitalsFact(r: Selectable<VitalSetsTable>, eie: boolean): ChartedFact {
  return {
    kind: 'vital_signs',
    id: id('vital_sets', r.id),
    at: r.taken_at_ms,
    temperatureC: r.temperature_c,
    systolicMmHg: r.systolic,
    spo2Pct: r.spo2,
    oxygen: {
      device: r.oxygen_device as 'room_air',
      ...(r.oxygen_flow_lpm !== null && { flowLpm: r.oxygen_flow_lpm }),
      ...(r.oxygen_for_comfort === 1 && { forComfort: true }),
    },
    ...(r.hypotension_recorded !== null && { hypotension: r.hypotension_recorded === 1 }),
    enteredInError: eie,
  };
}

export function neuroFact(r: Selectable<NeuroAssessmentsTable>, eie: boolean): ChartedFact {
  const reason = r.ice_not_performed_reason as NotPerformedReason | null;
  // A score column is null both when the tool was not performed (a reason is charted: it applies
  // to the tool in use, ICE or in children CAPD) and when it was simply not recorded (no reason):
  // the engine grades the two differently (packages/clinical/src/not-performed.ts).
  const absent = reason === null ? undefined : null;
  return {
    kind: 'neuro_assessment',
    id: id('neuro_assessments', r.id),
    at: r.assessed_at_ms,
    iceScore: r.ice_score ?? absent,
    capdScore: r.capd_score ?? absent,
    ...(reason !== null && { notPerformedReason: reason }),
    consciousness: r.consciousness as 'normal',
    consciousnessOtherCause: r.consciousness_other_cause === 1,
    seizure: r.seizure as 'none',
    motorWeakness: r.motor_weakness as 'none',
    raisedIcp: r.raised_icp as 'none',
    enteredInError: eie,
  };
}

export function medicationFact(r: Selectable<MedicationAdministrationsTable>, eie: boolean): ChartedFact {
  const drug = DRUGS[r.drug as DrugName];
  return {
    kind: 'medication',
    id: id('medication_administrations', r.id),
    at: r.given_at_ms,
    medication: drug?.category ?? 'other',
    name: r.drug,
    ...(r.dose !== null && r.dose_unit === 'mg' && { doseMg: r.dose }),
    enteredInError: eie,
  };
}

export function infusionFact(r: Selectable<VasopressorInfusionsTable>, eie: boolean): ChartedFact {
  return {
    kind: 'vasopressor_infusion',
    id: id('vasopressor_infusions', r.id),
    drug: r.drug as 'norepinephrine',
    start: r.started_at_ms,
    enteredInError: eie,
  };
}

export function stopFact(r: Selectable<VasopressorStopsTable>, eie: boolean): ChartedFact {
  return {
    kind: 'vasopressor_stop',
    id: id('vasopressor_stops', r.id),
    infusionId: id('vasopressor_infusions', r.infusion_id),
    at: r.stopped_at_ms,
    enteredInError: eie,
  };
}

/** Annotations the engine uses; a plain clinical note is not a grading fact. */
export function annotationFact(r: Selectable<AnnotationsTable>, eie: boolean): ChartedFact | null {
  const factId = id('annotations', r.id);
  if (r.kind === 'fever_other_cause') {
    return {
      kind: 'fever_other_cause',
      id: factId,
      from: r.from_at_ms,
      to: r.to_at_ms,
      cause: r.text,
      enteredInError: eie,
    };
  }
  if (r.kind === 'crs_death' || r.kind === 'icans_death') {
    return { kind: r.kind, id: factId, at: r.from_at_ms, enteredInError: eie };
  }
  return null;
}

async function correctedIds(db: Kysely<Database>, patientId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('corrections')
    .select(['fact_table', 'fact_id'])
    .where('patient_id', '=', patientId)
    .execute();
  return new Set(rows.map((r) => id(r.fact_table, r.fact_id)));
}

/** Every course fact of a patient, entered-in-error ones included (marked), for a full regrade. */
export async function loadCourseFacts(db: Kysely<Database>, patientId: number): Promise<ChartedFact[]> {
  const eie = await correctedIds(db, patientId);
  const is = (table: FactTable, rowId: number) => eie.has(id(table, rowId));
  const [vitals, neuro, meds, infusions, stops, annotations] = await Promise.all([
    db
      .selectFrom('vital_sets')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('taken_at_ms')
      .execute(),
    db.selectFrom('neuro_assessments').selectAll().where('patient_id', '=', patientId).execute(),
    db.selectFrom('medication_administrations').selectAll().where('patient_id', '=', patientId).execute(),
    db.selectFrom('vasopressor_infusions').selectAll().where('patient_id', '=', patientId).execute(),
    db.selectFrom('vasopressor_stops').selectAll().where('patient_id', '=', patientId).execute(),
    db.selectFrom('annotations').selectAll().where('patient_id', '=', patientId).execute(),
  ]);
  const facts: ChartedFact[] = [
    ...vitals.map((r) => vitalsFact(r, is('vital_sets', r.id))),
    ...neuro.map((r) => neuroFact(r, is('neuro_assessments', r.id))),
    ...meds.map((r) => medicationFact(r, is('medication_administrations', r.id))),
    ...infusions.map((r) => infusionFact(r, is('vasopressor_infusions', r.id))),
    ...stops.map((r) => stopFact(r, is('vasopressor_stops', r.id))),
  ];
  for (const r of annotations) {
    const fact = annotationFact(r, is('annotations', r.id));
    if (fact) facts.push(fact);
  }
  return facts;
}

/** One newly charted fact, as the engine knows it (null when the engine does not use it). */
export async function loadCourseFact(db: Kysely<Database>, ref: FactRef): Promise<ChartedFact | null> {
  switch (ref.table) {
    case 'vital_sets': {
      const r = await db
        .selectFrom('vital_sets')
        .selectAll()
        .where('id', '=', ref.id)
        .executeTakeFirstOrThrow();
      return vitalsFact(r, false);
    }
    case 'neuro_assessments': {
      const r = await db
        .selectFrom('neuro_assessments')
        .selectAll()
        .where('id', '=', ref.id)
        .executeTakeFirstOrThrow();
      return neuroFact(r, false);
    }
    case 'medication_administrations': {
      const r = await db
        .selectFrom('medication_administrations')
        .selectAll()
        .where('id', '=', ref.id)
        .executeTakeFirstOrThrow();
      return medicationFact(r, false);
    }
    case 'vasopressor_infusions': {
      const r = await db
        .selectFrom('vasopressor_infusions')
        .selectAll()
        .where('id', '=', ref.id)
        .executeTakeFirstOrThrow();
      return infusionFact(r, false);
    }
    case 'vasopressor_stops': {
      const r = await db
        .selectFrom('vasopressor_stops')
        .selectAll()
        .where('id', '=', ref.id)
        .executeTakeFirstOrThrow();
      return stopFact(r, false);
    }
    case 'annotations': {
      const r = await db
        .selectFrom('annotations')
        .selectAll()
        .where('id', '=', ref.id)
        .executeTakeFirstOrThrow();
      return annotationFact(r, false);
    }
    default:
      return null; // labs and follow-up facts feed other rules
  }
}

import type { OpenedDatabase } from '../db/sqlite.ts';

/** The care team a synthetic cohort is charted by: the first active user of each role. */
export interface Users {
  nurse: number;
  hematologist: number;
  coordinator: number;
  actor: { id: number; username: string } | null;
}

export function findUsers(sqlite: OpenedDatabase['sqlite']): Users {
  const rows = sqlite.prepare('select id, username, role from users where active = 1 order by id').all() as {
    id: number;
    username: string;
    role: string;
  }[];
  const first = rows[0];
  if (!first)
    throw new Error('bulk load: the database has no users; start CellWatch once or seed users first');
  const of = (role: string) => rows.find((r) => r.role === role)?.id ?? first.id;
  const admin = rows.find((r) => r.role === 'admin') ?? first;
  return {
    nurse: of('nurse'),
    hematologist: of('hematologist'),
    coordinator: of('coordinator'),
    actor: { id: admin.id, username: admin.username },
  };
}

/** The prepared inserts of one charted fact per table. */
export function statements(sqlite: OpenedDatabase['sqlite']) {
  return {
    patient: sqlite.prepare(
      `insert into patients (mrn, given_name, family_name, birth_date, sex, weight_kg, diagnosis, autoantibody,
        product, trial_id, lymphodepletion_start, infusion_at, status, is_demo, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, 1, ?, ?)`,
    ),
    vitals: sqlite.prepare(
      `insert into vital_sets (patient_id, taken_at, taken_at_ms, temperature_c, heart_rate, systolic, diastolic,
        mean_arterial, respiratory_rate, spo2, oxygen_device, oxygen_flow_lpm, fio2, hypotension_recorded,
        flags_json, note, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, null, ?, ?)`,
    ),
    neuro: sqlite.prepare(
      `insert into neuro_assessments (patient_id, assessed_at, assessed_at_ms, ice_items_json, ice_score,
        ice_not_performed_reason, capd_score, consciousness, consciousness_other_cause, seizure, motor_weakness,
        raised_icp, note, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, null, null, ?, 0, 'none', 'none', 'none', null, ?, ?)`,
    ),
    medication: sqlite.prepare(
      `insert into medication_administrations (patient_id, given_at, given_at_ms, drug, category, dose, dose_unit,
        route, lot, override_reason, note, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, null, null, null, ?, ?)`,
    ),
    pressor: sqlite.prepare(
      `insert into vasopressor_infusions (patient_id, drug, started_at, started_at_ms, dose_note, recorded_by,
        recorded_at) values (?, 'norepinephrine', ?, ?, null, ?, ?)`,
    ),
    pressorStop: sqlite.prepare(
      `insert into vasopressor_stops (infusion_id, patient_id, stopped_at, stopped_at_ms, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, ?)`,
    ),
    lab: sqlite.prepare(
      `insert into lab_results (patient_id, collected_at, collected_at_ms, analyte, loinc, value, unit,
        entered_value, entered_unit, flags_json, panel_id, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, null, null, ?, ?, ?, ?)`,
    ),
  };
}

/** Tables of what the clinical engine derives from the charted facts: grades, alerts, ward state. */
import type { Generated } from 'kysely';

export interface GradeChangesTable {
  id: Generated<number>;
  patient_id: number;
  syndrome: 'crs' | 'icans';
  at: string;
  at_ms: number;
  day: number;
  from_grade: number;
  to_grade: number;
  reasons_json: string;
  fact_ids_json: string;
  missing_json: string;
  facts_hash: string;
  rule_version: string;
  computed_at: string;
  status: 'pending' | 'confirmed' | 'overridden' | 'superseded';
  returned_reason: string | null;
  superseded_at: string | null;
}

export interface GradeSignaturesTable {
  id: Generated<number>;
  grade_change_id: number;
  patient_id: number;
  decision: 'confirmed' | 'overridden';
  computed_grade: number;
  signed_grade: number;
  reason: string | null;
  meaning: string;
  signer_id: number;
  signer_name: string;
  signed_at: string;
  facts_hash: string;
  invalidated_at: string | null;
}

export interface AlertsTable {
  id: Generated<number>;
  patient_id: number;
  rule: string;
  severity: string;
  message: string;
  fact_ids_json: string;
  raised_at: string;
  raised_at_ms: number;
  last_fired_at: string;
  /** The times the rule fired: 1, plus each new charted fact or higher severity while unresolved. */
  fire_count: number;
  /** When the open alert's message was last brought up to date without a new firing (migration 019). */
  updated_at: string | null;
  update_count: Generated<number>;
  status: 'open' | 'acknowledged' | 'resolved';
  acknowledged_by: number | null;
  acknowledged_at: string | null;
  acknowledge_note: string | null;
  resolved_by: number | null;
  resolved_at: string | null;
  resolve_note: string | null;
}

/** The version of each patient's charted course the stored grades come from (migration 008). */
export interface CourseVersionsTable {
  patient_id: number;
  version: number;
}

export interface PatientStateTable {
  patient_id: number;
  crs_grade: number | null;
  icans_grade: number | null;
  graded_at_ms: number | null;
  last_vitals_json: string | null;
  last_vitals_at_ms: number | null;
  last_ice_at_ms: number | null;
  febrile: number;
  updated_at: string;
}

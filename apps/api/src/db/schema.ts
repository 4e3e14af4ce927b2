import type { Role } from '@cellwatch/contracts';
import type { ColumnType, Generated } from 'kysely';
import type { ProphylaxisFactTable, ProphylaxisTables } from './schema-prophylaxis.ts';

/** Table types for the typed query builder; they mirror migrations/sqlite/*.sql. */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
  /** Who chose the current password (the user themself, or the administrator who reset it). */
  password_set_by: number | null;
  password_set_at: string | null;
  /** 1 after an administrator's reset: only a password change is allowed until it is done. */
  must_change_password: Generated<number>;
  password_reset_by: number | null;
  password_reset_at: string | null;
  /** RFC 6238 secret, base32; needed to verify codes, never returned after enrolment. */
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enrolled_at: string | null;
  /** The last accepted TOTP time step: a code of this step or an earlier one is a replay. */
  totp_last_step: number | null;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the code; the code itself is shown once at enrolment. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at_ms: number;
  last_seen_at_ms: number;
  absolute_expires_at_ms: number;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  patient_id: number | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
  /** The audit key the row's HMAC was made with; null for rows that predate keyed chaining (migration 012). */
  key_id: string | null;
  /** JSON `[table, afterId, throughId, count, sha256]` ranges of the facts this row covers (migration 012). */
  facts_json: string | null;
}

/** The writer's note of the highest fact id of each table that an audit row covers (migration 012). */
export interface AuditFactMarksTable {
  fact_table: string;
  covered_through: number;
}

export interface PatientsTable {
  id: Generated<number>;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: string;
  weight_kg: number;
  diagnosis: string;
  autoantibody: string | null;
  product: string;
  trial_id: string | null;
  lymphodepletion_start: string | null;
  infusion_at: string | null;
  status: string;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

interface Recorded {
  id: Generated<number>;
  patient_id: number;
  recorded_by: number;
  recorded_at: string;
}

export interface VitalSetsTable extends Recorded {
  taken_at: string;
  taken_at_ms: number;
  temperature_c: number | null;
  heart_rate: number | null;
  systolic: number | null;
  diastolic: number | null;
  mean_arterial: number | null;
  respiratory_rate: number | null;
  spo2: number | null;
  oxygen_device: string;
  oxygen_flow_lpm: number | null;
  /** 1: the oxygen was given for comfort only (migration 014); null on older rows. */
  oxygen_for_comfort: number | null;
  fio2: number | null;
  hypotension_recorded: number | null;
  flags_json: string | null;
  note: string | null;
}

export interface NeuroAssessmentsTable extends Recorded {
  assessed_at: string;
  assessed_at_ms: number;
  ice_items_json: string | null;
  ice_score: number | null;
  ice_not_performed_reason: string | null;
  capd_score: number | null;
  consciousness: string;
  consciousness_other_cause: number;
  seizure: string;
  motor_weakness: string;
  raised_icp: string;
  note: string | null;
}

export interface MedicationAdministrationsTable extends Recorded {
  given_at: string;
  given_at_ms: number;
  drug: string;
  category: string;
  dose: number | null;
  dose_unit: string | null;
  route: string | null;
  lot: string | null;
  override_reason: string | null;
  note: string | null;
}

export interface VasopressorInfusionsTable extends Recorded {
  drug: string;
  started_at: string;
  started_at_ms: number;
  dose_note: string | null;
}

export interface VasopressorStopsTable extends Recorded {
  infusion_id: number;
  stopped_at: string;
  stopped_at_ms: number;
}

export interface LabResultsTable extends Recorded {
  collected_at: string;
  collected_at_ms: number;
  analyte: string;
  loinc: string | null;
  value: number;
  unit: string;
  entered_value: number | null;
  entered_unit: string | null;
  flags_json: string | null;
  panel_id: string | null;
}

export interface AnnotationsTable extends Recorded {
  kind: string;
  from_at: string;
  from_at_ms: number;
  to_at: string | null;
  to_at_ms: number | null;
  text: string;
}

export interface CorrectionsTable extends Recorded {
  fact_table: FactTable;
  fact_id: number;
  reason: string;
}

/** The tables that hold charted facts, each correctable by an entered-in-error mark. */
export type FactTable =
  | 'vital_sets'
  | 'neuro_assessments'
  | 'medication_administrations'
  | 'vasopressor_infusions'
  | 'vasopressor_stops'
  | 'lab_results'
  | 'annotations'
  | 'infections'
  | 'ivig_doses'
  | 'ivig_dose_outcomes'
  | 'immunosuppressant_stops'
  | 'remission_assessments'
  | 'licats_events'
  | 'milestone_visits'
  | 'malignancy_events'
  | 'transgene_testing_tasks'
  | 'transgene_testing_done'
  | ProphylaxisFactTable;

export interface Database extends ProphylaxisTables {
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  audit_log: AuditLogTable;
  audit_fact_marks: AuditFactMarksTable;
  patients: PatientsTable;
  vital_sets: VitalSetsTable;
  neuro_assessments: NeuroAssessmentsTable;
  medication_administrations: MedicationAdministrationsTable;
  vasopressor_infusions: VasopressorInfusionsTable;
  vasopressor_stops: VasopressorStopsTable;
  lab_results: LabResultsTable;
  annotations: AnnotationsTable;
  corrections: CorrectionsTable;
  grade_changes: GradeChangesTable;
  grade_signatures: GradeSignaturesTable;
  alerts: AlertsTable;
  patient_state: PatientStateTable;
  course_versions: CourseVersionsTable;
  infections: InfectionsTable;
  ivig_doses: IvigDosesTable;
  ivig_dose_outcomes: IvigDoseOutcomesTable;
  immunosuppressant_stops: ImmunosuppressantStopsTable;
  remission_assessments: RemissionAssessmentsTable;
  licats_events: LicatsEventsTable;
  milestone_visits: MilestoneVisitsTable;
  malignancy_events: MalignancyEventsTable;
  transgene_testing_tasks: TransgeneTestingTasksTable;
  transgene_testing_done: TransgeneTestingDoneTable;
  devices: DevicesTable;
  vital_rollups: VitalRollupsTable;
  idempotency_keys: IdempotencyKeysTable;
  hl7_messages: Hl7MessagesTable;
  calendar_feeds: CalendarFeedsTable;
}

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
  fire_count: number;
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

export interface InfectionsTable extends Recorded {
  onset_at: string;
  onset_at_ms: number;
  site: string;
  organism: string | null;
  bacterial: number;
  ctcae_grade: number;
  hospitalised: number;
  note: string | null;
}

export interface IvigDosesTable extends Recorded {
  due_at: string;
  due_at_ms: number;
  planned_dose_g: number;
  /** The warning shown when IVIG was planned although the rule did not indicate it. */
  plan_warning: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IvigDoseOutcomesTable extends Recorded {
  dose_id: number;
  outcome: 'given' | 'missed' | 'cancelled';
  at: string;
  at_ms: number;
  dose_g: number | null;
  lot: string | null;
  reason: string | null;
}

export interface ImmunosuppressantStopsTable extends Recorded {
  drug: string;
  stopped_at: string;
  stopped_at_ms: number;
}

export interface RemissionAssessmentsTable extends Recorded {
  assessed_at: string;
  assessed_at_ms: number;
  in_remission: number;
  active_immunosuppressants_json: string;
  note: string | null;
}

export interface LicatsEventsTable extends Recorded {
  organ: string;
  onset_at: string;
  onset_at_ms: number;
  resolved_at: string | null;
  resolved_without_treatment: number;
  glucocorticoid_days: number;
  inner_organ: number;
  prolonged_or_new_hospitalisation: number;
  icu: number;
  treatment: string | null;
  grade: number;
}

export interface MilestoneVisitsTable extends Recorded {
  milestone: string;
  completed_at: string;
  completed_at_ms: number;
  note: string | null;
}

/** A new malignancy after CAR-T (migration 016); `diagnosed_on` is a date. */
export interface MalignancyEventsTable extends Recorded {
  diagnosed_on: string;
  diagnosed_on_ms: number;
  malignancy_type: 't_cell_lymphoma' | 'other_haematological' | 'solid';
  site: string;
  tumour_sample_available: number;
  notes: string | null;
}

/** The task, created with its malignancy, to arrange CAR transgene testing of the tumour sample. */
export interface TransgeneTestingTasksTable extends Recorded {
  malignancy_id: number;
}

/** A transgene-testing task done: when, and (recorded_by) who. */
export interface TransgeneTestingDoneTable extends Recorded {
  task_id: number;
  done_on: string;
  done_on_ms: number;
  note: string | null;
}

/** A write's Idempotency-Key and, once it has run, its answer (migration 009). */
export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at_ms: number;
}

/** HL7 v2 messages already charted, per device and MSH-10 (migration 009). */
export interface Hl7MessagesTable {
  device_id: number;
  control_id: string;
  ack_text: string;
  received_at: string;
}

/** A user's secret calendar feed URL (only the token's SHA-256 is stored). */
export interface CalendarFeedsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
}

export interface DevicesTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  user_id: number;
  created_by: number;
  created_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
}

/** The vital-sign series the timeline charts, each rolled up per hour in `vital_rollups`. */
export type VitalSeriesColumn = 'temperature_c' | 'heart_rate' | 'systolic' | 'mean_arterial' | 'spo2';

/**
 * Per series: how many values the hour has, and its minimum and maximum with the time and the
 * vital set they came from (null when the hour has no value of that series).
 */
type SeriesRollup = { [C in VitalSeriesColumn as `${C}_n`]: number } & {
  [C in VitalSeriesColumn as `${C}_${'min' | 'max'}${'' | '_at_ms' | '_id'}`]: number | null;
};

/** What oxygen support the hour had: its highest (`top`), first and last, each with time and fact. */
type OxygenRollup = {
  [K in `oxygen_${'top' | 'first' | 'last'}_${'at_ms' | 'id'}`]: number;
} & { [K in `oxygen_${'top' | 'first' | 'last'}_device`]: string } & {
  [K in `oxygen_${'top' | 'first' | 'last'}_flow_lpm`]: number | null;
};

/** Hourly rollups of the valid vital sets, kept by triggers (migration 007). */
export type VitalRollupsTable = SeriesRollup &
  OxygenRollup & {
    patient_id: number;
    /** Start of the clock hour: taken_at_ms - taken_at_ms % 3600000. */
    hour_ms: number;
    /** Valid vital sets in the hour. */
    n: number;
    oxygen_top_rank: number;
  };

/** Table types for the typed query builder; they mirror migrations/sqlite/*.sql. One file per topic. */
import type {
  CalendarFeedsTable,
  DevicesTable,
  Hl7MessagesTable,
  IdempotencyKeysTable,
  RecoveryCodesTable,
  SessionsTable,
  UsersTable,
} from './schema-access.ts';
import type { AuditFactMarksTable, AuditLogTable } from './schema-audit.ts';
import type {
  AnnotationsTable,
  LabResultsTable,
  MedicationAdministrationsTable,
  NeuroAssessmentsTable,
  PatientsTable,
  VasopressorInfusionsTable,
  VasopressorStopsTable,
  VitalRollupsTable,
  VitalSetsTable,
} from './schema-charting.ts';
import type {
  DiseaseScoresTable,
  ImmunosuppressantStopsTable,
  InfectionsTable,
  IvigDoseOutcomesTable,
  IvigDosesTable,
  LicatsEventsTable,
  MalignancyEventsTable,
  MilestoneVisitsTable,
  RemissionAssessmentsTable,
  TransgeneTestingDoneTable,
  TransgeneTestingTasksTable,
} from './schema-follow-up.ts';
import type {
  AlertsTable,
  CourseVersionsTable,
  GradeChangesTable,
  GradeSignaturesTable,
  PatientStateTable,
} from './schema-grading.ts';
import type { InfusionEpisodesTable } from './schema-infusions.ts';
import type { ProphylaxisFactTable, ProphylaxisTables } from './schema-prophylaxis.ts';
import type { Recorded } from './schema-recorded.ts';

export type * from './schema-access.ts';
export type * from './schema-audit.ts';
export type * from './schema-charting.ts';
export type * from './schema-follow-up.ts';
export type * from './schema-grading.ts';
export type * from './schema-infusions.ts';

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
  | 'disease_scores'
  | 'infusion_episodes'
  | ProphylaxisFactTable;

/** An entered-in-error mark on one charted fact, with its reason (facts themselves never change). */
export interface CorrectionsTable extends Recorded {
  fact_table: FactTable;
  fact_id: number;
  reason: string;
}

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
  disease_scores: DiseaseScoresTable;
  infusion_episodes: InfusionEpisodesTable;
  devices: DevicesTable;
  vital_rollups: VitalRollupsTable;
  idempotency_keys: IdempotencyKeysTable;
  hl7_messages: Hl7MessagesTable;
  calendar_feeds: CalendarFeedsTable;
}

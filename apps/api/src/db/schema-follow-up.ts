/** Tables of follow-up after monitoring: infections, IVIG, remission, milestones, malignancy. */
import type { ColumnType } from 'kysely';
import type { Recorded } from './schema-recorded.ts';

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

/** A disease activity score (migration 017); a SLEDAI-2K has its DORIS/LLDAS components as JSON. */
export interface DiseaseScoresTable extends Recorded {
  kind: 'sledai_2k' | 'mrss' | 'mg_adl' | 'qmg' | 'pdai' | 'eustar_ai' | 'myositis_tis';
  value: number;
  assessed_at: string;
  assessed_at_ms: number;
  components_json: string | null;
  note: string | null;
}

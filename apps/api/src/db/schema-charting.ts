/** Tables of the patient and the facts charted during monitoring, with their hourly vital rollups. */
import type { Vasopressor } from '@cellwatch/clinical';
import type { Generated } from 'kysely';
import type { Recorded } from './schema-recorded.ts';

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
  /** Only the drugs the start request takes (contracts VasopressorSchema); a dose change keeps its drug. */
  drug: Vasopressor;
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

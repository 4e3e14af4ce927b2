/** Tables of infection prophylaxis and revaccination (migration 015), part of `Database` in schema.ts. */
import type { Recorded } from './schema-recorded.ts';

export interface ProphylaxisRecordsTable extends Recorded {
  kind: 'antiviral_hsv_vzv' | 'pjp' | 'antibacterial' | 'antifungal' | 'hbv_antiviral';
  drug: string;
  started_at: string;
  started_at_ms: number;
  planned_stop_at: string | null;
  planned_stop_at_ms: number | null;
  note: string | null;
}

export interface ProphylaxisStopsTable extends Recorded {
  record_id: number;
  stopped_at: string;
  stopped_at_ms: number;
  reason: string | null;
}

export interface HbvScreeningsTable extends Recorded {
  screened_at: string;
  screened_at_ms: number;
  core_antibody: 'positive' | 'negative';
}

export interface VaccineDosesTable extends Recorded {
  vaccine_group: 'influenza' | 'covid19' | 'other_inactivated' | 'live';
  vaccine: string;
  given_at: string;
  given_at_ms: number;
  lot: string | null;
}

export interface ProphylaxisTables {
  prophylaxis_records: ProphylaxisRecordsTable;
  prophylaxis_stops: ProphylaxisStopsTable;
  hbv_screenings: HbvScreeningsTable;
  vaccine_doses: VaccineDosesTable;
}

export type ProphylaxisFactTable = keyof ProphylaxisTables;

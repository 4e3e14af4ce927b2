import type { Generated } from 'kysely';

/** The columns every charted fact has: its patient, and who charted it when. */
export interface Recorded {
  id: Generated<number>;
  patient_id: number;
  recorded_by: number;
  recorded_at: string;
}

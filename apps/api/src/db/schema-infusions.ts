/** The infusion episodes of a patient (migration 018), part of `Database` in schema.ts. */
import type { Recorded } from './schema-recorded.ts';

export type InfusionReason = 'first_infusion' | 'relapse' | 'insufficient_response' | 're_treatment';

export interface InfusionEpisodesTable extends Recorded {
  number: number;
  product: string;
  infused_at: string;
  infused_at_ms: number;
  reason: InfusionReason;
  note: string | null;
}

/** Tables of the hash-chained audit log. */
import type { Generated } from 'kysely';

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

import type { Role } from '@cellwatch/contracts';
import type { Generated } from 'kysely';

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
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}

/** Tables of who may sign in and how: users, sessions, devices, calendar feeds, replayed writes. */
import type { Role } from '@cellwatch/contracts';
import type { Generated } from 'kysely';

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

import { createHash, randomBytes } from 'node:crypto';
import type { SignedInUser } from '@cellwatch/contracts';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** last_seen is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 30_000;

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
  /** Sessions a user may hold at once; a new one ends the oldest beyond (unset: no limit). */
  maxPerUser?: number;
}

export const sessionLimits = (config: Config): SessionLimits => ({
  idleMs: config.CELLWATCH_SESSION_IDLE_MINUTES * 60_000,
  absoluteMs: config.CELLWATCH_SESSION_ABSOLUTE_HOURS * 3_600_000,
  maxPerUser: config.CELLWATCH_MAX_SESSIONS_PER_USER,
});

/**
 * Starts a session with a fresh 256-bit random token. The caller's previous session (if any)
 * is ended first, so the id always rotates at sign-in (no session fixation). Beyond
 * `limits.maxPerUser` sessions the user's oldest are ended; `revoked` names them (their token
 * hashes), so that their live-event streams can be closed once this commits.
 */
export async function startSession(
  trx: Kysely<Database>,
  userId: number,
  previousTokenHash: string | null,
  now: number,
  limits: SessionLimits,
): Promise<{ token: string; absoluteExpiresAt: number; revoked: string[] }> {
  if (previousTokenHash)
    await trx.deleteFrom('sessions').where('token_hash', '=', previousTokenHash).execute();
  const token = randomBytes(32).toString('base64url');
  const absoluteExpiresAt = now + limits.absoluteMs;
  await trx
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at_ms: now,
      last_seen_at_ms: now,
      absolute_expires_at_ms: absoluteExpiresAt,
    })
    .execute();
  const revoked = limits.maxPerUser
    ? await endSessionsBeyond(trx, userId, hashToken(token), limits.maxPerUser)
    : [];
  return { token, absoluteExpiresAt, revoked };
}

/** Ends a user's oldest sessions so that `max` remain, the one just started (`keep`) among them. */
async function endSessionsBeyond(
  trx: Kysely<Database>,
  userId: number,
  keep: string,
  max: number,
): Promise<string[]> {
  const others = await trx
    .selectFrom('sessions')
    .select('token_hash')
    .where('user_id', '=', userId)
    .where('token_hash', '!=', keep)
    .orderBy('created_at_ms', 'desc')
    .orderBy('token_hash')
    .execute();
  const revoked = others.slice(Math.max(0, max - 1)).map((r) => r.token_hash);
  if (revoked.length) await trx.deleteFrom('sessions').where('token_hash', 'in', revoked).execute();
  return revoked;
}

export interface ActiveSession {
  tokenHash: string;
  user: SignedInUser;
  /** An administrator reset the password: it must be changed before anything else. */
  mustChangePassword: boolean;
  secondFactorEnrolled: boolean;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

/**
 * The session behind a token, if it is still valid: within both the idle and the absolute
 * lifetime, and its user still active. An expired session is removed on sight.
 */
export async function findSession(
  db: Kysely<Database>,
  token: string,
  now: number,
  limits: SessionLimits,
): Promise<ActiveSession | null> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.last_seen_at_ms',
      'sessions.absolute_expires_at_ms',
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.active',
      'users.must_change_password',
      'users.totp_secret',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const idleExpiresAt = row.last_seen_at_ms + limits.idleMs;
  if (now >= idleExpiresAt || now >= row.absolute_expires_at_ms || row.active !== 1) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  let lastSeen = row.last_seen_at_ms;
  if (now - lastSeen >= TOUCH_EVERY_MS) {
    lastSeen = now;
    await db
      .updateTable('sessions')
      .set({ last_seen_at_ms: now })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    tokenHash,
    user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role },
    mustChangePassword: row.must_change_password === 1,
    secondFactorEnrolled: row.totp_secret !== null,
    idleExpiresAt: lastSeen + limits.idleMs,
    absoluteExpiresAt: row.absolute_expires_at_ms,
  };
}

export async function endSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function endAllSessionsOf(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Ends every session of the user except the one given (after they change their own password). */
export async function endOtherSessionsOf(db: Kysely<Database>, userId: number, keepTokenHash: string) {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('token_hash', '!=', keepTokenHash)
    .execute();
}

import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import type { Database, UsersTable } from '../db/schema.ts';

/**
 * Time-based one-time passwords (RFC 6238) as a second factor (ASVS 4.0 V2.8; 21 CFR 11.300),
 * with the `otpauth` library: SHA-1, 6 digits, 30-second steps, the parameters every
 * authenticator app supports (RFC 6238 §4 and its reference values). A code is accepted within
 * one step either side (clock drift, RFC 6238 §5.2), and only once: the step of the last accepted
 * code is stored, and a code of that step or an earlier one is a replay (ASVS V2.8.4).
 */
const ISSUER = 'CellWatch';
const PERIOD = 30;
const DIGITS = 6;
const WINDOW = 1;
const RECOVERY_CODES = 10;

function totpFor(secret: string, username: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** A new 160-bit secret (RFC 4226 §4 recommends 160 bits), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

/** The code an authenticator shows at `now` (tests and the enrolment check use it). */
export function totpCode(secret: string, now: number): string {
  return totpFor(secret, 'user').generate({ timestamp: now });
}

/** The time step of a valid code at `now`, or null when it is not valid. */
export function totpStep(secret: string, code: string, now: number): number | null {
  const delta = totpFor(secret, 'user').validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

export const hashRecoveryCode = (code: string) =>
  createHash('sha256').update(code.trim().toLowerCase()).digest('hex');

/** Ten one-time recovery codes, `xxxx-xxxx-xxxx` (60 random bits each, base32 alphabet). */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export type SecondFactorResult = 'totp' | 'recovery_code' | 'wrong' | 'replayed';

/**
 * Checks a code against the user's enrolled secret, or their unused recovery codes, and uses it
 * up in the same statement (so two requests racing with one code cannot both pass).
 */
export async function spendSecondFactor(
  trx: Kysely<Database>,
  user: Pick<Selectable<UsersTable>, 'id' | 'totp_secret'>,
  code: string,
  now: number,
): Promise<SecondFactorResult> {
  if (!user.totp_secret) return 'wrong';
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const step = totpStep(user.totp_secret, trimmed, now);
    if (step === null) return 'wrong';
    const result = await trx
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? 'totp' : 'replayed';
  }
  const used = await trx
    .updateTable('recovery_codes')
    .set({ used_at: new Date(now).toISOString() })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', hashRecoveryCode(trimmed))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n ? 'recovery_code' : 'wrong';
}

export async function recoveryCodesLeft(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

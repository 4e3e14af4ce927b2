import { z } from 'zod';
import { Role, SafeLine } from './common.ts';

/** A 6-digit RFC 6238 code from an authenticator app, or a one-time recovery code. */
export const SecondFactorCode = z
  .string()
  .trim()
  .regex(/^(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$/i, '6 digits, or a recovery code xxxx-xxxx-xxxx');

/** A one-time recovery code as the API issues it (three groups of four, base32 letters and digits). */
export const RecoveryCode = z.string().regex(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/, 'xxxx-xxxx-xxxx');

export const LoginRequest = z.strictObject({
  username: SafeLine.min(1).max(64),
  password: z.string().min(1).max(1024),
  /** Needed once the account has a second factor. */
  code: SecondFactorCode.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The signed-in user as the dashboard sees it. Never carries the password hash. */
export const SignedInUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
});
export type SignedInUser = z.infer<typeof SignedInUser>;

/**
 * What the user must do before anything else: choose their own password after an
 * administrator's reset, or (an administrator) enrol a second factor. Null: nothing.
 */
export const ActionRequired = z.enum(['change_credentials', 'enrol_second_factor']).nullable();
export type ActionRequired = z.infer<typeof ActionRequired>;

/**
 * The signed-in user, their session, the unit's time zone and what they must do first: the
 * answer to `GET /api/auth/me`, and to a sign-in (`LoginResponse`). Every field is always sent.
 */
export const MeResponse = z.object({
  user: SignedInUser,
  session: z.object({ idleExpiresAt: z.string(), absoluteExpiresAt: z.string() }),
  /** The unit's IANA time zone: Day 0 is the infusion's calendar day there (CELLWATCH_UNIT_TIME_ZONE). */
  unit: z.object({ timeZone: z.string() }),
  actionRequired: ActionRequired,
  /** The last reset of the user's sign-in secret by an administrator, shown to the user; null: none. */
  resetNotice: z.object({ by: z.string(), byDisplayName: z.string(), at: z.string() }).nullable(),
  /** Whether a one-time password app is set up, and how many recovery codes are unspent (0 without one). */
  secondFactor: z.object({ enrolled: z.boolean(), recoveryCodesLeft: z.number().int().nonnegative() }),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** A sign-in answers with the newly signed-in user and session, as `GET /api/auth/me` would. */
export const LoginResponse = MeResponse;
export type LoginResponse = MeResponse;

/** Self-service change of one's own password (also the forced change after a reset). */
export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12, 'at least 12 characters').max(1024),
});

/** Starting TOTP enrolment needs the password again (re-authentication before a new authenticator). */
export const StartEnrolmentRequest = z.strictObject({ password: z.string().min(1).max(1024) });
export const StartEnrolmentResponse = z.object({
  /** Shown once, to put into the authenticator app; never returned again after enrolment. */
  otpauthUri: z.string().startsWith('otpauth://totp/'),
  /** The same secret in base32 (RFC 4648), for an app that cannot read the URI. */
  secret: z.string().regex(/^[A-Z2-7]+=*$/, 'base32'),
});
export const ConfirmEnrolmentRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '6 digits'),
});
export const ConfirmEnrolmentResponse = z.object({
  /** One-time recovery codes, shown once; only their hashes are kept. */
  recoveryCodes: z.array(RecoveryCode).min(1),
});
export type StartEnrolmentResponse = z.infer<typeof StartEnrolmentResponse>;
export type ConfirmEnrolmentResponse = z.infer<typeof ConfirmEnrolmentResponse>;
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;
export type StartEnrolmentRequest = z.infer<typeof StartEnrolmentRequest>;
export type ConfirmEnrolmentRequest = z.infer<typeof ConfirmEnrolmentRequest>;

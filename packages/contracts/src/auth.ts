import { z } from 'zod';
import { Role, SafeLine } from './common.ts';

export const LoginRequest = z.strictObject({
  username: SafeLine.min(1).max(64),
  password: z.string().min(1).max(1024),
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

export const MeResponse = z.object({
  user: SignedInUser,
  session: z.object({ idleExpiresAt: z.string(), absoluteExpiresAt: z.string() }),
  /** The unit's IANA time zone: Day 0 is the infusion's calendar day there (CELLWATCH_UNIT_TIME_ZONE). */
  unit: z.object({ timeZone: z.string() }),
});
export type MeResponse = z.infer<typeof MeResponse>;

import { z } from 'zod';
import { Role, SafeLine } from './common.ts';

/** Passwords: at least 12 characters (NIST SP 800-63B favours length over composition rules). */
export const NewPassword = z.string().min(12, 'at least 12 characters').max(1024);

export const UserSummary = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  active: z.boolean(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const CreateUserRequest = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{2,64}$/i, 'letters, digits, dot, dash or underscore; 2 to 64 characters'),
  displayName: SafeLine.min(1).max(120),
  role: Role,
  password: NewPassword,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const ResetPasswordRequest = z.strictObject({ password: NewPassword });
export const UserListResponse = z.object({ users: z.array(UserSummary) });
/** `POST /api/users` and the activation routes answer with the user as it now is. */
export const UserResponse = z.object({ user: UserSummary });
export type UserResponse = z.infer<typeof UserResponse>;

/** A bedside monitor or interface engine that sends HL7 v2 vitals with its own key. */
export const CreateDeviceRequest = z.strictObject({
  name: z
    .string()
    .trim()
    .regex(/^[\w .#-]{2,60}$/, 'letters, digits, space, . # - _; 2 to 60 characters'),
});

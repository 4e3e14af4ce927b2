import { z } from 'zod';
import { SecondFactorCode } from './auth.ts';
import { SafeText } from './common.ts';

/** Signing asks for the password again: the signature is the hematologist's own act. */
export const ConfirmGradeRequest = z.strictObject({
  password: z.string().min(1).max(1024),
  /** The second factor, when signing requires one (CELLWATCH_TOTP_FOR_SIGNING). */
  code: SecondFactorCode.optional(),
});

export const OverrideGradeRequest = z.strictObject({
  password: z.string().min(1).max(1024),
  code: SecondFactorCode.optional(),
  grade: z.number().int().min(0).max(5),
  reason: SafeText.min(5).max(1000),
});

export const ReviewQuery = z.strictObject({
  status: z.enum(['pending', 'confirmed', 'overridden', 'superseded', 'all']).default('pending'),
  patientId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const AlertQuery = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'resolved', 'unresolved', 'all']).default('unresolved'),
  patientId: z.coerce.number().int().positive().optional(),
  severity: z.enum(['info', 'warning', 'high', 'critical']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const AcknowledgeAlertRequest = z.strictObject({ note: SafeText.max(1000).optional() });
export const ResolveAlertRequest = z.strictObject({ note: SafeText.min(3).max(1000) });

import { z } from 'zod';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  patientId: z.number().int().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({
  entity: z.string().max(64).optional(),
  patientId: z.coerce.number().int().positive().optional(),
  userId: z.coerce.number().int().positive().optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditListResponse = z.object({ entries: z.array(AuditEntry) });

export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
});

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

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/**
 * A signed checkpoint of the audit trail (`GET /api/audit/checkpoint`, `pnpm audit-checkpoint`):
 * its newest sequence number and hash, with an HMAC-SHA-256 under the current audit key. Kept
 * apart from the database, it lets `POST /api/audit/verify` detect rows removed from the end.
 */
export const AuditCheckpoint = z.strictObject({
  format: z.literal('cellwatch-audit-checkpoint'),
  version: z.literal(1),
  seq: z.number().int().min(0),
  hash: hex64,
  keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ -'),
  takenAt: z.iso.datetime(),
  mac: hex64,
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const AuditCheckpointResponse = z.object({ checkpoint: AuditCheckpoint });

export const AuditVerifyRequest = z.strictObject({ checkpoint: AuditCheckpoint });

/** Where the verifier found the trail, or the facts it covers, not as they were recorded. */
export const AuditProblem = z.object({
  /** The audit row concerned (null: a fact in no audit row). */
  seq: z.number().int().nullable(),
  /** For a charted fact: its table and the first and last fact id concerned. */
  table: z.string().optional(),
  rowIds: z.tuple([z.number().int(), z.number().int()]).optional(),
  message: z.string(),
});
export type AuditProblem = z.infer<typeof AuditProblem>;

export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  /** Rows verified in order before the first break of the chain (all of them when unbroken). */
  rows: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  /** The newest row's sequence number as found. */
  lastSeq: z.number().int().optional(),
  /** Rows 1..legacyRows predate keyed chaining: plain SHA-256 only. */
  legacyRows: z.number().int().optional(),
  /** The first row chained with the audit key (null: none yet). */
  keyedFromSeq: z.number().int().nullable().optional(),
  /** The audit keys the rows name. */
  keyIds: z.array(z.string()).optional(),
  /** Facts charted before keyed chaining, per table: ids up to this one are not covered. */
  legacyFacts: z.record(z.string(), z.number().int()).optional(),
  checkpoint: z.object({ seq: z.number().int(), takenAt: z.string(), ok: z.boolean() }).nullable().optional(),
  problems: z.array(AuditProblem).optional(),
  /** What holds and what does not, in words (e.g. "rows 1..12 predate keyed chaining"). */
  notes: z.array(z.string()).optional(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;

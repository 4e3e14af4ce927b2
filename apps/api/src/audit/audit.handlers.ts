import { resourceRouter } from '../http/routes.ts';
import {
  listAuditTrail,
  signAuditCheckpoint,
  verifyAuditAgainstCheckpoint,
  verifyAuditChain,
} from './audit.routes.ts';
import { toAuditEntry, verifyAuditTrail } from './audit-log.ts';
import { takeAuditCheckpoint } from './checkpoint.ts';

/**
 * The audit trail, for admins: newest first, filterable; its verification (the chain, the
 * charted facts it covers, and optionally a checkpoint kept elsewhere); signed checkpoints.
 */
export const auditRoutes = resourceRouter()
  .openapi(listAuditTrail, async (c) => {
    const q = c.req.valid('query');
    const { db } = c.var.services;
    let sel = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(q.limit);
    if (q.entity) sel = sel.where('entity', '=', q.entity);
    if (q.patientId) sel = sel.where('patient_id', '=', q.patientId);
    if (q.userId) sel = sel.where('user_id', '=', q.userId);
    if (q.beforeSeq) sel = sel.where('seq', '<', q.beforeSeq);
    const rows = await sel.execute();
    return c.json({ entries: rows.map(toAuditEntry) }, 200);
  })
  .openapi(verifyAuditChain, async (c) => c.json(await verifyAuditTrail(c.var.services.db), 200))
  // POST only because a checkpoint is a body; nothing is written.
  .openapi(verifyAuditAgainstCheckpoint, async (c) => {
    const { checkpoint } = c.req.valid('json');
    return c.json(await verifyAuditTrail(c.var.services.db, { checkpoint }), 200);
  })
  .openapi(signAuditCheckpoint, async (c) => {
    const { db, now } = c.var.services;
    return c.json({ checkpoint: await takeAuditCheckpoint(db, new Date(now())) }, 200);
  });

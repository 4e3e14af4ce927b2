import { AuditQuery } from '@cellwatch/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { query } from '../http/validate.ts';
import { toAuditEntry, verifyAuditChain } from './audit-log.ts';

/** The audit trail, for admins: newest first, filterable, and a chain verification. */
export const auditRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const q = query(c, AuditQuery);
    const { db } = c.var.services;
    let sel = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(q.limit);
    if (q.entity) sel = sel.where('entity', '=', q.entity);
    if (q.patientId) sel = sel.where('patient_id', '=', q.patientId);
    if (q.userId) sel = sel.where('user_id', '=', q.userId);
    if (q.beforeSeq) sel = sel.where('seq', '<', q.beforeSeq);
    const rows = await sel.execute();
    return c.json({ entries: rows.map(toAuditEntry) }, 200);
  })
  .get('/verify', async (c) => c.json(await verifyAuditChain(c.var.services.db), 200));

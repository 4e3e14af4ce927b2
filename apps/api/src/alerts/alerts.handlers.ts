import type { Context } from 'hono';
import { sql } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import { auditedList } from '../audit/audited-read.ts';
import { currentUser } from '../auth/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { conflict, notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { ALERT_AUDIENCE, toAlert } from './alert-store.ts';
import { acknowledgeAlert, listAlerts, resolveAlert } from './alerts.routes.ts';

/** Most severe first, then newest. */
const severityOrder = sql`case alerts.severity when 'critical' then 0 when 'high' then 1 when 'warning' then 2 else 3 end`;

async function changeStatus(
  c: Context<AppEnv>,
  id: number,
  to: 'acknowledged' | 'resolved',
  note: string | null,
) {
  const { db, now, events } = c.var.services;
  const user = currentUser(c);
  const alert = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('Alert');
    if (before.status === 'resolved') throw conflict('This alert is already resolved.');
    if (to === 'acknowledged' && before.status === 'acknowledged')
      throw conflict('This alert is already acknowledged.');
    const at = new Date(now());
    const row = await trx
      .updateTable('alerts')
      .set(
        to === 'acknowledged'
          ? {
              status: to,
              acknowledged_by: user.id,
              acknowledged_at: at.toISOString(),
              acknowledge_note: note,
            }
          : { status: to, resolved_by: user.id, resolved_at: at.toISOString(), resolve_note: note },
      )
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      {
        actor: user,
        action: to === 'acknowledged' ? 'acknowledge' : 'resolve',
        entity: 'alert',
        entityId: id,
        patientId: row.patient_id,
        before: { status: before.status },
        after: { status: row.status, note },
      },
      at,
    );
    return toAlert(row);
  });
  events.publish([
    { type: 'alert_updated', patientId: alert.patientId, roles: ALERT_AUDIENCE, data: { alert } },
  ]);
  return c.json({ alert }, 200);
}

/** Alerts: the live list, acknowledged with a note, resolved. */
export const alertRoutes = resourceRouter()
  .openapi(listAlerts, async (c) => {
    const q = c.req.valid('query');
    const alerts = await auditedList(c, 'alert', q, async (trx) => {
      let sel = trx
        .selectFrom('alerts')
        .innerJoin('patients', 'patients.id', 'alerts.patient_id')
        .selectAll('alerts')
        .select(['patients.mrn', 'patients.given_name', 'patients.family_name'])
        .orderBy(severityOrder)
        .orderBy('alerts.raised_at_ms', 'desc')
        .limit(q.limit);
      if (q.status === 'unresolved') sel = sel.where('alerts.status', '!=', 'resolved');
      else if (q.status !== 'all') sel = sel.where('alerts.status', '=', q.status);
      if (q.patientId) sel = sel.where('alerts.patient_id', '=', q.patientId);
      if (q.severity) sel = sel.where('alerts.severity', '=', q.severity);
      const rows = await sel.execute();
      return rows.map((r) => ({
        ...toAlert(r),
        patient: { id: r.patient_id, mrn: r.mrn, name: `${r.family_name}, ${r.given_name}` },
      }));
    });
    return c.json({ alerts }, 200);
  })
  .openapi(acknowledgeAlert, async (c) => {
    const { note } = c.req.valid('json');
    return changeStatus(c, c.req.valid('param').id, 'acknowledged', note ?? null);
  })
  .openapi(resolveAlert, async (c) => {
    const { note } = c.req.valid('json');
    return changeStatus(c, c.req.valid('param').id, 'resolved', note);
  });

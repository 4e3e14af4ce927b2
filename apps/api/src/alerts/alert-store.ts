import type { AlertCandidate, AlertSeverity } from '@cellwatch/clinical';
import type { CareAlert } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import type { AlertsTable, Database } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';
import { refreshAlert } from './alert-refresh.ts';

export function toAlert(row: Selectable<AlertsTable>): CareAlert {
  return {
    id: row.id,
    patientId: row.patient_id,
    rule: row.rule,
    severity: row.severity as AlertSeverity,
    message: row.message,
    factIds: JSON.parse(row.fact_ids_json) as string[],
    raisedAt: row.raised_at,
    lastFiredAt: row.last_fired_at,
    fireCount: row.fire_count,
    updatedAt: row.updated_at,
    updateCount: row.update_count,
    status: row.status as 'open' | 'acknowledged' | 'resolved',
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    acknowledgeNote: row.acknowledge_note,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolveNote: row.resolve_note,
  };
}
export type Alert = ReturnType<typeof toAlert>;

/** Roles that hear about alerts as they happen. */
export const ALERT_AUDIENCE = ['nurse', 'hematologist', 'coordinator'] as const;

/**
 * Stores what the rules raised: one unresolved alert per rule and patient. A rule that fires
 * while its alert is unresolved changes it only as alert-refresh.ts says: the same firing again
 * (the follow-up rules run on every charting write and sweep) changes nothing; a new charted fact
 * counts as raised again; a changed reason brings the message up to date (counted as updated);
 * a higher severity escalates it, re-opened and announced again. The first-raised time stays.
 * A changed message or severity is an audit row (before and after) in the same transaction.
 */
export async function raiseAlerts(
  trx: Kysely<Database>,
  patientId: number,
  candidates: readonly (Pick<AlertCandidate, 'severity' | 'message' | 'factIds'> & { rule: string })[],
  at: Date,
  audience: readonly string[] = ALERT_AUDIENCE,
): Promise<CareEvent[]> {
  const events: CareEvent[] = [];
  const iso = at.toISOString();
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.rule)) continue; // the first (most severe) candidate of a rule wins
    seen.add(candidate.rule);
    const open = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('rule', '=', candidate.rule)
      .where('status', '!=', 'resolved')
      .executeTakeFirst();
    if (open) {
      const event = await refreshOpenAlert(trx, open, candidate, at, audience);
      if (event) events.push(event);
      continue;
    }
    const row = await trx
      .insertInto('alerts')
      .values({
        patient_id: patientId,
        rule: candidate.rule,
        severity: candidate.severity,
        message: candidate.message,
        fact_ids_json: JSON.stringify(candidate.factIds),
        raised_at: iso,
        raised_at_ms: at.getTime(),
        last_fired_at: iso,
        fire_count: 1,
        status: 'open',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    events.push({ type: 'alert_raised', patientId, roles: audience, data: { alert: toAlert(row) } });
  }
  return events;
}

/** Brings one unresolved alert in line with its rule's current firing; the event to publish, if any. */
async function refreshOpenAlert(
  trx: Kysely<Database>,
  open: Selectable<AlertsTable>,
  candidate: Pick<AlertCandidate, 'severity' | 'message' | 'factIds'>,
  at: Date,
  audience: readonly string[],
): Promise<CareEvent | null> {
  const shown = {
    severity: open.severity as AlertSeverity,
    message: open.message,
    factIds: JSON.parse(open.fact_ids_json) as string[],
  };
  const refresh = refreshAlert(shown, candidate);
  if (refresh.kind === 'unchanged') return null;
  const iso = at.toISOString();
  const { alert } = refresh;
  const row = await trx
    .updateTable('alerts')
    .set({
      severity: alert.severity,
      message: alert.message,
      fact_ids_json: JSON.stringify(alert.factIds),
      ...(refresh.kind === 'updated'
        ? { updated_at: iso, update_count: open.update_count + 1 }
        : { last_fired_at: iso, fire_count: open.fire_count + 1 }),
      // A higher severity needs someone to look again, even at an acknowledged alert.
      ...(refresh.kind === 'escalated' && { status: 'open' as const }),
    })
    .where('id', '=', open.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (refresh.messageChanged || alert.severity !== shown.severity) {
    await appendAudit(
      trx,
      {
        // The rules re-evaluated by a write (whose own audit row follows, naming who charted,
        // and covering the facts) or by a sweep. On PostgreSQL this takes the chain's lock before
        // the write's last step, only for a write that changed what an alert says.
        actor: null,
        action:
          refresh.kind === 'updated' ? 'update' : refresh.kind === 'escalated' ? 'escalate' : 'raise_again',
        entity: 'alert',
        entityId: open.id,
        patientId: open.patient_id,
        before: { severity: shown.severity, message: shown.message, status: open.status },
        after: { severity: row.severity, message: row.message, status: row.status },
        coversFacts: false,
      },
      at,
    );
  }
  return {
    type: refresh.kind === 'escalated' ? 'alert_raised' : 'alert_updated',
    patientId: open.patient_id,
    roles: audience,
    data: { alert: toAlert(row) },
  };
}

/** Closes the unresolved alerts of some rules whose condition has cleared (e.g. vitals charted). */
export async function resolveAlertsOf(
  trx: Kysely<Database>,
  patientId: number,
  rules: readonly string[],
  at: Date,
  note: string,
): Promise<CareEvent[]> {
  if (!rules.length) return [];
  const rows = await trx
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: at.toISOString(), resolve_note: note })
    .where('patient_id', '=', patientId)
    .where('rule', 'in', rules)
    .where('status', '!=', 'resolved')
    .returningAll()
    .execute();
  return rows.map((row) => ({
    type: 'alert_updated' as const,
    patientId,
    roles: ALERT_AUDIENCE,
    data: { alert: toAlert(row) },
  }));
}

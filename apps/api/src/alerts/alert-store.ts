import type { AlertCandidate, AlertSeverity } from '@cellwatch/clinical';
import type { CareAlert } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { AlertsTable, Database } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, high: 2, critical: 3 };

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
 * again while its alert is unresolved only counts the repeat (no flood), unless it is now more
 * severe, when the alert is escalated and announced again.
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
      const escalates = RANK[candidate.severity] > RANK[open.severity as AlertSeverity];
      const row = await trx
        .updateTable('alerts')
        .set({
          last_fired_at: iso,
          fire_count: open.fire_count + 1,
          ...(escalates && {
            severity: candidate.severity,
            message: candidate.message,
            fact_ids_json: JSON.stringify(candidate.factIds),
            status: 'open',
          }),
        })
        .where('id', '=', open.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (escalates)
        events.push({
          type: 'alert_raised',
          patientId,
          roles: ALERT_AUDIENCE,
          data: { alert: toAlert(row) },
        });
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

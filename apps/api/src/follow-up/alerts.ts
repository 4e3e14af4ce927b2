import type { Kysely, Selectable } from 'kysely';
import { raiseAlerts, resolveAlertsOf } from '../alerts/alert-store.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import type { CareEvent } from '../events/bus.ts';
import { yieldToRequests } from '../ops/yield.ts';
import { type FollowUpOptions, followUpPicture } from './picture.ts';

/** The coordinator's alert rules (packages/clinical ivig-schedule.ts followUpAlerts). */
export const FOLLOW_UP_RULES = [
  'ivig_indicated',
  'ivig_clinician_decision',
  'ivig_due_within_7_days',
  'ivig_overdue',
  'igg_check_due',
  'b_cell_reconstitution',
] as const;

export const FOLLOW_UP_AUDIENCE = ['coordinator', 'hematologist'] as const;

/** Tables whose facts change the follow-up picture. */
export const FOLLOW_UP_TABLES = new Set([
  'lab_results',
  'infections',
  'ivig_doses',
  'ivig_dose_outcomes',
  'immunosuppressant_stops',
  'remission_assessments',
  'licats_events',
  'milestone_visits',
]);

/**
 * Brings a patient's coordinator alerts in line with the follow-up rules: raises what fires
 * (one open alert per rule) and resolves what no longer does. Called after follow-up writes
 * and by the periodic sweep (due dates come closer with time alone).
 */
export async function syncFollowUpAlerts(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  now: number,
  options: FollowUpOptions = {},
): Promise<CareEvent[]> {
  if (!patient.infusion_at) return [];
  const picture = await followUpPicture(trx, patient, now, options);
  const firing = picture.alerts.map((a) => ({
    rule: a.rule,
    severity: a.severity,
    message: a.message,
    factIds: [] as string[],
  }));
  const at = new Date(now);
  const cleared = FOLLOW_UP_RULES.filter((rule) => !firing.some((f) => f.rule === rule));
  return [
    ...(await resolveAlertsOf(trx, patient.id, cleared, at, 'no longer applies')),
    ...(await raiseAlerts(trx, patient.id, firing, at, FOLLOW_UP_AUDIENCE)),
  ];
}

/** The periodic pass: due dates come closer with time alone. Each patient in its own transaction. */
export async function sweepFollowUpAlerts(
  db: Kysely<Database>,
  now: number,
  options: FollowUpOptions = {},
): Promise<CareEvent[]> {
  const patients = await db
    .selectFrom('patients')
    .selectAll()
    .where('status', 'in', ['infused', 'inpatient_monitoring', 'outpatient_follow_up', 'long_term_follow_up'])
    .where('infusion_at', 'is not', null)
    .execute();
  const events: CareEvent[] = [];
  for (const p of patients) {
    events.push(...(await db.transaction().execute((trx) => syncFollowUpAlerts(trx, p, now, options))));
    await yieldToRequests();
  }
  return events;
}

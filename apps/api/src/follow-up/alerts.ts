import { FollowUpAlertRule } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import { raiseAlerts, resolveAlertsOf } from '../alerts/alert-store.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { lockPatients } from '../db/write-locks.ts';
import type { CareEvent } from '../events/bus.ts';
import { yieldToRequests } from '../ops/yield.ts';
import { syncTransgeneTestingAlert } from './malignancy-record.ts';
import { type FollowUpOptions, followUpPicture } from './picture.ts';
import { prophylaxisPicture } from './prophylaxis-picture.ts';

/** The coordinator's alert rules (packages/clinical follow-up-alerts.ts followUpAlerts). */
export const FOLLOW_UP_RULES = FollowUpAlertRule.options;

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
  'malignancy_events',
  'transgene_testing_tasks',
  'transgene_testing_done',
  'disease_scores',
  'prophylaxis_records',
  'prophylaxis_stops',
  'hbv_screenings',
  'vaccine_doses',
  // A corticosteroid course of 5 days or more calls for CMV PCR monitoring (cmv-monitoring.ts).
  'medication_administrations',
  // A re-treatment restarts the prophylaxis and revaccination clocks.
  'infusion_episodes',
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
  // Second-malignancy follow-up (malignancy-record.ts): its own standing alert, kept alongside.
  const transgene = await syncTransgeneTestingAlert(trx, patient.id, new Date(now), FOLLOW_UP_AUDIENCE);
  if (!patient.infusion_at) return transgene;
  const picture = await followUpPicture(trx, patient, now, options);
  const prophylaxis = await prophylaxisPicture(trx, patient, now, options);
  const firing = [...picture.alerts, ...(prophylaxis?.alerts ?? [])].map((a) => ({
    rule: a.rule,
    severity: a.severity,
    message: a.message,
    factIds: [] as string[],
  }));
  const at = new Date(now);
  const cleared = FOLLOW_UP_RULES.filter((rule) => !firing.some((f) => f.rule === rule));
  // A rule still firing the same way (every write and sweep re-evaluates them) leaves its open
  // alert alone; one whose reason changed brings the message up to date (alert-refresh.ts).
  return [
    ...(await resolveAlertsOf(trx, patient.id, cleared, at, 'no longer applies')),
    ...(await raiseAlerts(trx, patient.id, firing, at, FOLLOW_UP_AUDIENCE)),
    ...transgene,
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
    events.push(
      ...(await db.transaction().execute(async (trx) => {
        await lockPatients(trx, [p.id]);
        return syncFollowUpAlerts(trx, p, now, options);
      })),
    );
    await yieldToRequests();
  }
  return events;
}

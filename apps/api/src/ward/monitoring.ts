import {
  type AlertCandidate,
  type CellProduct,
  calendarDayNumbering,
  type DayNumbering,
  isFullVitalCheck,
  type MonitoringPlan,
  type MonitoringStatus,
  monitoringPlanFor,
  monitoringStatus,
  VITAL_SIGNS,
  type VitalSign,
} from '@cellwatch/clinical';
import { ACTIVE_STATUSES } from '@cellwatch/contracts';
import type { Kysely } from 'kysely';
import { raiseAlerts, resolveAlertsOf } from '../alerts/alert-store.ts';
import { serverTimeZone } from '../config.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database } from '../db/schema.ts';
import { lockPatients } from '../db/write-locks.ts';
import type { CareEvent } from '../events/bus.ts';
import { yieldToRequests } from '../ops/yield.ts';

export interface MonitoredPatient {
  id: number;
  product: string;
  infusion_at: string | null;
  last_vitals_at_ms: number | null;
  last_ice_at_ms: number | null;
  febrile: number | null;
}

/** The column of a vital set that holds each vital sign (blood pressure: its systolic). */
const VITAL_SIGN_COLUMN = {
  temperature: 'temperature_c',
  heart_rate: 'heart_rate',
  blood_pressure: 'systolic',
  respiratory_rate: 'respiratory_rate',
  spo2: 'spo2',
} as const satisfies Record<VitalSign, string>;

/** The monitoring plan of a patient's product (the shipped plan; protocols may override it). */
export const planOf = (product: string): MonitoringPlan => monitoringPlanFor(product as CellProduct);

/**
 * The time of the patient's latest valid FULL vitals check (MonitoringPlan.fullVitalCheck): only
 * such a set resets the "vitals due" clock, a temperature taken alone does not.
 */
export async function lastFullVitalsAt(
  db: Kysely<Database>,
  patientId: number,
  plan: MonitoringPlan,
): Promise<number | null> {
  let q = db
    .selectFrom('vital_sets')
    .select('taken_at_ms')
    .where('patient_id', '=', patientId)
    .where(notEnteredInError('vital_sets'));
  for (const sign of plan.fullVitalCheck) q = q.where(VITAL_SIGN_COLUMN[sign], 'is not', null);
  const row = await q.orderBy('taken_at_ms', 'desc').limit(1).executeTakeFirst();
  return row?.taken_at_ms ?? null;
}

/** Whether one charted vital set is a full vitals check under the plan. */
export function isFullCheckRow(
  row: Record<(typeof VITAL_SIGN_COLUMN)[VitalSign], number | null>,
  plan: MonitoringPlan,
): boolean {
  const measured: Partial<Record<VitalSign, boolean>> = {};
  for (const sign of VITAL_SIGNS) measured[sign] = row[VITAL_SIGN_COLUMN[sign]] !== null;
  return isFullVitalCheck(plan, measured);
}

/**
 * The monitoring plan's due times for one patient (clinical-reference.md monitoring rules); the
 * plan's Days are the unit's calendar days (CourseRegrader.dayNumbering).
 */
export function dueChecks(
  p: MonitoredPatient,
  now: number,
  dayNumbering: DayNumbering = calendarDayNumbering(serverTimeZone()),
): MonitoringStatus | null {
  if (!p.infusion_at) return null;
  return monitoringStatus(planOf(p.product), {
    infusionAt: Date.parse(p.infusion_at),
    now,
    lastVitalsAt: p.last_vitals_at_ms,
    lastIceAt: p.last_ice_at_ms,
    febrile: p.febrile === 1,
    dayNumbering,
  });
}

/**
 * Raises "vitals overdue" and "ICE overdue" alerts for every patient under active monitoring
 * whose checks are late, and closes them when they are no longer late. Run every minute; each
 * patient in its own short transaction so that charting is never held up for long.
 */
export async function sweepOverdueChecks(
  db: Kysely<Database>,
  now: number,
  dayNumbering: DayNumbering = calendarDayNumbering(serverTimeZone()),
): Promise<CareEvent[]> {
  const patients = await db
    .selectFrom('patients')
    .leftJoin('patient_state', 'patient_state.patient_id', 'patients.id')
    .select([
      'patients.id',
      'patients.product',
      'patients.infusion_at',
      'patient_state.last_vitals_at_ms',
      'patient_state.last_ice_at_ms',
      'patient_state.febrile',
    ])
    .where('patients.status', 'in', ACTIVE_STATUSES)
    .where('patients.infusion_at', 'is not', null)
    .execute();
  const events: CareEvent[] = [];
  for (const p of patients) {
    const due = dueChecks(p, now, dayNumbering);
    if (!due) continue;
    const at = new Date(now);
    const raised: AlertCandidate[] = [];
    if (due.vitalsOverdue && due.vitalsDueAt !== null) {
      raised.push({
        rule: 'vitals_overdue' as const,
        severity: 'warning' as const,
        message: `Vitals overdue since ${new Date(due.vitalsDueAt).toISOString()} (every ${due.vitalsEveryHours} h${p.febrile ? ' while febrile' : ''})`,
        factIds: [],
      });
    }
    if (due.iceOverdue && due.iceDueAt !== null) {
      raised.push({
        rule: 'ice_overdue' as const,
        severity: 'warning' as const,
        message: `ICE assessment overdue since ${new Date(due.iceDueAt).toISOString()}`,
        factIds: [],
      });
    }
    // An overdue check that is still overdue at the next sweep is the same alert, not a new
    // firing: only a check that was not already flagged is raised (the alert's "raised again"
    // count is kept for real re-firings, such as a new abnormal vital set).
    const alreadyOpen = raised.length
      ? new Set(
          (
            await db
              .selectFrom('alerts')
              .select('rule')
              .where('patient_id', '=', p.id)
              .where(
                'rule',
                'in',
                raised.map((r) => r.rule),
              )
              .where('status', '!=', 'resolved')
              .execute()
          ).map((a) => a.rule),
        )
      : new Set<string>();
    const newlyOverdue = raised.filter((r) => !alreadyOpen.has(r.rule));
    const cleared = [
      ...(due.vitalsOverdue ? [] : ['vitals_overdue']),
      ...(due.iceOverdue ? [] : ['ice_overdue']),
    ];
    events.push(
      ...(await db.transaction().execute(async (trx) => {
        await lockPatients(trx, [p.id]);
        return [
          ...(await resolveAlertsOf(trx, p.id, cleared, at, 'no longer overdue')),
          ...(await raiseAlerts(trx, p.id, newlyOverdue, at)),
        ];
      })),
    );
    await yieldToRequests();
  }
  return events;
}

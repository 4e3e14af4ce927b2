/**
 * Monitoring plans: how often vitals and ICE are due after infusion.
 *
 * Source (shared/clinical-reference.md, "Monitoring after infusion", current labels since the
 * REMS ended in June 2025): inpatient vitals at least every 4 h, every 2 h while febrile; ICE at
 * least twice daily, often every 8 h, during the risk window; monitoring for at least 2 weeks.
 * Trial protocols may ask more, so the plan is configurable per product and protocol.
 */
import type { CellProduct } from './products.ts';
import { type DayNumbering, dayNumberAt, HOUR_MS } from './time.ts';

/** A vital sign a vitals check can hold. */
export type VitalSign = 'temperature' | 'heart_rate' | 'blood_pressure' | 'respiratory_rate' | 'spo2';

export const VITAL_SIGNS: readonly VitalSign[] = [
  'temperature',
  'heart_rate',
  'blood_pressure',
  'respiratory_rate',
  'spo2',
];

export interface MonitoringPlan {
  /** Days after infusion (inclusive) during which the plan applies. */
  fromDay: number;
  toDay: number;
  vitalsEveryHours: number;
  vitalsEveryHoursWhileFebrile: number;
  iceEveryHours: number;
  /**
   * What a vital set must hold to count as the plan's vitals check and reset the "vitals due"
   * clock. A set with less (e.g. a temperature alone, taken for a fever) is charted and graded but
   * leaves the clock as it was.
   */
  fullVitalCheck: readonly VitalSign[];
}

export const DEFAULT_MONITORING_PLAN: MonitoringPlan = {
  fromDay: 0,
  toDay: 14,
  vitalsEveryHours: 4,
  vitalsEveryHoursWhileFebrile: 2,
  iceEveryHours: 8,
  // "Inpatient vitals at least every 4 h" (clinical-reference.md, monitoring after infusion): the
  // vital signs are temperature, heart rate, blood pressure, respiratory rate and SpO2; CRS grading
  // (ASTCT 2019) needs temperature, blood pressure and oxygenation from each check.
  fullVitalCheck: VITAL_SIGNS,
};

/** Whether a vital set is a full vitals check under the plan (only that resets the vitals clock). */
export function isFullVitalCheck(
  plan: MonitoringPlan,
  measured: Partial<Record<VitalSign, boolean>>,
): boolean {
  return plan.fullVitalCheck.every((sign) => measured[sign] === true);
}

/** The shipped plan per product: the label default for all; a protocol may override any field. */
export function monitoringPlanFor(
  _product: CellProduct,
  overrides: Partial<Record<CellProduct, Partial<MonitoringPlan>>> = {},
): MonitoringPlan {
  return { ...DEFAULT_MONITORING_PLAN, ...overrides[_product] };
}

export interface MonitoringInput {
  infusionAt: number;
  now: number;
  /** The latest full vitals check (isFullVitalCheck), not merely the latest vital set. */
  lastVitalsAt: number | null;
  /** The latest temperature charted is ≥ 38.0 °C (ASTCT 2019 fever). */
  febrile: boolean;
  lastIceAt: number | null;
  /** How the unit counts Days for the plan's window (time.ts); default elapsed 24-h periods. */
  dayNumbering?: DayNumbering;
}

export interface MonitoringStatus {
  inWindow: boolean;
  vitalsDueAt: number | null;
  vitalsOverdue: boolean;
  iceDueAt: number | null;
  iceOverdue: boolean;
  /** The interval that applies now, for display ("every 2 h while febrile"). */
  vitalsEveryHours: number;
}

/**
 * When the next vitals and ICE are due. Before anything is charted the first check is due at
 * the infusion; outside the plan's Days nothing is due.
 */
export function monitoringStatus(plan: MonitoringPlan, input: MonitoringInput): MonitoringStatus {
  const day = dayNumberAt(input.infusionAt, input.now, input.dayNumbering);
  const inWindow = day >= plan.fromDay && day <= plan.toDay;
  const vitalsEveryHours = input.febrile ? plan.vitalsEveryHoursWhileFebrile : plan.vitalsEveryHours;
  if (!inWindow) {
    return {
      inWindow,
      vitalsDueAt: null,
      vitalsOverdue: false,
      iceDueAt: null,
      iceOverdue: false,
      vitalsEveryHours,
    };
  }
  const vitalsDueAt =
    (input.lastVitalsAt ?? input.infusionAt) + (input.lastVitalsAt === null ? 0 : vitalsEveryHours * HOUR_MS);
  const iceDueAt =
    (input.lastIceAt ?? input.infusionAt) + (input.lastIceAt === null ? 0 : plan.iceEveryHours * HOUR_MS);
  return {
    inWindow,
    vitalsDueAt,
    vitalsOverdue: input.now > vitalsDueAt,
    iceDueAt,
    iceOverdue: input.now > iceDueAt,
    vitalsEveryHours,
  };
}

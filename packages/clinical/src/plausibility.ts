/**
 * Limits for charted vital signs. Two kinds:
 * - impossible: no living patient has it (or a unit was mixed up): the value is refused (422);
 * - implausible: possible but unusual enough to double-check: the value is accepted and flagged.
 *
 * The impossible temperature range (25–45 °C) is the one the grading engine also enforces
 * (InvalidFindingsError), so a stored temperature can always be graded. The other limits are
 * CellWatch choices from adult physiology, not a published standard: they are deliberately wide
 * and only catch typing and unit errors (e.g. SpO2 "970", systolic "1200").
 */
export interface Limit {
  /** Outside [min, max] is impossible. */
  min: number;
  max: number;
  /** Outside [usualMin, usualMax] is accepted with a flag. */
  usualMin: number;
  usualMax: number;
  unit: string;
}

export const VITAL_LIMITS = {
  temperatureC: { min: 25, max: 45, usualMin: 34, usualMax: 42, unit: '°C' },
  heartRate: { min: 0, max: 300, usualMin: 30, usualMax: 200, unit: '/min' },
  systolic: { min: 0, max: 300, usualMin: 60, usualMax: 230, unit: 'mm[Hg]' },
  diastolic: { min: 0, max: 250, usualMin: 25, usualMax: 140, unit: 'mm[Hg]' },
  respiratoryRate: { min: 0, max: 100, usualMin: 6, usualMax: 50, unit: '/min' },
  spo2: { min: 0, max: 100, usualMin: 70, usualMax: 100, unit: '%' },
  oxygenFlowLpm: { min: 0, max: 80, usualMin: 0, usualMax: 60, unit: 'L/min' },
  fio2: { min: 21, max: 100, usualMin: 21, usualMax: 100, unit: '%' },
} as const satisfies Record<string, Limit>;

export type VitalField = keyof typeof VITAL_LIMITS;

export interface PlausibilityFinding {
  field: string;
  value: number;
  message: string;
}

export interface PlausibilityResult {
  impossible: PlausibilityFinding[];
  unusual: PlausibilityFinding[];
}

export function checkValue(field: string, value: number, limit: Limit, into: PlausibilityResult): void {
  if (!Number.isFinite(value) || value < limit.min || value > limit.max) {
    into.impossible.push({
      field,
      value,
      message: `${value} ${limit.unit} is outside ${limit.min}–${limit.max} ${limit.unit}`,
    });
  } else if (value < limit.usualMin || value > limit.usualMax) {
    into.unusual.push({
      field,
      value,
      message: `${value} ${limit.unit} is unusual (usual ${limit.usualMin}–${limit.usualMax} ${limit.unit}): please double-check`,
    });
  }
}

/** Checks each present vital sign, and the relations between them (diastolic below systolic). */
export function checkVitalSigns(vitals: Partial<Record<VitalField, number | null>>): PlausibilityResult {
  const result: PlausibilityResult = { impossible: [], unusual: [] };
  for (const field of Object.keys(VITAL_LIMITS) as VitalField[]) {
    const value = vitals[field];
    if (value !== undefined && value !== null) checkValue(field, value, VITAL_LIMITS[field], result);
  }
  const { systolic, diastolic } = vitals;
  if (systolic != null && diastolic != null && diastolic >= systolic) {
    result.impossible.push({
      field: 'diastolic',
      value: diastolic,
      message: `diastolic ${diastolic} must be below systolic ${systolic}`,
    });
  }
  return result;
}

/** Mean arterial pressure, the usual clinical estimate: (2 × diastolic + systolic) / 3, rounded. */
export function meanArterialPressure(systolic: number, diastolic: number): number {
  return Math.round((2 * diastolic + systolic) / 3);
}

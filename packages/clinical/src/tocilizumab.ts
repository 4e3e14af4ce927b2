/**
 * Tocilizumab checks for CRS.
 * Source (shared/clinical-reference.md, "Treatment facts the monitor checks"; tocilizumab label):
 * 8 mg/kg IV (12 mg/kg under 30 kg), at most 800 mg per dose, at most 3 doses in 24 h and 4 in total.
 *
 * The monitor checks, it does not prescribe: a dose over 800 mg is refused; a 4th dose within 24 h,
 * a 5th dose overall, or a dose above the weight-based dose needs a hematologist's override.
 */
import { InvalidFindingsError } from './errors.ts';
import type { Instant } from './time.ts';
import { HOUR_MS, toEpochMs } from './time.ts';
import { formatNumber, roundTo } from './units.ts';

export const TOCILIZUMAB_SOURCE =
  'tocilizumab label / shared clinical reference: 8 mg/kg (12 mg/kg < 30 kg), ≤ 800 mg, ≤ 3 doses in 24 h, ≤ 4 total';
export const TOCILIZUMAB_MAX_MG = 800;
export const TOCILIZUMAB_MAX_IN_24H = 3;
export const TOCILIZUMAB_MAX_TOTAL = 4;
const WINDOW_MS = 24 * HOUR_MS;

export interface TocilizumabDose {
  at: Instant;
  mg: number;
}

export interface TocilizumabWeightDose {
  /** Dose for the weight, capped at 800 mg (mg, not rounded to vial sizes). */
  mg: number;
  mgPerKg: 8 | 12;
  /** The weight-based dose was above 800 mg and was capped. */
  capped: boolean;
  reason: string;
}

export interface TocilizumabCheck {
  recommendedMg: number;
  mgPerKg: 8 | 12;
  capped: boolean;
  /** Prior doses in the 24 h before the proposed time. */
  dosesInLast24h: number;
  /** All prior doses. */
  totalPriorDoses: number;
  status: 'allowed' | 'refused' | 'needs_hematologist_override';
  /** Earliest time (epoch ms) a dose would be within "3 in 24 h" again; null if the total limit is reached. */
  nextWithin24hLimitAt: number | null;
  reasons: string[];
}

function validWeight(weightKg: unknown): number {
  if (typeof weightKg !== 'number' || !Number.isFinite(weightKg) || weightKg < 0.5 || weightKg > 350) {
    throw new InvalidFindingsError('weightKg', 'must be a body weight of 0.5–350 kg');
  }
  return weightKg;
}

function validMg(mg: unknown, field: string): number {
  if (typeof mg !== 'number' || !Number.isFinite(mg) || mg <= 0 || mg > 10_000) {
    throw new InvalidFindingsError(field, 'must be a dose in mg, > 0');
  }
  return mg;
}

/** Weight-based tocilizumab dose: 8 mg/kg, 12 mg/kg under 30 kg, at most 800 mg. */
export function tocilizumabDoseForWeight(weightKg: number): TocilizumabWeightDose {
  const weight = validWeight(weightKg);
  const mgPerKg = weight < 30 ? 12 : 8;
  const raw = roundTo(weight * mgPerKg, 1);
  const capped = raw > TOCILIZUMAB_MAX_MG;
  const mg = capped ? TOCILIZUMAB_MAX_MG : raw;
  const basis = `${mgPerKg} mg/kg × ${formatNumber(weight)} kg${weight < 30 ? ' (under 30 kg)' : ''}`;
  const reason = capped
    ? `${basis} = ${formatNumber(raw)} mg, capped at ${TOCILIZUMAB_MAX_MG} mg`
    : `${basis} = ${formatNumber(mg)} mg`;
  return { mg, mgPerKg, capped, reason };
}

/** What is allowed for a proposed tocilizumab dose, given the prior doses, and why. */
export function checkTocilizumab(input: {
  weightKg: number;
  priorDoses: readonly TocilizumabDose[];
  proposed: TocilizumabDose;
}): TocilizumabCheck {
  if (typeof input !== 'object' || input === null)
    throw new InvalidFindingsError('input', 'must be an object');
  const dose = tocilizumabDoseForWeight(input.weightKg);
  if (!Array.isArray(input.priorDoses)) throw new InvalidFindingsError('priorDoses', 'must be a list');
  const prior = input.priorDoses.map((d, i) => ({
    at: toEpochMs(d.at, `priorDoses[${i}].at`),
    mg: validMg(d.mg, `priorDoses[${i}].mg`),
  }));
  if (typeof input.proposed !== 'object' || input.proposed === null) {
    throw new InvalidFindingsError('proposed', 'must be { at, mg }');
  }
  const at = toEpochMs(input.proposed.at, 'proposed.at');
  const mg = validMg(input.proposed.mg, 'proposed.mg');

  const reasons = [`recommended ${dose.reason}`];
  // "3 doses in 24 h": prior doses in the 24 h up to the proposed time (a dose exactly 24 h earlier
  // has left the window).
  const inWindow = prior
    .filter((d) => d.at > at - WINDOW_MS && d.at <= at)
    .map((d) => d.at)
    .sort((a, b) => a - b);
  const total = prior.length;
  let status: TocilizumabCheck['status'] = 'allowed';

  if (mg > TOCILIZUMAB_MAX_MG) {
    status = 'refused';
    reasons.push(
      `proposed ${formatNumber(mg)} mg is over the ${TOCILIZUMAB_MAX_MG} mg maximum per dose: refused`,
    );
  } else if (mg > dose.mg) {
    status = 'needs_hematologist_override';
    reasons.push(
      `proposed ${formatNumber(mg)} mg is above the weight-based dose of ${formatNumber(dose.mg)} mg: needs a hematologist's override`,
    );
  } else {
    reasons.push(`proposed ${formatNumber(mg)} mg is within the weight-based dose`);
  }
  if (inWindow.length >= TOCILIZUMAB_MAX_IN_24H) {
    if (status !== 'refused') status = 'needs_hematologist_override';
    reasons.push(
      `this would be dose ${inWindow.length + 1} in 24 h (at most ${TOCILIZUMAB_MAX_IN_24H}): needs a hematologist's override`,
    );
  } else {
    reasons.push(`dose ${inWindow.length + 1} in 24 h (at most ${TOCILIZUMAB_MAX_IN_24H})`);
  }
  if (total >= TOCILIZUMAB_MAX_TOTAL) {
    if (status !== 'refused') status = 'needs_hematologist_override';
    reasons.push(
      `this would be dose ${total + 1} in total (at most ${TOCILIZUMAB_MAX_TOTAL}): needs a hematologist's override`,
    );
  } else {
    reasons.push(`dose ${total + 1} of at most ${TOCILIZUMAB_MAX_TOTAL} in total`);
  }
  let nextWithin24hLimitAt: number | null = at;
  if (total >= TOCILIZUMAB_MAX_TOTAL) nextWithin24hLimitAt = null;
  else if (inWindow.length >= TOCILIZUMAB_MAX_IN_24H) {
    // The window must lose enough doses to hold at most 2 before the new one.
    nextWithin24hLimitAt = (inWindow[inWindow.length - TOCILIZUMAB_MAX_IN_24H] as number) + WINDOW_MS;
    reasons.push(`within the 24-h limit again from ${new Date(nextWithin24hLimitAt).toISOString()}`);
  }
  reasons.push(TOCILIZUMAB_SOURCE);
  return {
    recommendedMg: dose.mg,
    mgPerKg: dose.mgPerKg,
    capped: dose.capped,
    dosesInLast24h: inWindow.length,
    totalPriorDoses: total,
    status,
    nextWithin24hLimitAt,
    reasons,
  };
}

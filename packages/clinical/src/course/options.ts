/**
 * The course's settings, checked once: the patient context and the options with their defaults.
 *
 * - Hypotension: the clinician's recorded judgement when present, else systolic below a threshold:
 *   90 mmHg from age 10 (ASTCT names no cut-off; clinical-reference.md default), and the PALS
 *   definition below 10 years (< 70 mmHg under 1 year, < 70 + 2 × age in years from 1 to 9).
 *   Configurable.
 */
import { InvalidFindingsError } from '../errors.ts';
import type { PatientContext } from '../facts.ts';
import { assessIcans, DEFAULT_CAPD_BELOW_AGE_YEARS, validateAge } from '../icans.ts';
import { dayNumberer, HOUR_MS, toEpochMs } from '../time.ts';
import type { CourseOptions } from './types.ts';

/** Durations in milliseconds, times in epoch milliseconds. */
export interface CourseSettings {
  infusionAt: number;
  ageYears: number;
  hypotensionBelow: number;
  feverLookBack: number;
  vitalsStale: number;
  neuroStale: number;
  resolution: number;
  capdBelowAgeYears: number;
  dayOf: (t: number) => number;
}

/**
 * Default hypotension threshold by age: 90 mmHg from 10 years (clinical-reference.md); below 10 years
 * the Pediatric Advanced Life Support (PALS, American Heart Association) definition: < 70 mmHg under
 * 1 year, < 70 + 2 × age in years from 1 to 9 years.
 */
export function defaultHypotensionThresholdMmHg(ageYears: number): number {
  if (ageYears >= 10) return 90;
  if (ageYears < 1) return 70;
  return 70 + 2 * Math.floor(ageYears);
}

function positiveHours(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new InvalidFindingsError(`options.${field}`, 'must be a positive number of hours');
  }
  return v * HOUR_MS;
}

/** Check the context and options (throws InvalidFindingsError) and fill in the defaults. */
export function courseSettings(context: PatientContext, options: CourseOptions = {}): CourseSettings {
  if (typeof context !== 'object' || context === null)
    throw new InvalidFindingsError('context', 'must be an object');
  const infusionAt = toEpochMs(context.infusionAt, 'infusionAt');
  const ageYears = validateAge(context.ageYears);
  const threshold = options.hypotensionSystolicBelowMmHg ?? defaultHypotensionThresholdMmHg(ageYears);
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 40 || threshold > 140) {
    throw new InvalidFindingsError('options.hypotensionSystolicBelowMmHg', 'must be 40–140 mmHg');
  }
  const feverLookBack = positiveHours(options.feverLookBackHours, 24, 'feverLookBackHours');
  const vitalsStale = positiveHours(options.vitalsStaleAfterHours, 4, 'vitalsStaleAfterHours');
  const neuroStale = positiveHours(options.neuroStaleAfterHours, 12, 'neuroStaleAfterHours');
  const resolution = positiveHours(options.resolutionHours, 24, 'resolutionHours');
  const capdBelowAgeYears = options.capdBelowAgeYears ?? DEFAULT_CAPD_BELOW_AGE_YEARS;
  // Validates the cut-off through the ICANS rules' own check.
  assessIcans(
    { ageYears, consciousness: 'normal', seizure: 'none', motorWeakness: 'none', raisedIcp: 'none' },
    { capdBelowAgeYears },
  );
  return {
    infusionAt,
    ageYears,
    hypotensionBelow: threshold,
    feverLookBack,
    vitalsStale,
    neuroStale,
    resolution,
    capdBelowAgeYears,
    dayOf: dayNumberer(infusionAt, options.dayNumbering),
  };
}

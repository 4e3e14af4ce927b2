/** Validation and normalisation: a charted fact checked once and turned into the engine's form (epoch ms). */
import { VASOPRESSORS, validateOxygen, validateTemperature } from '../crs.ts';
import { CourseFactError, InvalidFindingsError } from '../errors.ts';
import type { ChartedFact, NeuroAssessmentFact, VasopressorInfusionFact, VitalSignsFact } from '../facts.ts';
import { MEDICATION_KINDS } from '../facts.ts';
import { assessIcans } from '../icans.ts';
import { iceScore } from '../ice.ts';
import { toEpochMs } from '../time.ts';
import { roundTo } from '../units.ts';
import type { NFact, NInfusion, NNeuro, NVitals } from './types.ts';

function optionalNumberInRange(
  value: unknown,
  min: number,
  max: number,
  field: string,
  unit: string,
): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidFindingsError(field, `must be ${min}–${max} ${unit}`);
  }
  return value;
}

/** Refuses anything but an object where a fact is expected. */
export function requireObject(fact: unknown): void {
  if (typeof fact !== 'object' || fact === null) throw new InvalidFindingsError('fact', 'must be an object');
}

/** The fact's id, checked. */
export function requireId(fact: { id?: unknown }): string {
  requireObject(fact);
  if (typeof fact.id !== 'string' || fact.id.length === 0)
    throw new InvalidFindingsError('id', 'must be a non-empty string');
  return fact.id;
}

function normalizeVitals(f: VitalSignsFact): NVitals {
  const at = toEpochMs(f.at, 'at');
  // Temperatures are graded at 0.01 °C (units.ts): rounded once here.
  const valid = f.temperatureC === undefined ? null : validateTemperature(f.temperatureC);
  const temperatureC = valid === null ? null : roundTo(valid, 2);
  const systolic = optionalNumberInRange(f.systolicMmHg, 20, 300, 'systolicMmHg', 'mmHg');
  optionalNumberInRange(f.spo2Pct, 0, 100, 'spo2Pct', '%');
  const oxygen = f.oxygen === undefined || f.oxygen === null ? null : validateOxygen(f.oxygen);
  if (f.hypotension !== undefined && typeof f.hypotension !== 'boolean') {
    throw new InvalidFindingsError('hypotension', 'must be true or false');
  }
  return {
    kind: 'vital_signs',
    id: f.id,
    fact: f,
    active: false,
    at,
    temperatureC,
    systolic,
    hypotensionFlag: f.hypotension,
    oxygen,
  };
}

function normalizeInfusion(f: VasopressorInfusionFact): NInfusion {
  if (!(VASOPRESSORS as readonly string[]).includes(f.drug)) {
    throw new InvalidFindingsError('drug', `unknown vasopressor ${JSON.stringify(f.drug)}`);
  }
  const at = toEpochMs(f.start, 'start');
  const chartedStop =
    f.stop === undefined || f.stop === null ? Number.POSITIVE_INFINITY : toEpochMs(f.stop, 'stop');
  if (chartedStop < at) throw new InvalidFindingsError('stop', 'is before the start');
  return {
    kind: 'vasopressor_infusion',
    id: f.id,
    fact: f,
    active: false,
    at,
    drug: f.drug,
    chartedStop,
    stop: chartedStop,
  };
}

function normalizeNeuro(f: NeuroAssessmentFact, ageYears: number, capdBelowAgeYears: number): NNeuro {
  const at = toEpochMs(f.at, 'at');
  let ice = f.iceScore;
  if (f.iceItems !== undefined) {
    const fromItems = iceScore(f.iceItems);
    if (ice !== undefined && ice !== fromItems) {
      throw new InvalidFindingsError('iceScore', `${ice} does not match the ICE items (${fromItems})`);
    }
    ice = fromItems;
  }
  const findings = {
    ageYears,
    iceScore: ice,
    capdScore: f.capdScore,
    ...(f.notPerformedReason !== undefined && { notPerformedReason: f.notPerformedReason }),
    consciousness: f.consciousness,
    consciousnessOtherCause: f.consciousnessOtherCause,
    seizure: f.seizure,
    motorWeakness: f.motorWeakness,
    raisedIcp: f.raisedIcp,
  };
  const assessment = assessIcans(findings, { capdBelowAgeYears });
  return {
    kind: 'neuro_assessment',
    id: f.id,
    fact: f,
    active: false,
    at,
    assessment,
  };
}

/**
 * Validate a fact (throws InvalidFindingsError or CourseFactError) and normalise it, not yet in force.
 * `recorded` finds the infusion a vasopressor stop refers to.
 */
export function normalizeFact(
  fact: ChartedFact,
  recorded: ReadonlyMap<string, NFact>,
  ageYears: number,
  capdBelowAgeYears: number,
): NFact {
  switch (fact.kind) {
    case 'vital_signs':
      return normalizeVitals(fact);
    case 'vasopressor_infusion':
      return normalizeInfusion(fact);
    case 'vasopressor_stop': {
      const at = toEpochMs(fact.at, 'at');
      const infusion = recorded.get(fact.infusionId);
      if (infusion === undefined || infusion.kind !== 'vasopressor_infusion') {
        throw new CourseFactError(
          fact.id,
          `stops unknown vasopressor infusion ${JSON.stringify(fact.infusionId)}`,
        );
      }
      if (at < infusion.at) throw new InvalidFindingsError('at', 'the stop is before the infusion start');
      return { kind: fact.kind, id: fact.id, fact, active: false, at, infusionId: fact.infusionId };
    }
    case 'medication': {
      if (!(MEDICATION_KINDS as readonly string[]).includes(fact.medication)) {
        throw new InvalidFindingsError(
          'medication',
          `unknown medication kind ${JSON.stringify(fact.medication)}`,
        );
      }
      if (fact.doseMg !== undefined && (!Number.isFinite(fact.doseMg) || fact.doseMg <= 0)) {
        throw new InvalidFindingsError('doseMg', 'must be a positive number of mg');
      }
      const at = toEpochMs(fact.at, 'at');
      return { kind: fact.kind, id: fact.id, fact, active: false, at, medication: fact.medication };
    }
    case 'neuro_assessment':
      return normalizeNeuro(fact, ageYears, capdBelowAgeYears);
    case 'fever_other_cause': {
      const from = toEpochMs(fact.from, 'from');
      const to =
        fact.to === undefined || fact.to === null ? Number.POSITIVE_INFINITY : toEpochMs(fact.to, 'to');
      if (to < from) throw new InvalidFindingsError('to', 'is before from');
      return { kind: fact.kind, id: fact.id, fact, active: false, from, to };
    }
    case 'crs_death':
    case 'icans_death':
      return { kind: fact.kind, id: fact.id, fact, active: false, at: toEpochMs(fact.at, 'at') };
    default:
      throw new InvalidFindingsError(
        'kind',
        `unknown fact kind ${JSON.stringify((fact as { kind?: unknown }).kind)}`,
      );
  }
}

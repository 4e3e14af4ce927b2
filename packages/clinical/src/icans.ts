/**
 * Immune effector cell-associated neurotoxicity syndrome (ICANS) grading.
 *
 * Source: ASTCT consensus grading, Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638
 * ("ASTCT 2019"), as transcribed in shared/clinical-reference.md: the most severe domain decides.
 * Children use the Cornell Assessment of Pediatric Delirium (CAPD) instead of ICE.
 * Interpretations are marked INTERPRETATION and listed in README.md.
 */
import type { Consciousness } from './consciousness.ts';
import type { Grade, Grading } from './crs.ts';
import { ASTCT_2019 } from './crs.ts';
import { InvalidFindingsError } from './errors.ts';
import {
  encephalopathyNotPerformed,
  NOT_PERFORMED_REASONS,
  type NotPerformedReason,
} from './not-performed.ts';

export type { Consciousness } from './consciousness.ts';
export type Seizure =
  | 'none'
  | 'rapidly_resolving'
  | 'nonconvulsive_eeg_resolved_with_intervention'
  | 'prolonged_or_repetitive';
export type MotorWeakness = 'none' | 'deep_focal';
export type RaisedIcp =
  | 'none'
  | 'focal_edema'
  | 'diffuse_edema'
  | 'posturing'
  | 'cranial_nerve_vi_palsy'
  | 'papilledema'
  | 'cushings_triad';

export interface IcansFindings {
  ageYears: number;
  /** 0–10; null when it cannot be performed. */
  iceScore?: number | null;
  /** 0–32; children (under 12 by default). null when it cannot be performed. */
  capdScore?: number | null;
  /**
   * Why the tool in use (ICE; CAPD under the age cut-off) could not be performed, with its score
   * null. Each reason's effect on the grade: not-performed.ts.
   */
  notPerformedReason?: NotPerformedReason;
  consciousness: Consciousness;
  seizure: Seizure;
  motorWeakness: MotorWeakness;
  raisedIcp: RaisedIcp;
  /**
   * ASTCT 2019: depressed consciousness must not be attributable to another cause (e.g. sedating
   * medication). When true, the consciousness domain does not count.
   */
  consciousnessOtherCause?: boolean;
  icansDeath?: boolean;
}

export interface IcansOptions {
  /** CAPD replaces ICE below this age in years (ASTCT 2019: under 12; some protocols use ≤ 12, i.e. 13). */
  capdBelowAgeYears?: number;
}

export type IcansDomain = 'encephalopathy' | 'consciousness' | 'seizure' | 'motor' | 'raisedIcp';

export interface IcansAssessment extends Grading {
  /** Which tool graded encephalopathy. */
  tool: 'ICE' | 'CAPD';
  /** Grade each domain alone would give. */
  domains: Record<IcansDomain, Grade>;
  /**
   * Set when the encephalopathy domain could not be graded (tool not recorded or not assessable):
   * names the missing data, so the grade may be an underestimate.
   */
  encephalopathyMissing: string | null;
}

export const DEFAULT_CAPD_BELOW_AGE_YEARS = 12;

export const CONSCIOUSNESS_LEVELS: readonly Consciousness[] = [
  'normal',
  'awakens_spontaneously',
  'awakens_to_voice',
  'awakens_to_touch',
  'unarousable',
];
export const SEIZURES: readonly Seizure[] = [
  'none',
  'rapidly_resolving',
  'nonconvulsive_eeg_resolved_with_intervention',
  'prolonged_or_repetitive',
];
export const MOTOR_WEAKNESS: readonly MotorWeakness[] = ['none', 'deep_focal'];
export const RAISED_ICP: readonly RaisedIcp[] = [
  'none',
  'focal_edema',
  'diffuse_edema',
  'posturing',
  'cranial_nerve_vi_palsy',
  'papilledema',
  'cushings_triad',
];

// ASTCT 2019, depressed level of consciousness: awakens spontaneously 1, to voice 2, only to tactile
// stimulus 3, unarousable / needs vigorous or repetitive tactile stimuli / stupor / coma 4.
const CONSCIOUSNESS_GRADE: Record<Consciousness, { grade: Grade; label: string }> = {
  normal: { grade: 0, label: 'fully awake' },
  awakens_spontaneously: { grade: 1, label: 'depressed consciousness, awakens spontaneously' },
  awakens_to_voice: { grade: 2, label: 'depressed consciousness, awakens to voice' },
  awakens_to_touch: { grade: 3, label: 'depressed consciousness, awakens only to tactile stimulus' },
  unarousable: { grade: 4, label: 'unarousable (stupor or coma)' },
};
// ASTCT 2019, seizure: any clinical seizure that resolves rapidly, or non-convulsive seizures on EEG
// that resolve with intervention → 3; life-threatening prolonged (> 5 min) or repetitive seizures
// without return to baseline → 4.
const SEIZURE_GRADE: Record<Seizure, { grade: Grade; label: string }> = {
  none: { grade: 0, label: 'no seizure' },
  rapidly_resolving: { grade: 3, label: 'clinical seizure that resolved rapidly' },
  nonconvulsive_eeg_resolved_with_intervention: {
    grade: 3,
    label: 'non-convulsive seizures on EEG that resolved with intervention',
  },
  prolonged_or_repetitive: {
    grade: 4,
    label: 'prolonged (> 5 min) or repetitive seizures without return to baseline',
  },
};
// ASTCT 2019, motor findings: deep focal motor weakness (hemiparesis, paraparesis) → 4.
const MOTOR_GRADE: Record<MotorWeakness, { grade: Grade; label: string }> = {
  none: { grade: 0, label: 'no focal weakness' },
  deep_focal: { grade: 4, label: 'deep focal motor weakness (hemiparesis or paraparesis)' },
};
// ASTCT 2019, raised ICP / cerebral edema: focal/local edema on neuroimaging → 3; diffuse edema,
// decerebrate or decorticate posturing, cranial nerve VI palsy, papilledema, Cushing's triad → 4.
const ICP_GRADE: Record<RaisedIcp, { grade: Grade; label: string }> = {
  none: { grade: 0, label: 'no sign of raised ICP' },
  focal_edema: { grade: 3, label: 'focal/local cerebral edema on neuroimaging' },
  diffuse_edema: { grade: 4, label: 'diffuse cerebral edema on neuroimaging' },
  posturing: { grade: 4, label: 'decerebrate or decorticate posturing' },
  cranial_nerve_vi_palsy: { grade: 4, label: 'cranial nerve VI palsy' },
  papilledema: { grade: 4, label: 'papilledema' },
  cushings_triad: { grade: 4, label: "Cushing's triad" },
};

function mustBeOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidFindingsError(
      field,
      `unknown value ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

function optionalScore(value: unknown, max: number, field: string): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidFindingsError(
      field,
      `must be a whole number 0–${max}, or null when it cannot be performed`,
    );
  }
  return value;
}

function optionalBoolean(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidFindingsError(field, 'must be true or false');
  return value;
}

/** Throws InvalidFindingsError unless the age is a plausible number of years. */
export function validateAge(value: unknown, field = 'ageYears'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 130) {
    throw new InvalidFindingsError(field, 'must be an age in years, 0–130');
  }
  return value;
}

/** Validates IcansFindings, throwing InvalidFindingsError; returns the findings unchanged. */
export function validateIcansFindings(f: IcansFindings): IcansFindings {
  if (typeof f !== 'object' || f === null) throw new InvalidFindingsError('findings', 'must be an object');
  validateAge(f.ageYears);
  optionalScore(f.iceScore, 10, 'iceScore');
  optionalScore(f.capdScore, 32, 'capdScore');
  mustBeOneOf(f.consciousness, CONSCIOUSNESS_LEVELS, 'consciousness');
  mustBeOneOf(f.seizure, SEIZURES, 'seizure');
  mustBeOneOf(f.motorWeakness, MOTOR_WEAKNESS, 'motorWeakness');
  mustBeOneOf(f.raisedIcp, RAISED_ICP, 'raisedIcp');
  optionalBoolean(f.consciousnessOtherCause, 'consciousnessOtherCause');
  optionalBoolean(f.icansDeath, 'icansDeath');
  if (f.notPerformedReason !== undefined) {
    mustBeOneOf(f.notPerformedReason, NOT_PERFORMED_REASONS, 'notPerformedReason');
    if (typeof f.iceScore === 'number') {
      throw new InvalidFindingsError('notPerformedReason', 'an ICE score was recorded: it was performed');
    }
  }
  return f;
}

function validateOptions(options: IcansOptions | undefined): number {
  const cutoff = options?.capdBelowAgeYears ?? DEFAULT_CAPD_BELOW_AGE_YEARS;
  if (typeof cutoff !== 'number' || !Number.isFinite(cutoff) || cutoff < 0 || cutoff > 30) {
    throw new InvalidFindingsError('options.capdBelowAgeYears', 'must be an age in years, 0–30');
  }
  return cutoff;
}

/**
 * Encephalopathy by ICE (ASTCT 2019, age ≥ 12): 7–9 → 1, 3–6 → 2, 0–2 → 3, 0 because unarousable
 * and unable to perform ICE → 4. An awake patient with ICE 0 (global aphasia) is grade 3.
 */
function gradeByIce(ice: number | undefined, unarousable: boolean): { grade: Grade; reason: string } {
  if (ice === undefined) return { grade: 0, reason: 'ICE not recorded: encephalopathy not graded by ICE' };
  if (ice === 10) return { grade: 0, reason: 'ICE 10/10' };
  if (ice >= 7) return { grade: 1, reason: `ICE ${ice}/10 → grade 1` };
  if (ice >= 3) return { grade: 2, reason: `ICE ${ice}/10 → grade 2` };
  if (ice >= 1) return { grade: 3, reason: `ICE ${ice}/10 → grade 3` };
  if (unarousable) return { grade: 4, reason: 'ICE 0/10, unarousable → grade 4' };
  return { grade: 3, reason: 'ICE 0/10 while awake (global aphasia) → grade 3' };
}

/**
 * Encephalopathy by CAPD in children (ASTCT 2019): CAPD 1–8 → at least grade 1 (grade 2 when the
 * child only awakens to voice, which the consciousness domain grades), CAPD ≥ 9 → 3, unable to
 * perform CAPD because unarousable → 4.
 */
function gradeByCapd(capd: number | undefined): { grade: Grade; reason: string } {
  if (capd === undefined) return { grade: 0, reason: 'CAPD not recorded: encephalopathy not graded by CAPD' };
  // INTERPRETATION: CAPD 0 is no delirium (the consensus grades 1–8 and ≥ 9 only).
  if (capd === 0) return { grade: 0, reason: 'CAPD 0: no delirium' };
  if (capd <= 8) return { grade: 1, reason: `CAPD ${capd} (1–8) → grade 1` };
  return { grade: 3, reason: `CAPD ${capd} (≥ 9) → grade 3` };
}

/** Grade ICANS from findings, with each domain separately. Throws InvalidFindingsError on invalid findings. */
export function assessIcans(f: IcansFindings, options?: IcansOptions): IcansAssessment {
  validateIcansFindings(f);
  const capdBelowAgeYears = validateOptions(options);
  const child = f.ageYears < capdBelowAgeYears;
  const tool = child ? 'CAPD' : 'ICE';
  const reasons: string[] = [];
  const consciousnessOtherCause = f.consciousnessOtherCause === true;
  // "Unarousable" only upgrades ICE/CAPD to grade 4 when it is ICANS, not sedation.
  const unarousable = f.consciousness === 'unarousable' && !consciousnessOtherCause;

  let notPerformed: { grade: Grade; reason: string } | undefined;
  let encephalopathyMissing: string | null = null;
  const score = child ? f.capdScore : f.iceScore;
  if (score === null) {
    // Not performed: each charted reason's effect is defined in not-performed.ts (ASTCT 2019).
    const effect = encephalopathyNotPerformed(
      tool,
      f.notPerformedReason,
      f.consciousness,
      consciousnessOtherCause,
    );
    notPerformed = effect;
    encephalopathyMissing = effect.missing;
  } else if (score === undefined) {
    encephalopathyMissing = `${tool} not recorded in the latest neuro assessment`;
  }
  let encephalopathy: { grade: Grade; reason: string };
  if (child) {
    encephalopathy = notPerformed ?? gradeByCapd(f.capdScore ?? undefined);
    if (f.iceScore !== undefined && f.iceScore !== null) {
      // INTERPRETATION: under the CAPD age cut-off the ICE score is not used (ASTCT 2019: CAPD replaces ICE).
      reasons.push(`ICE ${f.iceScore}/10 not used under ${capdBelowAgeYears} years: CAPD replaces ICE`);
    }
  } else {
    encephalopathy = notPerformed ?? gradeByIce(f.iceScore ?? undefined, unarousable);
    if (f.capdScore !== undefined && f.capdScore !== null) {
      reasons.push(`CAPD ${f.capdScore} not used at ${capdBelowAgeYears} years or older: ICE is used`);
    }
  }
  if (consciousnessOtherCause && f.consciousness === 'unarousable' && encephalopathy.grade > 0) {
    // ICE/CAPD cannot be interpreted in a patient unarousable from another cause (e.g. sedation).
    encephalopathy = {
      grade: 0,
      reason: `${tool} not interpretable: unarousable from another cause (e.g. sedation)`,
    };
    encephalopathyMissing = `${tool} not interpretable: unarousable from another cause`;
  }
  reasons.push(encephalopathy.reason);

  const consciousnessRow = CONSCIOUSNESS_GRADE[f.consciousness];
  let consciousness = consciousnessRow.grade;
  if (consciousness > 0) {
    if (consciousnessOtherCause) {
      // ASTCT 2019: depressed consciousness must not be attributable to another cause.
      reasons.push(`${consciousnessRow.label}, attributed to another cause: does not count`);
      consciousness = 0;
    } else reasons.push(`${consciousnessRow.label} → grade ${consciousness}`);
  }
  const seizure = SEIZURE_GRADE[f.seizure];
  if (seizure.grade > 0) reasons.push(`${seizure.label} → grade ${seizure.grade}`);
  const motor = MOTOR_GRADE[f.motorWeakness];
  if (motor.grade > 0) reasons.push(`${motor.label} → grade ${motor.grade}`);
  const icp = ICP_GRADE[f.raisedIcp];
  if (icp.grade > 0) reasons.push(`${icp.label} → grade ${icp.grade}`);

  const domains: Record<IcansDomain, Grade> = {
    encephalopathy: encephalopathy.grade,
    consciousness,
    seizure: seizure.grade,
    motor: motor.grade,
    raisedIcp: icp.grade,
  };
  // ASTCT 2019: the most severe domain decides. Grade 5: death due to ICANS.
  let grade = Math.max(...Object.values(domains)) as Grade;
  if (f.icansDeath === true) {
    reasons.push('death due to ICANS → grade 5');
    grade = 5;
  } else if (grade === 0) {
    reasons.push('no ICANS');
  }
  reasons.push(`ICANS grade ${grade} (${tool}) — ${ASTCT_2019}`);
  return { grade, reasons, tool, domains, encephalopathyMissing };
}

/** ASTCT 2019 ICANS grade with the reasons that set it. Throws InvalidFindingsError on invalid findings. */
export function gradeIcans(f: IcansFindings, options?: IcansOptions): Grading {
  const { grade, reasons } = assessIcans(f, options);
  return { grade, reasons };
}

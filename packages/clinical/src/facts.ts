/**
 * Charted facts: what the care team records about a patient after infusion. The course engine
 * (course/) grades CRS and ICANS over time from these. Facts are immutable: a wrong one is marked
 * entered-in-error (and ignored), never edited. Times are UTC instants (see time.ts).
 */
import type { OxygenSupport, Vasopressor } from './crs.ts';
import type { Consciousness, MotorWeakness, RaisedIcp, Seizure } from './icans.ts';
import type { IceItems } from './ice.ts';
import type { NotPerformedReason } from './not-performed.ts';
import type { Instant } from './time.ts';

interface FactBase {
  /** Unique id of the fact (the store's id). */
  id: string;
  /** Facts marked entered-in-error are kept for the record but ignored by every rule. */
  enteredInError?: boolean;
}

/** One set of vital signs. Any measurement may be absent. */
export interface VitalSignsFact extends FactBase {
  kind: 'vital_signs';
  at: Instant;
  temperatureC?: number | null;
  systolicMmHg?: number | null;
  /** Shown but not graded: ASTCT 2019 grades hypoxia by the oxygen required, not by SpO2. */
  spo2Pct?: number | null;
  /** `forComfort`: oxygen given for comfort only, not counted as hypoxia (crs.ts). */
  oxygen?: OxygenSupport | null;
  /**
   * Clinician's judgement that hypotension is (true) or is not (false) clinically significant. When
   * recorded it wins over the systolic threshold (ASTCT 2019 names no numeric cut-off).
   */
  hypotension?: boolean;
}

/** A vasopressor infusion. `stop` may be charted with it or later as a VasopressorStopFact. */
export interface VasopressorInfusionFact extends FactBase {
  kind: 'vasopressor_infusion';
  drug: Vasopressor;
  start: Instant;
  stop?: Instant | null;
}

/** The stop of a running vasopressor infusion, charted after its start. */
export interface VasopressorStopFact extends FactBase {
  kind: 'vasopressor_stop';
  infusionId: string;
  at: Instant;
}

export type MedicationKind =
  | 'tocilizumab'
  | 'corticosteroid'
  | 'antipyretic'
  | 'anakinra'
  | 'siltuximab'
  | 'other';

export const MEDICATION_KINDS: readonly MedicationKind[] = [
  'tocilizumab',
  'corticosteroid',
  'antipyretic',
  'anakinra',
  'siltuximab',
  'other',
];

/**
 * ASTCT 2019: after antipyretic or anti-cytokine therapy (tocilizumab, corticosteroids; we include the
 * anti-IL-1 anakinra and anti-IL-6 siltuximab as anti-cytokine therapy) fever is no longer required.
 */
export const FEVER_MASKING_MEDICATIONS: readonly MedicationKind[] = [
  'tocilizumab',
  'corticosteroid',
  'antipyretic',
  'anakinra',
  'siltuximab',
];

export interface MedicationAdministrationFact extends FactBase {
  kind: 'medication';
  at: Instant;
  medication: MedicationKind;
  /** Free text name, e.g. "dexamethasone" or "paracetamol". */
  name?: string;
  doseMg?: number;
}

/** One neurological assessment: all ICANS domains at one time. */
export interface NeuroAssessmentFact extends FactBase {
  kind: 'neuro_assessment';
  at: Instant;
  /** ICE item answers; or give `iceScore` directly. */
  iceItems?: IceItems;
  /** 0–10; null when ICE could not be performed. */
  iceScore?: number | null;
  /** 0–32 (children); null when CAPD could not be performed. */
  capdScore?: number | null;
  /** Why the tool in use (ICE; CAPD in children) could not be performed (its score null). */
  notPerformedReason?: NotPerformedReason;
  consciousness: Consciousness;
  consciousnessOtherCause?: boolean;
  seizure: Seizure;
  motorWeakness: MotorWeakness;
  raisedIcp: RaisedIcp;
}

/** A clinician attributes fevers recorded from `from` to `to` (open-ended if absent) to another cause. */
export interface FeverOtherCauseFact extends FactBase {
  kind: 'fever_other_cause';
  from: Instant;
  to?: Instant | null;
  cause?: string;
}

/** Death attributed by a clinician to CRS (grade 5) or to ICANS (grade 5). */
export interface SyndromeDeathFact extends FactBase {
  kind: 'crs_death' | 'icans_death';
  at: Instant;
}

export type ChartedFact =
  | VitalSignsFact
  | VasopressorInfusionFact
  | VasopressorStopFact
  | MedicationAdministrationFact
  | NeuroAssessmentFact
  | FeverOtherCauseFact
  | SyndromeDeathFact;

/** The patient facts that frame a course. */
export interface PatientContext {
  /** Start of the cell infusion: Day 0. */
  infusionAt: Instant;
  ageYears: number;
}

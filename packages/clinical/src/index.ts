/**
 * @cellwatch/clinical: the clinical engine of CellWatch. Pure TypeScript, no I/O.
 * See README.md for every rule, its source, and each interpretation the engine makes.
 */

export * from './acuity.ts';
// Modules added alongside by the API and web work (charting, alerts, monitoring plans).
export * from './alerts.ts';
// Long-term follow-up (issue 5): autoantibodies and remission, B-cell aplasia; further down, in
// name order: follow-up alerts, IgG checks, ivig, ivig-schedule (doses), the stop rule, the worklist, licats, milestones.
export * from './autoantibodies.ts';
export * from './autoantibody-cutoffs.ts';
export * from './b-cells.ts';
export * from './cell-counts.ts';
export * from './cibmtr-form-4100.ts';
export * from './cmv-monitoring.ts';
// The course over time: grades at every charted moment, episodes, daily maxima, incremental.
export * from './course/index.ts';
// Grading at one moment: ASTCT 2019 (names and shapes fixed by issue 3).
export type {
  CrsAssessment,
  CrsDomainGrade,
  CrsFindings,
  Grade,
  Grading,
  OxygenDevice,
  Vasopressor,
} from './crs.ts';
export {
  ASTCT_2019,
  assessCrs,
  FEVER_THRESHOLD_C,
  gradeCrs,
  isOxygenDevice,
  isVasopressor,
  LOW_FLOW_MAX_LPM,
  OXYGEN_DEVICES,
  OXYGEN_FLOW_MAX_LPM,
  TEMPERATURE_MAX_C,
  TEMPERATURE_MIN_C,
  VASOPRESSORS,
} from './crs.ts';
export * from './disease-remission.ts';
export * from './disease-remission-protocol.ts';
export * from './disease-scores.ts';
export * from './downsampling.ts';
// Foundations.
export { CourseFactError, InvalidFindingsError } from './errors.ts';
export type {
  ChartedFact,
  FeverOtherCauseFact,
  MedicationAdministrationFact,
  MedicationKind,
  NeuroAssessmentFact,
  PatientContext,
  SyndromeDeathFact,
  VasopressorInfusionFact,
  VasopressorStopFact,
  VitalSignsFact,
} from './facts.ts';
export { FEVER_MASKING_MEDICATIONS, MEDICATION_KINDS } from './facts.ts';
export * from './follow-up-alerts.ts';
export type { HematotoxItem, HematotoxLabs, HematotoxResult } from './hematotox.ts';
export { carHematotox, HEMATOTOX_LABEL, HEMATOTOX_SOURCE } from './hematotox.ts';
// Related syndromes and treatment checks.
export type { AncMeasurement, IcahtDay, IcahtResult } from './icaht.ts';
export { gradeEarlyIcaht, ICAHT_SOURCE } from './icaht.ts';
export type {
  Consciousness,
  IcansAssessment,
  IcansDomain,
  IcansFindings,
  IcansOptions,
  MotorWeakness,
  RaisedIcp,
  Seizure,
} from './icans.ts';
export {
  assessIcans,
  CONSCIOUSNESS_LEVELS,
  DEFAULT_CAPD_BELOW_AGE_YEARS,
  gradeIcans,
  MOTOR_WEAKNESS,
  RAISED_ICP,
  SEIZURES,
} from './icans.ts';
export type { IceItems } from './ice.ts';
export { iceScore } from './ice.ts';
export * from './iec-hs.ts';
export * from './igg-checks.ts';
export * from './infusion-episodes.ts';
export * from './ivig.ts';
export * from './ivig-schedule.ts';
export * from './ivig-stop.ts';
export * from './labs.ts';
export * from './licats.ts';
export * from './medications.ts';
export * from './milestones.ts';
export * from './monitoring.ts';
export type { NotPerformedReason } from './not-performed.ts';
export { NOT_PERFORMED_LABEL, NOT_PERFORMED_REASONS, notPerformedContradiction } from './not-performed.ts';
export * from './plausibility.ts';
export * from './products.ts';
export * from './prophylaxis.ts';
export * from './prophylaxis-alerts.ts';
export * from './prophylaxis-protocol.ts';
export * from './revaccination.ts';
export * from './second-malignancy.ts';
export * from './sle-remission.ts';
export type { SteroidReference } from './steroids.ts';
export { STEROID_LABEL, STEROID_SOURCE, steroidReference } from './steroids.ts';
export type { DayNumbering, Instant } from './time.ts';
export {
  calendarDateOf,
  calendarDayNumbering,
  DAY_MS,
  dayNumberAt,
  dayNumberer,
  HOUR_MS,
  isKnownTimeZone,
  startOfCalendarDay,
  toEpochMs,
} from './time.ts';
export type { TocilizumabCheck, TocilizumabDose, TocilizumabWeightDose } from './tocilizumab.ts';
export {
  checkTocilizumab,
  TOCILIZUMAB_MAX_IN_24H,
  TOCILIZUMAB_MAX_MG,
  TOCILIZUMAB_MAX_TOTAL,
  TOCILIZUMAB_SOURCE,
  tocilizumabDoseForWeight,
} from './tocilizumab.ts';
export { celsiusToFahrenheit, fahrenheitToCelsius, formatTemperature, roundTo } from './units.ts';
export { RULE_VERSION } from './version.ts';
export * from './worklist.ts';

/**
 * The course: CRS and ICANS grades at every charted moment after infusion, episodes, daily maxima,
 * recomputed incrementally when a fact arrives or is marked entered-in-error.
 *
 * Rules: ASTCT 2019 (Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638) through gradeCrs /
 * assessIcans. Everything about TIME is CellWatch's interpretation (the consensus grades a patient at
 * one moment) and is documented beside the rule and in README.md:
 *
 * - engine.ts: charted moments, incremental recomputation.
 * - crs-moments.ts: the CRS look-back (fever, hypotension, oxygen, vasopressors), CRS signs, fever
 *   no longer required.
 * - icans-moments.ts: ICANS from the latest neuro assessment.
 * - episodes.ts: episode onset, resolution and recurrence (one state machine for CRS and ICANS).
 * - options.ts: the hypotension threshold and the other defaults.
 * - missing-data.ts: missing and stale data; daily-max.ts: the daily maximum.
 */
import type { ChartedFact, PatientContext } from '../facts.ts';
import { CourseEngine } from './engine.ts';
import type { Course, CourseOptions, CourseResult } from './types.ts';

export { defaultHypotensionThresholdMmHg } from './options.ts';
export type {
  Course,
  CourseChange,
  CourseOptions,
  CoursePoint,
  CourseResult,
  CrsAtMoment,
  DailyMaxGrade,
  Episode,
  IcansAtMoment,
  MissingData,
  MissingItem,
} from './types.ts';

/** A course to which facts are added one at a time (the API's path: one regrade per write). */
export function createCourse(context: PatientContext, options?: CourseOptions): Course {
  return new CourseEngine(context, options);
}

/** Grade a whole course from scratch. */
export function gradeCourse(
  context: PatientContext,
  facts: readonly ChartedFact[],
  options?: CourseOptions,
): CourseResult {
  const engine = new CourseEngine(context, options);
  engine.loadAll(facts);
  return engine.result();
}

/** A course loaded with `facts` (graded from scratch) that further facts can be added to. */
export function loadCourse(
  context: PatientContext,
  facts: readonly ChartedFact[],
  options?: CourseOptions,
): Course {
  const engine = new CourseEngine(context, options);
  engine.loadAll(facts);
  return engine;
}

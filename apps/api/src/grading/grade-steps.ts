import type { CoursePoint } from '@cellwatch/clinical';

export interface ComputedStep {
  syndrome: 'crs' | 'icans';
  at: number;
  day: number;
  fromGrade: number;
  toGrade: number;
  reasons: readonly string[];
  factIds: readonly string[];
  missing: readonly unknown[];
  ruleVersion: string;
}

export const stepKey = (s: { syndrome: string; at: number; fromGrade: number; toGrade: number }) =>
  `${s.syndrome}|${s.at}|${s.fromGrade}|${s.toGrade}`;

/**
 * The grade changes in a run of course points: each moment whose CRS or ICANS grade differs
 * from the moment before. `before` is the point preceding the run (null at the start of the
 * course, when the grade before is 0).
 */
export function gradeSteps(before: CoursePoint | null, points: readonly CoursePoint[]): ComputedStep[] {
  const steps: ComputedStep[] = [];
  let crs = before?.crs.grade ?? 0;
  let icans = before?.icans.grade ?? 0;
  for (const p of points) {
    if (p.crs.grade !== crs) {
      steps.push({
        syndrome: 'crs',
        at: p.at,
        day: p.day,
        fromGrade: crs,
        toGrade: p.crs.grade,
        reasons: p.crs.reasons,
        factIds: p.crs.factIds,
        missing: p.crs.missing,
        ruleVersion: p.ruleVersion,
      });
      crs = p.crs.grade;
    }
    if (p.icans.grade !== icans) {
      steps.push({
        syndrome: 'icans',
        at: p.at,
        day: p.day,
        fromGrade: icans,
        toGrade: p.icans.grade,
        reasons: p.icans.reasons,
        factIds: p.icans.factIds,
        missing: p.icans.missing,
        ruleVersion: p.ruleVersion,
      });
      icans = p.icans.grade;
    }
  }
  return steps;
}

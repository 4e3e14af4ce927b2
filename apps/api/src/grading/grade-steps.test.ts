import type { CoursePoint } from '@cellwatch/clinical';
import { describe, expect, it } from 'vitest';
import { gradeSteps, stepKey } from './grade-steps.ts';

/** A course moment with only what gradeSteps reads: the time, Day, rule version and both grades. */
const point = (at: number, crs: number, icans: number): CoursePoint =>
  ({
    at,
    day: Math.floor(at / 24),
    ruleVersion: 'ASTCT-2019',
    crs: { grade: crs, reasons: [`CRS ${crs} at ${at}`], factIds: [`vital:${at}`], missing: [] },
    icans: { grade: icans, reasons: [`ICANS ${icans} at ${at}`], factIds: [`neuro:${at}`], missing: [] },
  }) as unknown as CoursePoint;

describe('grade steps from course moments', () => {
  it('gives one step per change of each syndrome, from grade 0 at the start of the course', () => {
    const steps = gradeSteps(null, [
      point(1, 0, 0),
      point(2, 1, 0),
      point(3, 1, 0),
      point(4, 2, 1),
      point(50, 0, 1),
    ]);
    expect(steps.map(stepKey)).toEqual(['crs|2|0|1', 'crs|4|1|2', 'icans|4|0|1', 'crs|50|2|0']);
    expect(steps[1]).toEqual({
      syndrome: 'crs',
      at: 4,
      day: 0,
      fromGrade: 1,
      toGrade: 2,
      reasons: ['CRS 2 at 4'],
      factIds: ['vital:4'],
      missing: [],
      ruleVersion: 'ASTCT-2019',
    });
    expect(steps[3]?.day).toBe(2);
  });

  it('counts from the moment before the run, so an unchanged grade is no step', () => {
    expect(gradeSteps(point(1, 2, 1), [point(2, 2, 1)])).toEqual([]);
    expect(gradeSteps(point(1, 2, 1), [point(2, 3, 0)]).map(stepKey)).toEqual(['crs|2|2|3', 'icans|2|1|0']);
    expect(gradeSteps(null, [])).toEqual([]);
  });
});

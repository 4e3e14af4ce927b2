import { describe, expect, it } from 'vitest';
import type { OxygenDevice, Vasopressor } from '../crs.ts';
import { CourseFactError, InvalidFindingsError } from '../errors.ts';
import type { ChartedFact, MedicationKind } from '../facts.ts';
import { createCourse } from './index.ts';
import { ctx, h, neuro, vitals } from './test-facts.ts';

describe('course: validation', () => {
  it.each<[string, ChartedFact, string]>([
    ['temperature 50 °C', vitals('x', 1, { temperatureC: 50 }), 'temperatureC'],
    ['unknown device', vitals('x', 1, { oxygen: { device: 'tent' as OxygenDevice } }), 'oxygen.device'],
    ['systolic 400', vitals('x', 1, { systolicMmHg: 400 }), 'systolicMmHg'],
    ['SpO2 120 %', vitals('x', 1, { spo2Pct: 120 }), 'spo2Pct'],
    [
      'unknown vasopressor',
      { kind: 'vasopressor_infusion', id: 'x', drug: 'milrinone' as Vasopressor, start: h(1) },
      'drug',
    ],
    [
      'stop before start',
      { kind: 'vasopressor_infusion', id: 'x', drug: 'dopamine', start: h(2), stop: h(1) },
      'stop',
    ],
    ['ICE 12', neuro('x', 1, { iceScore: 12 }), 'iceScore'],
    [
      'ICE items disagree with score',
      neuro('x', 1, {
        iceScore: 3,
        iceItems: {
          orientation: { year: true, month: true, city: true, hospital: true },
          namedObjects: 3,
          followsCommands: true,
          writesSentence: true,
          countsBackwardBy10: true,
        },
      }),
      'iceScore',
    ],
    [
      'unknown medication',
      { kind: 'medication', id: 'x', medication: 'aspirin' as MedicationKind, at: h(1) },
      'medication',
    ],
    ['annotation ends before it starts', { kind: 'fever_other_cause', id: 'x', from: h(2), to: h(1) }, 'to'],
    ['unknown kind', { kind: 'lab', id: 'x', at: h(1) } as unknown as ChartedFact, 'kind'],
  ])('refuses %s', (_name, fact, field) => {
    const course = createCourse(ctx);
    let thrown: unknown;
    try {
      course.addFact(fact);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidFindingsError);
    expect((thrown as InvalidFindingsError).field).toBe(field);
    expect(course.result().points).toHaveLength(0);
  });
  it('refuses a duplicate id, a stop of an unknown infusion and marking an unknown fact', () => {
    const course = createCourse(ctx);
    course.addFact(vitals('a', 1));
    expect(() => course.addFact(vitals('a', 2))).toThrow(CourseFactError);
    expect(() => course.addFact({ kind: 'vasopressor_stop', id: 's', infusionId: 'nope', at: h(3) })).toThrow(
      CourseFactError,
    );
    expect(() => course.markEnteredInError('nope')).toThrow(CourseFactError);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from '../errors.ts';
import type { ChartedFact, PatientContext } from '../facts.ts';
import { defaultHypotensionThresholdMmHg, gradeCourse } from './index.ts';
import { ctx, pointAt, vitals } from './test-facts.ts';

describe('course: hypotension threshold', () => {
  it('adult default systolic < 90 mmHg; 90 is not hypotension', () => {
    const r = gradeCourse(ctx, [
      vitals('a', 30, { temperatureC: 38.5, systolicMmHg: 90 }),
      vitals('b', 31, { temperatureC: 38.5, systolicMmHg: 89 }),
    ]);
    expect(pointAt(r.points, 30).crs.grade).toBe(1);
    expect(pointAt(r.points, 31).crs.grade).toBe(2);
  });
  it('the clinician judgement wins over the threshold', () => {
    const r = gradeCourse(ctx, [
      vitals('a', 30, { temperatureC: 38.5, systolicMmHg: 88, hypotension: false }),
      vitals('b', 31, { temperatureC: 38.5, systolicMmHg: 100, hypotension: true }),
    ]);
    expect(pointAt(r.points, 30).crs.grade).toBe(1);
    expect(pointAt(r.points, 31).crs.grade).toBe(2);
  });
  it('configurable, and PALS by default in children', () => {
    const r = gradeCourse(ctx, [vitals('a', 30, { temperatureC: 38.5, systolicMmHg: 95 })], {
      hypotensionSystolicBelowMmHg: 100,
    });
    expect(pointAt(r.points, 30).crs.grade).toBe(2);
    expect(defaultHypotensionThresholdMmHg(0.5)).toBe(70);
    expect(defaultHypotensionThresholdMmHg(1)).toBe(72);
    expect(defaultHypotensionThresholdMmHg(5)).toBe(80);
    expect(defaultHypotensionThresholdMmHg(9.9)).toBe(88);
    expect(defaultHypotensionThresholdMmHg(10)).toBe(90);
    const child = gradeCourse({ ...ctx, ageYears: 4 }, [
      vitals('a', 30, { temperatureC: 38.5, systolicMmHg: 77 }),
    ]);
    expect(pointAt(child.points, 30).crs.grade).toBe(2);
  });
});

describe('course: Day numbering', () => {
  it('default: elapsed 24-h periods from the infusion instant', () => {
    const r = gradeCourse(ctx, [
      vitals('a', -1),
      vitals('b', 0),
      vitals('c', 23.99),
      vitals('d', 24),
      vitals('e', 24 * 7 + 5),
    ]);
    expect(r.points.map((p) => p.day)).toEqual([0, 0, 1, 7]);
  });
  it('calendar days in a given IANA zone', () => {
    // Infusion 23:00 in Berlin on 1 March; 00:30 on 2 March Berlin time is Day 1.
    const c: PatientContext = { infusionAt: '2025-03-01T22:00:00Z', ageYears: 40 };
    const facts: ChartedFact[] = [
      { ...vitals('a', 0), at: '2025-03-01T22:30:00Z' },
      { ...vitals('b', 0), at: '2025-03-01T23:30:00Z' },
      { ...vitals('c', 0), at: '2025-03-31T21:59:00Z' }, // after the spring DST change: 23:59 CEST on 31 March
      { ...vitals('d', 0), at: '2025-03-31T22:01:00Z' }, // 00:01 on 1 April
    ];
    const calendar = gradeCourse(c, facts, { dayNumbering: { kind: 'calendar', timeZone: 'Europe/Berlin' } });
    expect(calendar.points.map((p) => p.day)).toEqual([0, 1, 30, 31]);
    const elapsed = gradeCourse(c, facts);
    expect(elapsed.points.map((p) => p.day)).toEqual([0, 0, 29, 30]);
    const utc = gradeCourse(c, facts, { dayNumbering: { kind: 'calendar', timeZone: 'UTC' } });
    expect(utc.points.map((p) => p.day)).toEqual([0, 0, 30, 30]);
  });
  it('rejects an unknown zone and zone-less times', () => {
    expect(() =>
      gradeCourse(ctx, [], { dayNumbering: { kind: 'calendar', timeZone: 'Mars/Olympus' } }),
    ).toThrow(InvalidFindingsError);
    expect(() => gradeCourse({ ...ctx, infusionAt: '2025-03-01T10:00:00' }, [])).toThrow(
      InvalidFindingsError,
    );
    expect(() => gradeCourse(ctx, [{ ...vitals('a', 1), at: '2025-03-01 12:00' }])).toThrow(
      InvalidFindingsError,
    );
  });
});

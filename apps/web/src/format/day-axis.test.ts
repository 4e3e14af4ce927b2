import { describe, expect, it } from 'vitest';
import { dayTickLabel, dayTickStep, dayTicks, fitDayRange } from './day-axis.ts';

describe('tick steps chosen from the range', () => {
  it.each([
    [0, 1],
    [7, 1],
    [10, 1],
    [11, 2],
    [20, 2],
    [21, 7],
    [70, 7],
    [71, 14],
    [140, 14],
    [141, 30],
    [300, 30],
    [301, 60],
    [900, 90],
    [5475, 570], // 15 years: whole 30-day multiples
  ])('%s days → every %s days', (span, step) => {
    expect(dayTickStep(span)).toBe(step);
  });
  it('steps are whole days and even: never more than 10 ticks, always at multiples of the step', () => {
    for (let from = -10; from <= 5; from++) {
      for (let span = 1; span <= 400; span += 7) {
        const ticks = dayTicks(from, from + span);
        const step = dayTickStep(span);
        expect(ticks.length).toBeLessThanOrEqual(11);
        expect(ticks.length).toBeGreaterThan(0);
        for (const t of ticks) {
          expect(Number.isInteger(t)).toBe(true);
          expect(Math.abs(t % step)).toBe(0);
        }
        for (let i = 1; i < ticks.length; i++) expect((ticks[i] ?? 0) - (ticks[i - 1] ?? 0)).toBe(step);
      }
    }
  });
  it('Day 0 is a tick when in range', () => {
    expect(dayTicks(-1, 7)).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(dayTicks(-1, 18)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(dayTicks(-1, 20)).toEqual([0, 7, 14]);
    expect(dayTicks(-1, 60)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56]);
    expect(dayTicks(-6, 150)).toEqual([0, 30, 60, 90, 120, 150]);
  });
  it('no ticks for an empty or reversed range', () => {
    expect(dayTicks(5, 2)).toEqual([]);
    expect(dayTicks(Number.NaN, 2)).toEqual([]);
  });
});

describe('the default range fits the data', () => {
  it.each([
    [[], [-1, 6]],
    [
      [0.5, 2],
      [-1, 6],
    ], // at least 7 days
    [
      [-0.5, 3.2, 12.4],
      [-1, 13],
    ], // to the latest fact's day
    [
      [-5, 30],
      [-1, 30],
    ], // from Day −1 even with earlier facts
  ] as [number[], [number, number]][])('facts on days %j → %j', (days, range) => {
    expect(fitDayRange(days)).toEqual(range);
  });
  it('with includeEarlier, a baseline before Day −1 is kept', () => {
    expect(fitDayRange([-6, 140])).toEqual([-1, 140]);
    expect(fitDayRange([-6, 140], { includeEarlier: true })).toEqual([-6, 140]);
    expect(fitDayRange([2], { includeEarlier: true })).toEqual([-1, 6]);
  });
  it('labels', () => {
    expect([-1, 0, 7].map(dayTickLabel)).toEqual(['D\u22121', 'D0', 'D+7']);
  });
});

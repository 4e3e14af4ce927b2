import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstInfusionAt,
  infusionDayAt,
  infusionWindows,
  inInfusionWindow,
  latestInfusionAt,
} from './infusion-episodes.ts';
import { calendarDayNumbering } from './time.ts';

const first = '2025-01-10T09:00:00Z';
const second = '2026-06-15T14:00:00Z';
const episodes = [
  { number: 2, infusedAt: second },
  { number: 1, infusedAt: first },
];

describe('infusionDayAt', () => {
  it.each([
    ['lymphodepletion before the first infusion', '2025-01-05T09:00:00Z', 1, -5],
    ['the first infusion itself', first, 1, 0],
    ['Day +3 of the first infusion', '2025-01-13T10:00:00Z', 1, 3],
    ['the day before the second infusion', '2026-06-14T14:00:00Z', 1, 520],
    ['the minute before the second infusion', '2026-06-15T13:59:00Z', 1, 521],
    ['the second infusion itself', second, 2, 0],
    ['Day +2 of the second infusion', '2026-06-17T15:00:00Z', 2, 2],
  ])('%s', (_, at, episode, day) => {
    expect(infusionDayAt(episodes, at)).toMatchObject({ episode, day });
  });

  it('has no episode without infusions', () => {
    expect(infusionDayAt([], first)).toBeNull();
  });

  it('counts calendar Days in the unit time zone', () => {
    const late = [{ number: 1, infusedAt: '2025-03-01T22:30:00Z' }];
    const berlin = calendarDayNumbering('Europe/Berlin');
    // 23:30 in Berlin on 1 March; 08:00 the next morning is Day +1.
    expect(infusionDayAt(late, '2025-03-02T07:00:00Z', berlin)?.day).toBe(1);
  });

  it('gives the first and the latest Day 0', () => {
    expect(firstInfusionAt(episodes)).toBe(Date.parse(first));
    expect(latestInfusionAt(episodes)).toBe(Date.parse(second));
    expect(firstInfusionAt([])).toBeNull();
  });

  it('never puts a later fact in an earlier episode', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: -30, max: 2_500 }),
        fc.integer({ min: 0, max: 500 }),
        (days, atDay, laterBy) => {
          const list = [...days]
            .sort((a, b) => a - b)
            .map((d, i) => ({ number: i + 1, infusedAt: start + d * 86_400_000 }));
          const at = start + atDay * 86_400_000;
          const earlier = infusionDayAt(list, at);
          const later = infusionDayAt(list, at + laterBy * 3_600_000);
          expect(later?.episode).toBeGreaterThanOrEqual(earlier?.episode ?? 0);
          // Inside an episode the Day never goes back either.
          if (later?.episode === earlier?.episode)
            expect(later?.day).toBeGreaterThanOrEqual(earlier?.day ?? 0);
        },
      ),
    );
  });
});

describe('infusionWindows', () => {
  it('gives each infusion its window, until the next Day 0', () => {
    expect(infusionWindows(episodes)).toEqual([
      { number: 1, infusedAt: Date.parse(first), until: Date.parse(second) },
      { number: 2, infusedAt: Date.parse(second), until: null },
    ]);
    expect(infusionWindows([])).toEqual([]);
  });

  it.each([
    ['lymphodepletion before the first infusion', '2025-01-05T09:00:00Z', [true, false]],
    ['the first infusion itself', first, [true, false]],
    ['the minute before the second infusion', '2026-06-15T13:59:00Z', [true, false]],
    ['the second infusion itself', second, [false, true]],
    ['years after the second infusion', '2030-01-01T00:00:00Z', [false, true]],
  ])('%s', (_, at, expected) => {
    const windows = infusionWindows(episodes);
    expect(windows.map((w, i) => inInfusionWindow(w, i === 0, Date.parse(at)))).toEqual(expected);
  });

  it('puts every instant in exactly one window, the one infusionDayAt names', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: -30 * 24, max: 2_500 * 24 }),
        (days, atHour) => {
          const list = days.map((d, i) => ({ number: i + 1, infusedAt: start + d * 86_400_000 }));
          const at = start + atHour * 3_600_000;
          const windows = infusionWindows(list);
          const holding = windows.filter((w, i) => inInfusionWindow(w, i === 0, at));
          expect(holding).toHaveLength(1);
          expect(holding[0]?.number).toBe(infusionDayAt(list, at)?.episode);
        },
      ),
    );
  });
});

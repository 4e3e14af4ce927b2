import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { AncMeasurement } from './icaht.ts';
import { gradeEarlyIcaht } from './icaht.ts';

const INFUSION = Date.parse('2025-05-01T08:00:00Z');
const DAY = 86_400_000;
/** One ANC per Day 0–30 (drawn at +2 h each Day), from a function of the Day. */
const daily = (anc: (day: number) => number): AncMeasurement[] =>
  Array.from({ length: 31 }, (_, day) => ({ at: INFUSION + day * DAY + 2 * 3_600_000, ancPerUl: anc(day) }));
/** ANC ≤ 500 (or ≤ 100) on Days [from, from + n). */
const dip = (from: number, n: number, value: number) =>
  daily((d) => (d >= from && d < from + n ? value : 2000));

describe('early ICAHT grade boundaries (Rejeski 2023)', () => {
  it.each([
    ['never ≤ 500', 0, 0, 0, daily(() => 1500)],
    ['≤ 500 for 1 Day', 1, 1, 0, dip(5, 1, 400)],
    ['≤ 500 for 6 Days', 1, 6, 0, dip(5, 6, 400)],
    ['≤ 500 for 7 Days', 2, 7, 0, dip(5, 7, 400)],
    ['≤ 500 for 13 Days', 2, 13, 0, dip(5, 13, 400)],
    ['≤ 500 for 14 Days', 3, 14, 0, dip(5, 14, 400)],
    ['≤ 500 for 29 Days', 3, 29, 0, dip(1, 29, 400)],
    ['≤ 500 for the whole 30 Days (Days 1–30)', 4, 30, 0, dip(1, 30, 400)],
    ['≤ 500 on all 31 Days', 4, 31, 0, daily(() => 300)],
    ['≤ 100 for 6 Days (and ≤ 500 for 6)', 1, 6, 6, dip(5, 6, 50)],
    ['≤ 100 for 7 Days', 3, 7, 7, dip(5, 7, 50)],
    ['≤ 100 for 13 Days', 3, 13, 13, dip(5, 13, 50)],
    ['≤ 100 for 14 Days', 4, 14, 14, dip(5, 14, 50)],
  ] as const)('%s → grade %s', (_name, grade, n500, n100, series) => {
    const r = gradeEarlyIcaht(series, INFUSION);
    expect(r.grade).toBe(grade);
    expect(r.daysAtOrBelow500).toBe(n500);
    expect(r.daysAtOrBelow100).toBe(n100);
    expect(r.complete).toBe(true);
    expect(r.reasons.at(-1)).toContain('Blood 2023');
  });
  it('thresholds are inclusive: 500 and 100 count, 501 and 101 do not', () => {
    expect(gradeEarlyIcaht(dip(3, 7, 500), INFUSION).grade).toBe(2);
    expect(gradeEarlyIcaht(dip(3, 7, 501), INFUSION).grade).toBe(0);
    expect(gradeEarlyIcaht(dip(3, 7, 100), INFUSION).daysAtOrBelow100).toBe(7);
    expect(gradeEarlyIcaht(dip(3, 7, 101), INFUSION).daysAtOrBelow100).toBe(0);
  });
});

describe('early ICAHT: the 3-day recovery rule', () => {
  it('a 2-Day recovery between dips counts as below threshold: 5 + 2 + 5 = 12 Days → grade 2', () => {
    const r = gradeEarlyIcaht(
      daily((d) => ((d >= 2 && d < 7) || (d >= 9 && d < 14) ? 300 : 900)),
      INFUSION,
    );
    expect(r.daysAtOrBelow500).toBe(12);
    expect(r.grade).toBe(2);
    expect(r.days.filter((d) => d.shortRecovery500).map((d) => d.day)).toEqual([7, 8]);
    expect(r.reasons).toContain('recovery shorter than 3 Days (Days 7–8) counted as ≤ 500/µL');
  });
  it('a 3-Day recovery is a real recovery: 5 + 5 = 10 Days', () => {
    const r = gradeEarlyIcaht(
      daily((d) => ((d >= 2 && d < 7) || (d >= 10 && d < 15) ? 300 : 900)),
      INFUSION,
    );
    expect(r.daysAtOrBelow500).toBe(10);
    expect(r.days.some((d) => d.shortRecovery500)).toBe(false);
  });
  it('a 1-Day recovery pushes 13 Days to 14 → grade 3', () => {
    const r = gradeEarlyIcaht(
      daily((d) => ((d >= 2 && d < 8) || (d >= 9 && d < 16) ? 300 : 900)),
      INFUSION,
    );
    expect(r.daysAtOrBelow500).toBe(14);
    expect(r.grade).toBe(3);
  });
  it('the rule applies to ≤ 100 too', () => {
    const r = gradeEarlyIcaht(
      daily((d) => ((d >= 2 && d < 5) || (d >= 7 && d < 10) ? 50 : d >= 5 && d < 7 ? 300 : 900)),
      INFUSION,
    );
    expect(r.daysAtOrBelow100).toBe(8);
    expect(r.grade).toBe(3);
  });
  it('a recovery at the end of the window is a recovery', () => {
    const r = gradeEarlyIcaht(
      daily((d) => (d >= 20 && d < 29 ? 300 : 900)),
      INFUSION,
    );
    expect(r.daysAtOrBelow500).toBe(9);
  });
});

describe('early ICAHT: turning measurements into Days', () => {
  it('a Day takes its lowest measurement', () => {
    const series: AncMeasurement[] = [
      ...daily(() => 1000),
      { at: INFUSION + 4 * DAY + 8 * 3_600_000, ancPerUl: 200 },
    ];
    const r = gradeEarlyIcaht(series, INFUSION);
    expect(r.days[4]).toMatchObject({ ancPerUl: 200, measured: true, atOrBelow500: true });
    expect(r.daysAtOrBelow500).toBe(1);
  });
  it('carries the last value forward between measurements only; later Days are not assessed', () => {
    const r = gradeEarlyIcaht(
      [
        { at: INFUSION - 2 * DAY, ancPerUl: 3000 },
        { at: INFUSION + 3 * DAY, ancPerUl: 400, id: 'a' },
        { at: INFUSION + 10 * DAY, ancPerUl: 1500 },
        { at: INFUSION + 12 * DAY, ancPerUl: 200 },
      ],
      INFUSION,
    );
    expect(r.days[0]).toMatchObject({ ancPerUl: 3000, measured: false });
    expect(r.days[5]).toMatchObject({ ancPerUl: 400, measured: false, atOrBelow500: true });
    // Days 3–9 (400 carried), Days 10–11 (a 2-Day recovery, counted), Day 12 measured.
    expect(r.daysAtOrBelow500).toBe(10);
    expect(r.days.filter((d) => d.shortRecovery500).map((d) => d.day)).toEqual([10, 11]);
    expect(r.notAssessedDays).toEqual(Array.from({ length: 18 }, (_, i) => 13 + i));
    expect(r.complete).toBe(false);
    expect(r.reasons).toContain('Days 13–30 not assessed (no ANC before or after): the grade may still rise');
  });
  it('Days before the first measurement are not assessed when nothing precedes them', () => {
    const r = gradeEarlyIcaht(
      [
        { at: INFUSION + 5 * DAY, ancPerUl: 300 },
        { at: INFUSION + 30 * DAY, ancPerUl: 3000 },
      ],
      INFUSION,
    );
    expect(r.notAssessedDays).toEqual([0, 1, 2, 3, 4]);
    expect(r.daysAtOrBelow500).toBe(25);
    expect(r.grade).toBe(3);
  });
  it('refuses impossible values', () => {
    expect(() => gradeEarlyIcaht([{ at: INFUSION, ancPerUl: -1 }], INFUSION)).toThrow(InvalidFindingsError);
    expect(() => gradeEarlyIcaht([{ at: '2025-05-02', ancPerUl: 100 }], INFUSION)).toThrow(
      InvalidFindingsError,
    );
  });
});

describe('after Day 30: reported, never graded (late ICAHT thresholds are unconfirmed)', () => {
  it('reports the Days after Day 30 with ANC ≤ 500/µL and leaves the early grade alone', () => {
    const early = daily(() => 1500);
    const late = [
      { at: INFUSION + 34 * DAY + 3_600_000, ancPerUl: 600 },
      { at: INFUSION + 40 * DAY, ancPerUl: 450 },
      { at: INFUSION + 40 * DAY + 3_600_000, ancPerUl: 900 },
      { at: INFUSION + 41 * DAY, ancPerUl: 500 },
      { at: INFUSION + 60 * DAY, ancPerUl: 80 },
    ];
    const without = gradeEarlyIcaht(early, INFUSION);
    const r = gradeEarlyIcaht([...early, ...late], INFUSION);
    expect(r.grade).toBe(without.grade);
    expect(r.daysAtOrBelow500).toBe(without.daysAtOrBelow500);
    expect(r.afterDay30).toEqual({ daysAtOrBelow500: [40, 41, 60], lowestAncPerUl: 80 });
    expect(r.reasons.at(-1)).toBe(
      'ANC ≤ 500/µL after Day 30 (Days 40–41, Day 60): late ICAHT not graded, its thresholds are unconfirmed',
    );
  });
  it('says nothing about later Days when none is ≤ 500/µL, and gives no lowest value without any', () => {
    const r = gradeEarlyIcaht([...daily(() => 1500), { at: INFUSION + 45 * DAY, ancPerUl: 1200 }], INFUSION);
    expect(r.afterDay30).toEqual({ daysAtOrBelow500: [], lowestAncPerUl: 1200 });
    expect(r.reasons.some((line) => line.includes('after Day 30'))).toBe(false);
    expect(
      gradeEarlyIcaht(
        daily(() => 1500),
        INFUSION,
      ).afterDay30.lowestAncPerUl,
    ).toBeNull();
  });
});

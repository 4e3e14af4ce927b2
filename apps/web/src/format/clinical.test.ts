import { describe, expect, it } from 'vitest';
import { dayLabel, formatDayNumber } from './clinical.ts';

describe('dayLabel', () => {
  const infusion = '2025-03-01T08:00:00Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts whole 24-hour days from the infusion, Day 0 first', () => {
    expect(dayLabel(infusion, at('2025-03-01T08:00:00Z'))).toBe('Day 0');
    expect(dayLabel(infusion, at('2025-03-02T07:59:59Z'))).toBe('Day 0');
    expect(dayLabel(infusion, at('2025-03-02T08:00:00Z'))).toBe('Day +1');
    expect(dayLabel(infusion, at('2025-03-15T09:00:00Z'))).toBe('Day +14');
  });

  it('counts down before the infusion with a real minus sign', () => {
    expect(dayLabel(infusion, at('2025-02-28T08:00:00Z'))).toBe('Day \u22121');
    expect(dayLabel(infusion, at('2025-02-24T09:00:00Z'))).toBe('Day \u22125');
  });

  it('has no day without an infusion time', () => {
    expect(dayLabel(null)).toBeNull();
  });

  it("counts the unit's calendar days when given the unit's time zone", () => {
    // Infused 23:30 in Berlin: the next morning is Day +1, though only 8.5 h have passed.
    const lateEvening = '2025-03-01T23:30:00+01:00';
    expect(dayLabel(lateEvening, at('2025-03-02T08:00:00+01:00'), 'Europe/Berlin')).toBe('Day +1');
    expect(dayLabel(lateEvening, at('2025-03-01T23:59:00+01:00'), 'Europe/Berlin')).toBe('Day 0');
    // The same instants seen by a unit in New York: still 1 March there, 17:30 → 02:00.
    expect(dayLabel(lateEvening, at('2025-03-02T08:00:00+01:00'), 'America/New_York')).toBe('Day +1');
    expect(dayLabel(lateEvening, at('2025-03-02T05:00:00+01:00'), 'America/New_York')).toBe('Day 0');
    // Across the spring change (30 March 2025 in Berlin has 23 hours).
    expect(dayLabel('2025-03-29T23:30:00+01:00', at('2025-03-31T00:10:00+02:00'), 'Europe/Berlin')).toBe(
      'Day +2',
    );
  });
});

describe('formatDayNumber', () => {
  it('writes study days with a sign, Day 0 without', () => {
    expect(formatDayNumber(0)).toBe('Day 0');
    expect(formatDayNumber(3)).toBe('Day +3');
    expect(formatDayNumber(-2)).toBe('Day \u22122');
  });
});

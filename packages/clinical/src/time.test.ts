import { describe, expect, it } from 'vitest';
import { monitoringPlanFor, monitoringStatus } from './monitoring.ts';
import {
  calendarDateOf,
  calendarDayNumbering,
  dayNumberAt,
  isKnownTimeZone,
  startOfCalendarDay,
} from './time.ts';

const at = (iso: string) => Date.parse(iso);

describe("Day numbers by the unit's calendar day", () => {
  // Day 0 = the calendar day of the infusion in the unit's zone (shared/clinical-reference.md).
  const cases: { zone: string; infusion: string; t: string; day: number; why: string }[] = [
    {
      zone: 'Europe/Berlin',
      infusion: '2026-01-14T23:30:00+01:00',
      t: '2026-01-15T08:00:00+01:00',
      day: 1,
      why: 'infused at 23:30, the next morning is Day +1 (8.5 h later)',
    },
    {
      zone: 'Europe/Berlin',
      infusion: '2026-01-14T00:10:00+01:00',
      t: '2026-01-14T23:50:00+01:00',
      day: 0,
      why: 'the whole calendar day of the infusion is Day 0',
    },
    {
      zone: 'Europe/Berlin',
      infusion: '2026-01-14T23:30:00+01:00',
      t: '2026-01-14T12:00:00+01:00',
      day: 0,
      why: 'earlier the same calendar day is still Day 0',
    },
    {
      zone: 'Europe/Berlin',
      infusion: '2026-01-14T09:00:00+01:00',
      t: '2026-01-13T23:59:00+01:00',
      day: -1,
      why: 'the evening before is Day −1',
    },
    {
      zone: 'Europe/Berlin',
      infusion: '2026-03-28T23:30:00+01:00',
      t: '2026-03-29T23:30:00+02:00',
      day: 1,
      why: 'spring forward: the 23-hour 29 March is one whole Day',
    },
    {
      zone: 'Europe/Berlin',
      infusion: '2026-03-28T23:30:00+01:00',
      t: '2026-03-30T00:05:00+02:00',
      day: 2,
      why: 'after the short day, midnight starts Day +2 (only 23 h 35 min of elapsed time)',
    },
    {
      zone: 'America/New_York',
      infusion: '2026-10-31T22:00:00-04:00',
      t: '2026-11-01T23:30:00-05:00',
      day: 1,
      why: 'fall back: the 25-hour 1 November is one Day (26.5 h after the infusion)',
    },
    {
      zone: 'Asia/Kathmandu',
      infusion: '2026-05-01T18:00:00Z',
      t: '2026-05-01T18:30:00Z',
      day: 1,
      why: 'a zone ahead of UTC: 23:45 → 00:15 in Kathmandu is Day +1, on one UTC date',
    },
    {
      zone: 'America/Los_Angeles',
      infusion: '2026-05-01T06:00:00Z',
      t: '2026-05-01T08:00:00Z',
      day: 1,
      why: 'a unit zone behind UTC: 23:00 → 01:00 local crosses midnight there, not in UTC',
    },
    {
      zone: 'UTC',
      infusion: '2026-05-01T23:00:00Z',
      t: '2026-05-02T01:00:00Z',
      day: 1,
      why: 'UTC as the unit zone',
    },
  ];
  for (const c of cases) {
    it(`${c.zone}: ${c.why}`, () => {
      expect(dayNumberAt(at(c.infusion), at(c.t), calendarDayNumbering(c.zone))).toBe(c.day);
    });
  }

  it('differs from counting 24-hour periods from the infusion time', () => {
    const infusion = at('2026-01-14T23:30:00+01:00');
    const nextMorning = at('2026-01-15T08:00:00+01:00');
    expect(dayNumberAt(infusion, nextMorning)).toBe(0);
    expect(dayNumberAt(infusion, nextMorning, calendarDayNumbering('Europe/Berlin'))).toBe(1);
  });

  it("writes Day 0's date in the unit's zone", () => {
    const infusion = at('2026-01-14T23:30:00-05:00'); // 04:30 UTC on 15 January
    expect(calendarDateOf(infusion, calendarDayNumbering('America/New_York'))).toBe('2026-01-14');
    expect(calendarDateOf(infusion, calendarDayNumbering('UTC'))).toBe('2026-01-15');
  });

  it("finds the unit's midnight that began a calendar day, across a DST change", () => {
    const berlin = calendarDayNumbering('Europe/Berlin');
    expect(startOfCalendarDay(at('2026-01-14T23:30:00+01:00'), berlin)).toBe(at('2026-01-14T00:00:00+01:00'));
    expect(startOfCalendarDay(at('2026-03-29T23:30:00+02:00'), berlin)).toBe(at('2026-03-29T00:00:00+01:00'));
    expect(startOfCalendarDay(at('2026-05-01T18:00:00Z'), calendarDayNumbering('Asia/Kathmandu'))).toBe(
      at('2026-05-01T00:00:00+05:45'),
    );
    expect(startOfCalendarDay(at('2026-05-01T18:00:00Z'))).toBe(at('2026-05-01T00:00:00Z'));
  });

  it('refuses an unknown zone', () => {
    expect(() => calendarDayNumbering('Mars/Olympus')).toThrow(/unknown IANA time zone/);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone('Australia/Lord_Howe')).toBe(true);
  });

  it("puts the monitoring plan's window on the unit's Days", () => {
    const plan = monitoringPlanFor('cd19_car_t'); // Day 0 to Day 14
    const infusion = at('2026-01-01T23:30:00+01:00');
    const day15Morning = at('2026-01-16T07:00:00+01:00'); // 14 days 7.5 h after the infusion
    const input = {
      infusionAt: infusion,
      now: day15Morning,
      lastVitalsAt: null,
      lastIceAt: null,
      febrile: false,
    };
    expect(monitoringStatus(plan, input).inWindow).toBe(true);
    expect(
      monitoringStatus(plan, { ...input, dayNumbering: calendarDayNumbering('Europe/Berlin') }).inWindow,
    ).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsUtc, followUpMilestones, milestoneStatuses } from './milestones.ts';
import { expectInvalid } from './test-support.ts';
import { calendarDayNumbering } from './time.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dates = (infusion: string) =>
  Object.fromEntries(followUpMilestones(infusion).map((m) => [m.id, m.dueDate] as const));

describe('addMonthsUtc: calendar months with month-end clamping', () => {
  it.each([
    ['2025-01-31T10:00:00Z', 1, '2025-02-28T10:00:00.000Z'],
    ['2024-01-31T10:00:00Z', 1, '2024-02-29T10:00:00.000Z'],
    ['2025-01-31T10:00:00Z', 6, '2025-07-31T10:00:00.000Z'],
    ['2025-08-31T10:00:00Z', 6, '2026-02-28T10:00:00.000Z'],
    ['2023-08-31T10:00:00Z', 6, '2024-02-29T10:00:00.000Z'],
    ['2024-02-29T10:00:00Z', 12, '2025-02-28T10:00:00.000Z'],
    ['2024-02-29T10:00:00Z', 48, '2028-02-29T10:00:00.000Z'],
    ['2025-03-31T23:59:59Z', 1, '2025-04-30T23:59:59.000Z'],
    ['2025-12-15T00:00:00Z', 1, '2026-01-15T00:00:00.000Z'],
    ['2025-03-31T08:00:00Z', -1, '2025-02-28T08:00:00.000Z'],
    ['2025-05-31T12:00:00+02:00', 1, '2025-06-30T10:00:00.000Z'],
  ])('%s + %s months = %s', (from, months, to) => {
    expect(iso(addMonthsUtc(from, months))).toBe(to);
  });
  it('property: the day of month is kept or clamped to the month end, and the time of day is kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
        fc.integer({ min: 0, max: 240 }),
        (ms, months) => {
          const out = new Date(addMonthsUtc(ms, months));
          const src = new Date(ms);
          const monthIndex = src.getUTCFullYear() * 12 + src.getUTCMonth() + months;
          const lastDay = new Date(
            Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0),
          ).getUTCDate();
          return (
            out.getUTCFullYear() * 12 + out.getUTCMonth() === monthIndex &&
            out.getUTCDate() === Math.min(src.getUTCDate(), lastDay) &&
            out.getTime() % DAY === ms % DAY
          );
        },
      ),
    );
  });
});

describe('follow-up milestones from Day 0', () => {
  it('Day 7, 14, 28, 100, month 6, then yearly to year 15', () => {
    const m = followUpMilestones('2025-03-10T14:00:00Z');
    expect(m.map((x) => x.id)).toEqual([
      'day_7',
      'day_14',
      'day_28',
      'day_100',
      'month_6',
      ...Array.from({ length: 15 }, (_, i) => `year_${i + 1}`),
    ]);
    expect(m.map((x) => x.dueDate).slice(0, 6)).toEqual([
      '2025-03-17',
      '2025-03-24',
      '2025-04-07',
      '2025-06-18',
      '2025-09-10',
      '2026-03-10',
    ]);
    expect(m.at(-1)?.dueDate).toBe('2040-03-10');
    expect(m[0]?.dueAt).toBe(Date.parse('2025-03-17T00:00:00Z'));
  });
  it('infusion Jan 31 → month 6 = Jul 31', () => {
    expect(dates('2025-01-31T09:00:00Z').month_6).toBe('2025-07-31');
  });
  it('infusion Aug 31 → month 6 = Feb 28, or Feb 29 in a leap year', () => {
    expect(dates('2025-08-31T09:00:00Z').month_6).toBe('2026-02-28');
    expect(dates('2023-08-31T09:00:00Z').month_6).toBe('2024-02-29');
  });
  it('infusion on leap day: yearly visits on Feb 28, and Feb 29 in leap years (no drift)', () => {
    const d = dates('2024-02-29T09:00:00Z');
    expect([d.year_1, d.year_2, d.year_3, d.year_4, d.year_8]).toEqual([
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
      '2032-02-29',
    ]);
    expect(d.month_6).toBe('2024-08-29');
    expect(d.day_7).toBe('2024-03-07');
  });
  it('Day numbers cross month and year ends', () => {
    const d = dates('2025-12-28T09:00:00Z');
    expect([d.day_7, d.day_14, d.day_28, d.day_100]).toEqual([
      '2026-01-04',
      '2026-01-11',
      '2026-01-25',
      '2026-04-07',
    ]);
    expect(dates('2024-02-22T09:00:00Z').day_7).toBe('2024-02-29');
  });
  it('dates are UTC: an infusion late in the evening in Berlin is the UTC date', () => {
    expect(dates('2025-01-31T00:30:00+01:00').month_6).toBe('2025-07-30');
  });
  it('what is due at each milestone', () => {
    const m = Object.fromEntries(followUpMilestones('2025-03-10T14:00:00Z').map((x) => [x.id, x.items]));
    expect(m.day_7).toEqual(['blood_count', 'cd19']);
    expect(m.day_28).toEqual(['blood_count', 'cd19', 'igg', 'autoantibody']);
    expect(m.month_6).toEqual(['blood_count', 'cd19', 'igg', 'autoantibody', 'malignancy_surveillance']);
    expect(m.year_5).toEqual(['blood_count', 'cd19', 'igg', 'autoantibody', 'malignancy_surveillance']);
    expect(m.year_6).toEqual(['blood_count', 'malignancy_surveillance']);
    expect(m.year_15).toEqual(['blood_count', 'malignancy_surveillance']);
  });
  it('the number of years is configurable', () => {
    expect(followUpMilestones('2025-03-10T14:00:00Z', { years: 2 }).at(-1)?.id).toBe('year_2');
  });
});

describe('milestone status', () => {
  const INF = '2025-03-10T14:00:00Z';
  const statusOf = (
    id: string,
    now: string,
    completed: { milestone: string; at: string }[] = [],
    options = {},
  ) => milestoneStatuses({ infusionAt: INF, completed, now, options }).find((m) => m.id === id);
  it.each([
    ['2025-03-16T23:59:59Z', 'upcoming'],
    ['2025-03-17T00:00:00Z', 'due'],
    ['2025-03-24T23:59:59Z', 'due'],
    ['2025-03-25T00:00:00Z', 'overdue'],
  ])('Day 7 (due 2025-03-17, grace 7 days) at %s → %s', (now, status) => {
    expect(statusOf('day_7', now)?.status).toBe(status);
  });
  it.each([
    ['2026-03-24T23:59:59Z', 'due'],
    ['2026-03-25T00:00:00Z', 'overdue'],
  ])('Year 1 (due 2026-03-10, grace 14 days) at %s → %s', (now, status) => {
    expect(statusOf('year_1', now)?.status).toBe(status);
  });
  it('month 6 has the 14-day grace', () => {
    expect(statusOf('month_6', '2025-09-24T12:00:00Z')?.status).toBe('due');
    expect(statusOf('month_6', '2025-09-25T00:00:00Z')?.status).toBe('overdue');
  });
  it('completed visits, including a late one', () => {
    const s = statusOf('day_7', '2025-05-01T00:00:00Z', [{ milestone: 'day_7', at: '2025-03-30T09:00:00Z' }]);
    expect(s).toMatchObject({ status: 'completed', completedAt: Date.parse('2025-03-30T09:00:00Z') });
    expect(s?.reason).toBe('Day 7 visit completed on 2025-03-30');
  });
  it('grace windows are configurable', () => {
    expect(statusOf('day_7', '2025-03-20T00:00:00Z', [], { graceDays: { early: 2 } })?.status).toBe(
      'overdue',
    );
    expect(statusOf('year_1', '2026-03-13T00:00:00Z', [], { graceDays: { late: 1 } })?.status).toBe(
      'overdue',
    );
  });
  it('reasons name what is due', () => {
    expect(statusOf('day_28', '2025-04-20T00:00:00Z')?.reason).toBe(
      'Day 28 visit overdue: due 2025-04-07, grace 7 days passed: blood count, CD19, IgG, autoantibody',
    );
  });
  it('refuses unknown milestones, future visits and zone-less times', () => {
    expectInvalid(
      () => statusOf('day_7', '2025-04-01T00:00:00Z', [{ milestone: 'day_8', at: '2025-03-17T00:00:00Z' }]),
      'completed[0].milestone',
    );
    expectInvalid(
      () => statusOf('day_7', '2025-04-01T00:00:00Z', [{ milestone: 'day_7', at: '2025-04-02T00:00:00Z' }]),
      'completed[0].at',
    );
    expectInvalid(() => statusOf('day_7', '2025-04-01T00:00:00'), 'now');
    expectInvalid(() => followUpMilestones('2025-03-10'), 'infusionAt');
    expectInvalid(
      () => statusOf('day_7', '2025-04-01T00:00:00Z', [], { graceDays: { early: -1 } }),
      'graceDays.early',
    );
  });
});

describe("milestones on the unit's calendar", () => {
  const berlin = calendarDayNumbering('Europe/Berlin');
  it("counts Day n from the infusion's calendar date in the unit's zone", () => {
    // 00:30 in Berlin on 15 January is still 14 January in UTC.
    const infusion = '2025-01-15T00:30:00+01:00';
    const day7 = (options = {}) => followUpMilestones(infusion, options).find((m) => m.id === 'day_7');
    expect(day7({ dayNumbering: berlin })?.dueDate).toBe('2025-01-22');
    expect(day7()?.dueDate).toBe('2025-01-21');
  });
  it("is due from the unit's midnight of the due date", () => {
    const infusion = '2025-01-15T00:30:00+01:00';
    const state = (now: string) =>
      milestoneStatuses({ infusionAt: infusion, completed: [], now, options: { dayNumbering: berlin } }).find(
        (m) => m.id === 'day_7',
      )?.status;
    expect(state('2025-01-21T23:30:00+01:00')).toBe('upcoming');
    expect(state('2025-01-22T00:10:00+01:00')).toBe('due'); // 23:10 UTC on 21 January
  });
});

describe('a visit whose data is charted in its window is done', () => {
  const INF = '2025-03-10T14:00:00Z'; // Day 7 due 2025-03-17, Day 14 due 2025-03-24, Day 28 2025-04-07
  const NOW = '2025-05-01T00:00:00Z'; // every early visit but Day 100 is past its grace
  const run = (
    labs: { analyte: string; at: string }[],
    completed: { milestone: string; at: string; id?: string }[] = [],
  ) =>
    Object.fromEntries(
      milestoneStatuses({ infusionAt: INF, completed, labs, now: NOW }).map((m) => [m.id, m]),
    );
  it.each([
    // [analyte, charted at, milestone, expected status]
    ['cd19_percent', '2025-03-24T09:00:00Z', 'day_14', 'completed'], // on the due date
    ['cd19_absolute', '2025-03-21T00:00:00Z', 'day_14', 'completed'], // window opens 3 days early
    ['cd19_percent', '2025-03-20T23:59:59Z', 'day_14', 'overdue'], // before the window: the Day 7 visit's
    ['cd19_percent', '2025-03-20T23:59:59Z', 'day_7', 'completed'],
    ['cd19_percent', '2025-03-31T23:59:59Z', 'day_14', 'completed'], // last moment of the grace
    ['cd19_percent', '2025-04-01T00:00:00Z', 'day_14', 'overdue'], // window closed
    ['anc', '2025-03-24T09:00:00Z', 'day_14', 'completed'], // a blood count is a Day 14 item
    ['igg', '2025-03-24T09:00:00Z', 'day_14', 'overdue'], // IgG is not a Day 14 item
    ['igg', '2025-04-07T09:00:00Z', 'day_28', 'completed'],
    ['crp', '2025-03-24T09:00:00Z', 'day_14', 'overdue'], // not a follow-up item at all
  ])('%s charted at %s → %s is %s', (analyte, at, id, status) => {
    expect(run([{ analyte, at }])[id]?.status).toBe(status);
  });
  it('a result counts once, for the visit with the nearest due date', () => {
    // 2025-03-22 is in the Day 7 window (to 2025-03-24) and the Day 14 window (from 2025-03-21).
    const m = run([{ analyte: 'cd19_percent', at: '2025-03-22T10:00:00Z' }]);
    expect(m.day_14?.status).toBe('completed');
    expect(m.day_7?.status).toBe('overdue');
  });
  it('names what was charted, what is missing and the window, and says it came from the data', () => {
    const m = run([{ analyte: 'cd19_percent', at: '2025-03-24T09:00:00Z' }]).day_14;
    expect(m).toMatchObject({
      status: 'completed',
      completedBy: 'data',
      completedAt: Date.parse('2025-03-24T09:00:00Z'),
      chartedItems: ['cd19'],
      missingItems: ['blood_count'],
      visitId: null,
    });
    expect(m?.reason).toBe(
      'Day 14 visit data charted within its window (2025-03-21 to 2025-03-31): CD19 on 2025-03-24; not charted: blood count',
    );
  });
  it('a visit marked done wins over the data, and keeps its id for undoing', () => {
    const m = run(
      [{ analyte: 'cd19_percent', at: '2025-03-24T09:00:00Z' }],
      [{ milestone: 'day_14', at: '2025-03-25T08:00:00Z', id: 'milestone_visits:7' }],
    ).day_14;
    expect(m).toMatchObject({ status: 'completed', completedBy: 'visit', visitId: 'milestone_visits:7' });
  });
  it('the window is configurable and refuses bad values and future labs', () => {
    const early = milestoneStatuses({
      infusionAt: INF,
      completed: [],
      labs: [{ analyte: 'cd19_percent', at: '2025-03-18T00:00:00Z' }],
      now: NOW,
      options: { windowBeforeDays: { early: 0 } },
    }).find((m) => m.id === 'day_14');
    expect(early?.status).toBe('overdue');
    expectInvalid(
      () =>
        milestoneStatuses({
          infusionAt: INF,
          completed: [],
          now: NOW,
          options: { windowBeforeDays: { late: -1 } },
        }),
      'windowBeforeDays.late',
    );
    expectInvalid(() => run([{ analyte: 'cd19_percent', at: '2025-06-01T00:00:00Z' }]), 'labs[0].at');
  });
});

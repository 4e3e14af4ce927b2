import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IvigDoseRecord } from './ivig-schedule.ts';
import { ivigDoseStates, planIvigSchedule } from './ivig-schedule.ts';
import { expectInvalid } from './test-support.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIRST = Date.parse('2025-04-01T09:00:00Z');

describe('planIvigSchedule', () => {
  it('count doses every 4 weeks with a 7-day trough window', () => {
    const plan = planIvigSchedule({ firstDueAt: '2025-04-01T09:00:00Z', intervalWeeks: 4, count: 3 });
    expect(plan).toEqual([
      { index: 0, dueAt: FIRST, troughDueFrom: FIRST - 7 * DAY },
      { index: 1, dueAt: FIRST + 28 * DAY, troughDueFrom: FIRST + 21 * DAY },
      { index: 2, dueAt: FIRST + 56 * DAY, troughDueFrom: FIRST + 49 * DAY },
    ]);
    expect(new Date(plan[2]?.dueAt ?? 0).toISOString()).toBe('2025-05-27T09:00:00.000Z');
  });
  it('until includes a dose falling exactly on it', () => {
    expect(planIvigSchedule({ firstDueAt: FIRST, intervalWeeks: 3, until: FIRST + 42 * DAY })).toHaveLength(
      3,
    );
    expect(
      planIvigSchedule({ firstDueAt: FIRST, intervalWeeks: 3, until: FIRST + 42 * DAY - 1 }),
    ).toHaveLength(2);
    expect(planIvigSchedule({ firstDueAt: FIRST, until: FIRST })).toHaveLength(1);
  });
  it('the interval defaults to 4 weeks and the trough window is configurable', () => {
    const plan = planIvigSchedule({ firstDueAt: FIRST, count: 2, troughWindowDays: 3 });
    expect(plan[1]).toEqual({ index: 1, dueAt: FIRST + 28 * DAY, troughDueFrom: FIRST + 25 * DAY });
  });
  it('refuses impossible plans', () => {
    expectInvalid(() => planIvigSchedule({ firstDueAt: FIRST, count: 2, until: FIRST }), 'count');
    expectInvalid(() => planIvigSchedule({ firstDueAt: FIRST }), 'count');
    expectInvalid(() => planIvigSchedule({ firstDueAt: FIRST, count: 0 }), 'count');
    expectInvalid(() => planIvigSchedule({ firstDueAt: FIRST, count: 1.5 }), 'count');
    expectInvalid(() => planIvigSchedule({ firstDueAt: FIRST, intervalWeeks: 0, count: 2 }), 'intervalWeeks');
    expectInvalid(() => planIvigSchedule({ firstDueAt: FIRST, until: FIRST - 1 }), 'until');
    expectInvalid(() => planIvigSchedule({ firstDueAt: '2025-04-01T09:00', count: 1 }), 'firstDueAt');
  });
  it('property: doses are exactly one interval apart and count matches until', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 400 }), (weeks, days) => {
        const plan = planIvigSchedule({ firstDueAt: FIRST, intervalWeeks: weeks, until: FIRST + days * DAY });
        return (
          plan.length === Math.floor(days / (weeks * 7)) + 1 &&
          plan.every((d, i) => d.dueAt === FIRST + i * weeks * 7 * DAY && d.dueAt <= FIRST + days * DAY)
        );
      }),
    );
  });
});

describe('dose status', () => {
  const states = (
    doses: IvigDoseRecord[],
    now: number,
    iggResults = [] as { at: number; mgPerDl: number }[],
  ) => ivigDoseStates({ doses, iggResults, now });
  it.each([
    [-8 * DAY, 'planned'],
    [-7 * DAY - 1, 'planned'],
    [-7 * DAY, 'due_soon'],
    [0, 'due_soon'],
    [24 * HOUR - 1, 'due_soon'],
    [24 * HOUR, 'overdue'],
    [10 * DAY, 'overdue'],
  ])('now = due %s ms → %s', (offset, status) => {
    expect(states([{ dueAt: FIRST }], FIRST + offset)[0]?.status).toBe(status);
  });
  it('given, cancelled with a reason, missed', () => {
    const now = FIRST + 40 * DAY;
    const r = states(
      [
        { id: 'b', dueAt: FIRST + 28 * DAY, cancelled: { reason: 'IgG 720 mg/dL' } },
        { id: 'a', dueAt: FIRST, given: { at: FIRST + 2 * HOUR, doseG: 30, lot: 'L123', by: 'nurse.k' } },
        { id: 'c', dueAt: FIRST + 56 * DAY, missed: true },
      ],
      now,
    );
    expect(r.map((d) => [d.id, d.status])).toEqual([
      ['a', 'given'],
      ['b', 'cancelled'],
      ['c', 'missed'],
    ]);
    expect(r[0]?.given).toEqual({ at: FIRST + 2 * HOUR, doseG: 30, lot: 'L123', by: 'nurse.k' });
    expect(r[1]?.reason).toBe('IVIG due 2025-04-29 cancelled: IgG 720 mg/dL');
  });
  it('trough IgG: due in the 7 days before, done with a result, missed when given without one', () => {
    const due = { dueAt: FIRST };
    expect(states([due], FIRST - 8 * DAY)[0]?.trough.status).toBe('not_yet_due');
    expect(states([due], FIRST - 7 * DAY)[0]?.trough.status).toBe('due');
    expect(states([due], FIRST - 2 * DAY, [{ at: FIRST - 8 * DAY, mgPerDl: 380 }])[0]?.trough.status).toBe(
      'due',
    );
    const done = states([due], FIRST - 2 * DAY, [{ at: FIRST - 3 * DAY, mgPerDl: 380 }])[0]?.trough;
    expect(done).toMatchObject({ status: 'done', mgPerDl: 380, resultAt: FIRST - 3 * DAY });
    const given = { dueAt: FIRST, given: { at: FIRST, doseG: 30, lot: 'L1' } };
    expect(states([given], FIRST + DAY)[0]?.trough.status).toBe('missed');
    expect(states([given], FIRST + DAY, [{ at: FIRST + HOUR, mgPerDl: 380 }])[0]?.trough.status).toBe(
      'missed',
    );
    expect(states([{ dueAt: FIRST, cancelled: { reason: 'fever' } }], FIRST + DAY)[0]?.trough.status).toBe(
      'not_needed',
    );
  });
  it('a dose given 3 days late accepts a trough taken 8 days before it is given', () => {
    const given = { dueAt: FIRST, given: { at: FIRST + 3 * DAY, doseG: 30, lot: 'L1' } };
    expect(states([given], FIRST + 4 * DAY, [{ at: FIRST - 5 * DAY, mgPerDl: 350 }])[0]?.trough.status).toBe(
      'done',
    );
  });
  it('refuses contradictory or impossible records', () => {
    const now = FIRST + DAY;
    expectInvalid(
      () =>
        states(
          [{ dueAt: FIRST, given: { at: FIRST, doseG: 30, lot: 'L' }, cancelled: { reason: 'x' } }],
          now,
        ),
      'doses[0]',
    );
    expectInvalid(
      () => states([{ dueAt: FIRST, given: { at: FIRST, doseG: 30, lot: 'L' }, missed: true }], now),
      'doses[0]',
    );
    expectInvalid(
      () => states([{ dueAt: FIRST, given: { at: FIRST, doseG: -1, lot: 'L' } }], now),
      'doses[0].given.doseG',
    );
    expectInvalid(
      () => states([{ dueAt: FIRST, given: { at: FIRST, doseG: 30, lot: ' ' } }], now),
      'doses[0].given.lot',
    );
    expectInvalid(
      () => states([{ dueAt: FIRST, given: { at: now + 1, doseG: 30, lot: 'L' } }], now),
      'doses[0].given.at',
    );
    expectInvalid(
      () => states([{ dueAt: FIRST, cancelled: { reason: '' } }], now),
      'doses[0].cancelled.reason',
    );
    expectInvalid(
      () => states([{ dueAt: FIRST }], now, [{ at: FIRST, mgPerDl: -5 }]),
      'iggResults[0].mgPerDl',
    );
  });
});

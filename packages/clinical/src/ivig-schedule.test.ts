import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessBCellAplasia } from './b-cells.ts';
import { InvalidFindingsError } from './errors.ts';
import { followUpAlerts } from './follow-up-alerts.ts';
import { iggChecks } from './igg-checks.ts';
import { ivigRecommendation } from './ivig.ts';
import type { IvigDoseRecord } from './ivig-schedule.ts';
import { ivigDoseStates, planIvigSchedule } from './ivig-schedule.ts';
import { ivigStopSuggested } from './ivig-stop.ts';
import { milestoneStatuses } from './milestones.ts';
import { worklist } from './worklist.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIRST = Date.parse('2025-04-01T09:00:00Z');

function expectInvalid(fn: () => unknown, field: string) {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidFindingsError);
  expect((error as InvalidFindingsError).field).toBe(field);
}

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

describe('ivigStopSuggested: IgG ≥ 400 off IVIG on 2 values over one interval, and B cells back', () => {
  const T = Date.parse('2025-10-01T08:00:00Z');
  const s = (values: [number, number][], bCellStatus = 'reconstituted' as const, last?: number) =>
    ivigStopSuggested({
      iggSeriesOffIvig: values.map(([d, mgPerDl]) => ({ at: T + d * DAY, mgPerDl })),
      bCellStatus,
      lastIvigGivenAt: last ?? null,
    });
  it.each<[string, [number, number][], boolean]>([
    [
      'two values 400 and 410, 28 days apart',
      [
        [0, 400],
        [28, 410],
      ],
      true,
    ],
    [
      'two values ≥ 400 only 27 days apart',
      [
        [0, 450],
        [27, 460],
      ],
      false,
    ],
    ['one value', [[0, 600]], false],
    [
      '399 then 500',
      [
        [0, 399],
        [28, 500],
      ],
      false,
    ],
    [
      '500, 399 (latest below)',
      [
        [0, 500],
        [28, 399],
      ],
      false,
    ],
    [
      'a dip earlier, then a run of three',
      [
        [0, 380],
        [10, 420],
        [24, 430],
        [40, 450],
      ],
      true,
    ],
    ['no values', [], false],
  ])('%s → %s', (_, values, suggested) => {
    expect(s(values).suggested).toBe(suggested);
  });
  it('needs B cells reconstituted', () => {
    const r = s(
      [
        [0, 500],
        [30, 520],
      ],
      'aplasia' as 'reconstituted',
    );
    expect(r.suggested).toBe(false);
    expect(r.reasons).toContain('B cells not reconstituted (aplasia)');
    expect(
      s([
        [0, 500],
        [30, 520],
      ]).reasons.at(-1),
    ).toBe('stopping IVIG can be considered (clinician decision)');
  });
  it('values within one interval of the last IVIG dose are not off IVIG', () => {
    const r = s(
      [
        [0, 700],
        [20, 650],
        [40, 600],
      ],
      'reconstituted',
      T - 10 * DAY,
    );
    expect(r.suggested).toBe(false);
    expect(r.run).toEqual({ from: T + 20 * DAY, to: T + 40 * DAY, count: 2 });
    expect(r.reasons[0]).toBe(
      '1 IgG value(s) within 4 weeks of the last IVIG (2025-09-21) not counted as off IVIG',
    );
    expect(
      s(
        [
          [20, 650],
          [50, 600],
        ],
        'reconstituted',
        T - 10 * DAY,
      ).suggested,
    ).toBe(true);
  });
  it('refuses an unknown B-cell status and bad values', () => {
    expectInvalid(() => s([[0, 500]], 'gone' as 'reconstituted'), 'bCellStatus');
    expectInvalid(() => s([[0, Number.NaN]]), 'iggSeriesOffIvig[0].mgPerDl');
  });
});

describe('IgG checks: before infusion, monthly for 3 months, trough before each dose', () => {
  const INF = Date.parse('2025-01-31T10:00:00Z');
  it('monthly due dates follow calendar months with month-end clamping', () => {
    const r = iggChecks({
      infusionAt: INF,
      iggResults: [{ at: INF - DAY, mgPerDl: 800 }],
      now: INF + DAY,
      bCellStatus: 'reconstituted',
    });
    expect(r.map((c) => [c.label, new Date(c.dueAt).toISOString().slice(0, 10), c.status])).toEqual([
      ['IgG before infusion', '2025-01-31', 'done'],
      ['IgG month 1', '2025-02-28', 'upcoming'],
      ['IgG month 2', '2025-03-31', 'upcoming'],
      ['IgG month 3', '2025-04-30', 'upcoming'],
    ]);
  });
  it('statuses through a month: upcoming, due (7 days before), overdue (7 days after), missed, done', () => {
    const m1 = Date.parse('2025-02-28T10:00:00Z');
    const status = (now: number, results: { at: number; mgPerDl: number }[] = []) =>
      iggChecks({ infusionAt: INF, iggResults: results, now }).find((c) => c.label === 'IgG month 1')?.status;
    expect(status(m1 - 7 * DAY - 1)).toBe('upcoming');
    expect(status(m1 - 7 * DAY)).toBe('due');
    expect(status(m1 + 7 * DAY - 1)).toBe('due');
    expect(status(m1 + 7 * DAY)).toBe('overdue');
    expect(status(Date.parse('2025-03-24T10:00:00Z'))).toBe('missed');
    expect(status(m1 + 10 * DAY, [{ at: m1 + 2 * DAY, mgPerDl: 500 }])).toBe('done');
    expect(status(m1 + 10 * DAY, [{ at: m1 - 8 * DAY, mgPerDl: 500 }])).toBe('overdue');
  });
  it('no IgG before infusion: due before, missed after', () => {
    expect(iggChecks({ infusionAt: INF, iggResults: [], now: INF - DAY })[0]?.status).toBe('due');
    expect(iggChecks({ infusionAt: INF, iggResults: [], now: INF + DAY })[0]?.status).toBe('missed');
  });
  it('after month 3, monthly checks continue while IgG ≤ 600 or B cells not reconstituted', () => {
    const now = Date.parse('2025-07-01T10:00:00Z');
    const lowIgG = iggChecks({
      infusionAt: INF,
      iggResults: [{ at: now - DAY, mgPerDl: 550 }],
      now,
      bCellStatus: 'reconstituted',
    });
    expect(lowIgG.filter((c) => c.kind === 'monthly').map((c) => c.label)).toEqual([
      'IgG month 1',
      'IgG month 2',
      'IgG month 3',
      'IgG month 4',
      'IgG month 5',
      'IgG month 6',
    ]);
    const fine = iggChecks({
      infusionAt: INF,
      iggResults: [{ at: now - DAY, mgPerDl: 900 }],
      now,
      bCellStatus: 'reconstituted',
    });
    expect(fine.filter((c) => c.kind === 'monthly')).toHaveLength(3);
    const aplasia = iggChecks({
      infusionAt: INF,
      iggResults: [{ at: now - DAY, mgPerDl: 900 }],
      now,
      bCellStatus: 'aplasia',
    });
    expect(aplasia.filter((c) => c.kind === 'monthly')).toHaveLength(6);
    expect(aplasia.at(-1)).toMatchObject({ label: 'IgG month 6', status: 'upcoming' });
  });
  it('troughs come from the dose states', () => {
    const now = FIRST - 2 * DAY;
    const doses = ivigDoseStates({ doses: [{ dueAt: FIRST }, { dueAt: FIRST + 28 * DAY }], now });
    const r = iggChecks({ infusionAt: INF, iggResults: [], now, doses });
    expect(r.filter((c) => c.kind === 'trough').map((c) => c.status)).toEqual(['due', 'upcoming']);
  });
});

describe('coordinator alerts', () => {
  const NOW = Date.parse('2025-06-10T08:00:00Z');
  const ivig = ivigRecommendation({
    latestIgG: { at: NOW - DAY, mgPerDl: 350 },
    infections: [],
    weightKg: 70,
    now: NOW,
  });
  it('ivig_indicated when indicated and no dose is planned', () => {
    expect(followUpAlerts({ ivig }).map((a) => a.rule)).toEqual(['ivig_indicated']);
    expect(followUpAlerts({ ivig })[0]?.message).toBe(
      'IVIG indicated: IgG 350 mg/dL < 400 mg/dL → IVIG indicated; dose 30 g',
    );
    const doses = ivigDoseStates({ doses: [{ dueAt: NOW + 20 * DAY }], now: NOW });
    expect(followUpAlerts({ ivig, doses })).toEqual([]);
  });
  it('clinician decision is flagged separately', () => {
    const cd = ivigRecommendation({
      latestIgG: { at: NOW - DAY, mgPerDl: 450 },
      infections: [{ at: NOW - 5 * DAY, severity: 3 }],
      weightKg: 70,
      now: NOW,
    });
    expect(followUpAlerts({ ivig: cd }).map((a) => a.rule)).toEqual(['ivig_clinician_decision']);
  });
  it('due within 7 days, overdue, IgG check due, B-cell reconstitution', () => {
    const doses = ivigDoseStates({
      doses: [{ dueAt: NOW - 3 * DAY }, { dueAt: NOW + 5 * DAY }, { dueAt: NOW + 30 * DAY }],
      now: NOW,
    });
    const INF = Date.parse('2025-01-10T08:00:00Z');
    // A second patient's infusion date puts IgG month 1 in its window today.
    const INF2 = Date.parse('2025-05-12T08:00:00Z');
    const checks = iggChecks({
      infusionAt: INF2,
      iggResults: [{ at: INF2 - DAY, mgPerDl: 900 }],
      now: NOW,
      doses,
    });
    const bCells = assessBCellAplasia({
      product: 'cd19_car_t',
      infusionAt: INF,
      measurements: [
        { at: INF + 7 * DAY, percentOfLymphocytes: 0.1 },
        { at: INF + 110 * DAY, percentOfLymphocytes: 2 },
        { at: INF + 130 * DAY, percentOfLymphocytes: 3 },
      ],
      now: NOW,
    });
    const alerts = followUpAlerts({ doses, iggChecks: checks, bCells });
    expect(alerts.map((a) => [a.rule, a.severity, a.message])).toEqual([
      ['b_cell_reconstitution', 'info', 'B cells reconstituted on Day 110 (2025-04-30)'],
      ['ivig_overdue', 'high', 'IVIG overdue: due 2025-06-07'],
      ['igg_check_due', 'high', 'trough IgG before IVIG due 2025-06-07: overdue'],
      ['igg_check_due', 'warning', 'IgG month 1 due 2025-06-12'],
      ['ivig_due_within_7_days', 'info', 'IVIG due 2025-06-15'],
      ['igg_check_due', 'warning', 'trough IgG before IVIG due 2025-06-15: due'],
    ]);
    expect(alerts[0]?.message).toBe('B cells reconstituted on Day 110 (2025-04-30)');
  });
  it('early reconstitution makes the reconstitution alert a warning', () => {
    const INF = Date.parse('2025-01-10T08:00:00Z');
    const bCells = assessBCellAplasia({
      product: 'cd19_car_t',
      infusionAt: INF,
      measurements: [
        { at: INF + 7 * DAY, percentOfLymphocytes: 0.1 },
        { at: INF + 40 * DAY, percentOfLymphocytes: 2 },
        { at: INF + 47 * DAY, percentOfLymphocytes: 3 },
      ],
      now: NOW,
    });
    expect(followUpAlerts({ bCells })).toEqual([
      {
        rule: 'b_cell_reconstitution',
        severity: 'warning',
        message: 'B cells reconstituted on Day 40 (2025-02-19): earlier than expected',
        dueAt: INF + 40 * DAY,
      },
    ]);
  });
});

describe('worklist across patients', () => {
  const NOW = Date.parse('2025-06-10T08:00:00Z');
  it('merges doses, IgG checks and visits, overdue and upcoming within the horizon, sorted by date', () => {
    const p1doses = ivigDoseStates({
      doses: [
        { dueAt: NOW - 2 * DAY },
        { dueAt: NOW + 26 * DAY },
        { dueAt: NOW - 30 * DAY, given: { at: NOW - 30 * DAY, doseG: 30, lot: 'L' } },
      ],
      now: NOW,
    });
    const p2doses = ivigDoseStates({ doses: [{ dueAt: NOW + 3 * DAY }], now: NOW });
    const p2milestones = milestoneStatuses({
      infusionAt: '2025-03-01T10:00:00Z',
      completed: [{ milestone: 'day_7', at: '2025-03-08T10:00:00Z' }],
      now: NOW,
    });
    const items = worklist(
      [
        { patientId: 'p2', doses: p2doses, milestones: p2milestones },
        { patientId: 'p1', label: 'Bed 4', doses: p1doses },
      ],
      { now: NOW },
    );
    expect(
      items.map((i) => [i.patientId, i.kind, i.status, new Date(i.dueAt).toISOString().slice(0, 10)]),
    ).toEqual([
      ['p2', 'milestone', 'overdue', '2025-03-15'],
      ['p2', 'milestone', 'overdue', '2025-03-29'],
      ['p1', 'ivig_dose', 'overdue', '2025-06-08'],
      ['p2', 'milestone', 'due', '2025-06-09'],
      ['p2', 'ivig_dose', 'due', '2025-06-13'],
    ]);
    expect(items[2]?.label).toBe('Bed 4');
    expect(worklist([{ patientId: 'p1', doses: p1doses }], { now: NOW, horizonDays: 30 })).toHaveLength(2);
  });
  it('ties are ordered by patient then kind', () => {
    const due = NOW + DAY;
    const doses = ivigDoseStates({ doses: [{ dueAt: due }], now: NOW });
    const checks = iggChecks({ infusionAt: NOW - 100 * DAY, iggResults: [], now: NOW, doses }).filter(
      (c) => c.kind === 'trough',
    );
    const items = worklist(
      [
        { patientId: 'b', doses, iggChecks: checks },
        { patientId: 'a', iggChecks: checks, doses },
      ],
      { now: NOW },
    );
    expect(items.map((i) => `${i.patientId}:${i.kind}`)).toEqual([
      'a:ivig_dose',
      'a:igg_check',
      'b:ivig_dose',
      'b:igg_check',
    ]);
  });
  it('refuses a patient without an id', () => {
    expectInvalid(() => worklist([{ patientId: '' }], { now: NOW }), 'patients[0].patientId');
  });
});

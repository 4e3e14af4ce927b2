import { describe, expect, it } from 'vitest';
import { iggChecks } from './igg-checks.ts';
import { ivigDoseStates } from './ivig-schedule.ts';

const DAY = 86_400_000;
const FIRST = Date.parse('2025-04-01T09:00:00Z');

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

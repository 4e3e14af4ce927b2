import { describe, expect, it } from 'vitest';
import { assessBCellAplasia } from './b-cells.ts';
import { followUpAlerts } from './follow-up-alerts.ts';
import { iggChecks } from './igg-checks.ts';
import { ivigRecommendation } from './ivig.ts';
import { ivigDoseStates } from './ivig-schedule.ts';

const DAY = 86_400_000;

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

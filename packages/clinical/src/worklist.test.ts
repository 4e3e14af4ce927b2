import { describe, expect, it } from 'vitest';
import { iggChecks } from './igg-checks.ts';
import { ivigDoseStates } from './ivig-schedule.ts';
import { milestoneStatuses } from './milestones.ts';
import { expectInvalid } from './test-support.ts';
import { worklist } from './worklist.ts';

const DAY = 86_400_000;

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

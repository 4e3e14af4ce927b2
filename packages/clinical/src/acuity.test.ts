import { describe, expect, it } from 'vitest';
import { compareWardAcuity, missingEarlyData, type WardAcuityInput } from './acuity.ts';

const patient = (name: string, over: Partial<WardAcuityInput> = {}): WardAcuityInput => ({
  name,
  crsGrade: 0,
  icansGrade: 0,
  highestOpenAlert: null,
  day: 10,
  vitalsOverdue: false,
  iceOverdue: false,
  ...over,
});

const order = (...patients: WardAcuityInput[]) => [...patients].sort(compareWardAcuity).map((p) => p.name);

describe('ward acuity order', () => {
  it('puts a Day +1 patient with vitals overdue above stable patients whose charting is current', () => {
    const early = patient('Early overdue', { day: 1, vitalsOverdue: true, highestOpenAlert: 'warning' });
    const crs1 = patient('Stable CRS 1', { crsGrade: 1, day: 4, highestOpenAlert: 'warning' });
    const quiet = patient('Quiet', { day: 2 });
    expect(order(quiet, crs1, early)).toEqual(['Early overdue', 'Stable CRS 1', 'Quiet']);
  });

  it('counts an overdue ICE assessment the same way, on Day 0 and on Day 7', () => {
    for (const day of [0, 7]) {
      expect(
        order(patient('Stable CRS 1', { crsGrade: 1 }), patient('ICE late', { day, iceOverdue: true })),
      ).toEqual(['ICE late', 'Stable CRS 1']);
    }
  });

  it('does not rank up an overdue check after the first week, or before infusion', () => {
    const late = patient('Day 8 overdue', { day: 8, vitalsOverdue: true });
    const planned = patient('Planned', { day: null, vitalsOverdue: true });
    const crs1 = patient('Stable CRS 1', { crsGrade: 1 });
    expect(order(late, planned, crs1)[0]).toBe('Stable CRS 1');
    expect(missingEarlyData(late)).toBe(false);
    expect(missingEarlyData({ day: -1, vitalsOverdue: true, iceOverdue: false })).toBe(false);
    // Among the stable, an overdue check still ranks first.
    expect(order(patient('On time', { day: 20 }), patient('Late', { day: 20, vitalsOverdue: true }))).toEqual(
      ['Late', 'On time'],
    );
  });

  it('keeps a grade 2 or more, and a high or critical alert, above missing data', () => {
    const early = patient('Early overdue', { day: 1, vitalsOverdue: true });
    const icans2 = patient('ICANS 2', { icansGrade: 2 });
    const crs3 = patient('CRS 3', { crsGrade: 3 });
    const hypotension = patient('Hypotension', { highestOpenAlert: 'critical' });
    expect(order(early, icans2, hypotension, crs3)).toEqual([
      'CRS 3',
      'ICANS 2',
      'Hypotension',
      'Early overdue',
    ]);
  });

  it('orders by name when nothing else differs', () => {
    expect(order(patient('B'), patient('A'))).toEqual(['A', 'B']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  doseNote,
  durationText,
  type Infusion,
  runningInfusions,
  runningSince,
} from './vasopressor-course.ts';

const infusion = (id: number, startedAt: string, stoppedAt: string | null, drug = 'norepinephrine') =>
  ({
    id,
    patientId: 1,
    recordedBy: { id: 1, displayName: 'Nurse' },
    recordedAt: startedAt,
    enteredInError: null,
    drug,
    startedAt,
    stoppedAt,
    stopId: stoppedAt ? id + 100 : null,
    doseNote: null,
  }) as Infusion;

describe('vasopressor course on the bedside page', () => {
  it('follows dose changes back to the first start of the same drug', () => {
    const all = [
      infusion(1, '2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z'),
      infusion(2, '2026-03-02T11:00:00.000Z', '2026-03-02T12:30:00.000Z'),
      infusion(3, '2026-03-02T12:30:00.000Z', null),
      // Another drug stopping at the same instant is not part of the chain.
      infusion(4, '2026-03-02T08:00:00.000Z', '2026-03-02T10:00:00.000Z', 'vasopressin'),
    ];
    expect(runningSince(all[2] as Infusion, all)).toBe('2026-03-02T10:00:00.000Z');
    expect(runningInfusions(all).map((i) => i.id)).toEqual([3]);
  });

  it('does not join an infusion stopped earlier than the next start', () => {
    const all = [
      infusion(1, '2026-03-02T10:00:00.000Z', '2026-03-02T10:50:00.000Z'),
      infusion(2, '2026-03-02T11:00:00.000Z', null),
    ];
    expect(runningSince(all[1] as Infusion, all)).toBe('2026-03-02T11:00:00.000Z');
  });

  it('writes the dose with its unit, refusing what is not a positive number', () => {
    expect(doseNote('0,05', 'µg/kg/min')).toBe('0.05 µg/kg/min');
    expect(doseNote('0.04', 'units/min')).toBe('0.04 units/min');
    expect(doseNote('', 'µg/min')).toBeNull();
    expect(doseNote('-1', 'µg/min')).toBeNull();
    expect(doseNote('abc', 'µg/min')).toBeNull();
  });

  it('says how long an infusion has run', () => {
    const from = '2026-03-02T10:00:00.000Z';
    expect(durationText(from, Date.parse('2026-03-02T10:45:00.000Z'))).toBe('45 min');
    expect(durationText(from, Date.parse('2026-03-02T13:05:00.000Z'))).toBe('3 h 05 min');
    expect(durationText(from, Date.parse('2026-03-05T14:00:00.000Z'))).toBe('3 d 4 h');
  });
});

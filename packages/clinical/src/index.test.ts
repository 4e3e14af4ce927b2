// The issue 3 contract: external validation suites call these exactly as written, from index.ts.
import { describe, expect, it } from 'vitest';
import type { CrsFindings, Grading, IcansFindings, IceItems, OxygenDevice, Vasopressor } from './index.ts';
import { gradeCrs, gradeIcans, InvalidFindingsError, iceScore } from './index.ts';

describe('issue 3 public API', () => {
  it('gradeCrs accepts the documented shape and returns { grade, reasons }', () => {
    const device: OxygenDevice = 'nasal_cannula';
    const pressors: Vasopressor[] = ['norepinephrine', 'vasopressin'];
    const f: CrsFindings = {
      temperatureC: 38.6,
      hypotension: true,
      vasopressors: pressors,
      oxygen: { device, flowLpm: 4 },
    };
    const g: Grading = gradeCrs(f);
    expect(g.grade).toBe(3);
    expect(g.reasons).toEqual(
      expect.arrayContaining([
        'fever 38.6 °C',
        'one vasopressor (norepinephrine) with vasopressin → grade 3',
        'low-flow nasal cannula 4 L/min → grade 2',
      ]),
    );
    expect(g.reasons.some((r) => r.includes('ASTCT 2019'))).toBe(true);
  });
  it('gradeIcans and iceScore accept the documented shapes', () => {
    const items: IceItems = {
      orientation: { year: true, month: true, city: false, hospital: false },
      namedObjects: 2,
      followsCommands: true,
      writesSentence: false,
      countsBackwardBy10: false,
    };
    const score = iceScore(items);
    expect(score).toBe(5);
    const f: IcansFindings = {
      ageYears: 40,
      iceScore: score,
      consciousness: 'normal',
      seizure: 'none',
      motorWeakness: 'none',
      raisedIcp: 'none',
    };
    expect(gradeIcans(f)).toEqual({ grade: 2, reasons: expect.arrayContaining(['ICE 5/10 → grade 2']) });
  });
  it('invalid findings throw a typed error', () => {
    expect(() =>
      gradeCrs({ temperatureC: 46, hypotension: false, vasopressors: [], oxygen: { device: 'room_air' } }),
    ).toThrow(InvalidFindingsError);
    expect(() =>
      gradeIcans({
        ageYears: 40,
        iceScore: 11,
        consciousness: 'normal',
        seizure: 'none',
        motorWeakness: 'none',
        raisedIcp: 'none',
      }),
    ).toThrow(InvalidFindingsError);
  });
});

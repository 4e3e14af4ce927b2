import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { Consciousness, IcansFindings } from './icans.ts';
import { assessIcans, CONSCIOUSNESS_LEVELS, gradeIcans } from './icans.ts';
import {
  NOT_PERFORMED_REASONS,
  type NotPerformedReason,
  notPerformedContradiction,
} from './not-performed.ts';

const adult: IcansFindings = {
  ageYears: 45,
  iceScore: null,
  consciousness: 'normal',
  seizure: 'none',
  motorWeakness: 'none',
  raisedIcp: 'none',
};
const child: IcansFindings = { ...adult, ageYears: 7, iceScore: null, capdScore: null };

describe('ICE not performed: every reason has a defined effect (ASTCT 2019)', () => {
  // [reason, consciousness, expected grade, a reason line that must be shown, missing data or null]
  it.each<[NotPerformedReason, Consciousness, number, string, string | null]>([
    [
      'global_aphasia',
      'normal',
      3,
      'ICE not performed (global aphasia) in an awake patient: counts as ICE 0/10 → grade 3',
      null,
    ],
    [
      'global_aphasia',
      'awakens_spontaneously',
      3,
      'ICE not performed (global aphasia) in an awake patient: counts as ICE 0/10 → grade 3',
      null,
    ],
    ['global_aphasia', 'unarousable', 4, 'unarousable, cannot perform ICE → grade 4', null],
    ['unarousable', 'unarousable', 4, 'unarousable, cannot perform ICE → grade 4', null],
    [
      'intubated_sedated',
      'normal',
      0,
      'ICE not assessable (intubated and sedated): encephalopathy graded by the other domains: depressed consciousness still counts unless attributed to sedation',
      'ICE not assessable (intubated and sedated)',
    ],
    [
      'intubated_sedated',
      'awakens_to_touch',
      3,
      'depressed consciousness, awakens only to tactile stimulus → grade 3',
      'ICE not assessable (intubated and sedated)',
    ],
    [
      'language_barrier',
      'normal',
      0,
      'ICE not assessable (language barrier): encephalopathy graded by the other domains: use an interpreter',
      'ICE not assessable (language barrier)',
    ],
    [
      'patient_refused',
      'awakens_to_voice',
      2,
      'ICE not assessable (patient refused): encephalopathy graded by the other domains',
      'ICE not assessable (patient refused)',
    ],
    [
      'other',
      'normal',
      0,
      'ICE not assessable (other reason): encephalopathy graded by the other domains',
      'ICE not assessable (other reason)',
    ],
  ])('%s, consciousness %s → grade %s', (reason, consciousness, grade, line, missing) => {
    const a = assessIcans({ ...adult, notPerformedReason: reason, consciousness });
    expect(a.grade).toBe(grade);
    expect(a.reasons).toContain(line);
    expect(a.encephalopathyMissing).toBe(missing);
    expect(a.reasons.at(-1)).toMatch(/ASTCT 2019/);
  });

  it('covers every accepted reason in the table above', () => {
    expect([...NOT_PERFORMED_REASONS].sort()).toEqual(
      [
        'global_aphasia',
        'intubated_sedated',
        'language_barrier',
        'other',
        'patient_refused',
        'unarousable',
      ].sort(),
    );
  });

  it('intubated and sedated, unarousable from the sedation: not assessable, the other domains still grade', () => {
    const base = {
      ...adult,
      notPerformedReason: 'intubated_sedated' as const,
      consciousness: 'unarousable' as const,
      consciousnessOtherCause: true,
    };
    const a = assessIcans(base);
    expect(a.grade).toBe(0);
    expect(a.reasons).toContain(
      'ICE not assessable (intubated and sedated): unarousable from another cause (e.g. sedation)',
    );
    expect(a.encephalopathyMissing).toBe(
      'ICE not assessable (intubated and sedated): unarousable from another cause',
    );
    expect(gradeIcans({ ...base, seizure: 'prolonged_or_repetitive' }).grade).toBe(4);
  });

  it('"unarousable" as the reason must agree with the level of consciousness', () => {
    expect(notPerformedContradiction('unarousable', 'awakens_to_voice')).toContain('awakens to voice');
    expect(notPerformedContradiction('unarousable', 'unarousable')).toBeNull();
    for (const reason of NOT_PERFORMED_REASONS.filter((r) => r !== 'unarousable')) {
      for (const level of CONSCIOUSNESS_LEVELS) expect(notPerformedContradiction(reason, level)).toBeNull();
    }
    // One charted before the API refused it still grades: not assessable, named as missing.
    const a = assessIcans({ ...adult, notPerformedReason: 'unarousable', consciousness: 'awakens_to_voice' });
    expect(a.grade).toBe(2);
    expect(a.encephalopathyMissing).toBe(
      'ICE not assessable: the reason contradicts the level of consciousness',
    );
  });

  it('a reason with an ICE score, or an unknown reason, is refused', () => {
    expect(() => assessIcans({ ...adult, iceScore: 8, notPerformedReason: 'other' })).toThrow(
      InvalidFindingsError,
    );
    expect(() => assessIcans({ ...adult, notPerformedReason: 'tired' as NotPerformedReason })).toThrow(
      InvalidFindingsError,
    );
  });

  it('no reason given (older charting): not assessable and named as missing', () => {
    const a = assessIcans(adult);
    expect(a.grade).toBe(0);
    expect(a.encephalopathyMissing).toBe('ICE not assessable');
  });

  it('ICE not recorded at all is named as missing', () => {
    expect(assessIcans({ ...adult, iceScore: undefined }).encephalopathyMissing).toBe(
      'ICE not recorded in the latest neuro assessment',
    );
    expect(assessIcans({ ...adult, iceScore: 10 }).encephalopathyMissing).toBeNull();
  });
});

describe('CAPD not performed in children (the CAPD analogue)', () => {
  it.each<[NotPerformedReason, Consciousness, number, string | null]>([
    ['unarousable', 'unarousable', 4, null],
    ['global_aphasia', 'normal', 0, 'CAPD not performed (global aphasia): perform it by observation'],
    ['intubated_sedated', 'normal', 0, 'CAPD not assessable (intubated and sedated)'],
    ['language_barrier', 'normal', 0, 'CAPD not assessable (language barrier)'],
    ['patient_refused', 'awakens_to_voice', 2, 'CAPD not assessable (patient refused)'],
    ['other', 'normal', 0, 'CAPD not assessable (other reason)'],
  ])('%s, consciousness %s → grade %s', (reason, consciousness, grade, missing) => {
    const a = assessIcans({ ...child, notPerformedReason: reason, consciousness });
    expect(a.tool).toBe('CAPD');
    expect(a.grade).toBe(grade);
    expect(a.encephalopathyMissing).toBe(missing);
    if (grade === 4) expect(a.reasons).toContain('unarousable, cannot perform CAPD → grade 4');
  });
  it('a CAPD score, when given, grades even if the ICE was not performed', () => {
    const a = assessIcans({ ...child, capdScore: 10, notPerformedReason: 'global_aphasia' });
    expect(a.grade).toBe(3);
    expect(a.encephalopathyMissing).toBeNull();
  });
});

describe('not-performed reasons: properties', () => {
  const findings = fc.record({
    reason: fc.constantFrom(...NOT_PERFORMED_REASONS),
    consciousness: fc.constantFrom(...CONSCIOUSNESS_LEVELS),
    worseConsciousness: fc.constantFrom(...CONSCIOUSNESS_LEVELS),
    seizure: fc.constantFrom(
      'none' as const,
      'rapidly_resolving' as const,
      'prolonged_or_repetitive' as const,
    ),
    motorWeakness: fc.constantFrom('none' as const, 'deep_focal' as const),
    ageYears: fc.integer({ min: 1, max: 90 }),
  });
  const valid = (reason: NotPerformedReason, consciousness: Consciousness) =>
    reason !== 'unarousable' || consciousness === 'unarousable';

  it('a worse level of consciousness never lowers the grade, whatever the reason', () => {
    fc.assert(
      fc.property(findings, (x) => {
        const worse =
          CONSCIOUSNESS_LEVELS.indexOf(x.worseConsciousness) > CONSCIOUSNESS_LEVELS.indexOf(x.consciousness)
            ? x.worseConsciousness
            : x.consciousness;
        if (!valid(x.reason, x.consciousness) || !valid(x.reason, worse)) return;
        const base = { ...adult, ...x, capdScore: null, notPerformedReason: x.reason };
        expect(gradeIcans({ ...base, consciousness: worse }).grade).toBeGreaterThanOrEqual(
          gradeIcans({ ...base, consciousness: x.consciousness }).grade,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('global aphasia (ICE 0) is never graded lower than any ICE score the same patient could have had', () => {
    fc.assert(
      fc.property(findings, fc.integer({ min: 0, max: 10 }), (x, ice) => {
        const base = { ...adult, ...x, ageYears: Math.max(12, x.ageYears), capdScore: undefined };
        const aphasia = gradeIcans({ ...base, iceScore: null, notPerformedReason: 'global_aphasia' }).grade;
        expect(aphasia).toBeGreaterThanOrEqual(gradeIcans({ ...base, iceScore: ice }).grade);
      }),
      { numRuns: 2000 },
    );
  });

  it('a worse finding in another domain never lowers the grade, whatever the reason', () => {
    fc.assert(
      fc.property(findings, (x) => {
        if (!valid(x.reason, x.consciousness)) return;
        const base = { ...adult, ...x, capdScore: null, notPerformedReason: x.reason };
        const g = gradeIcans(base).grade;
        expect(gradeIcans({ ...base, motorWeakness: 'deep_focal' }).grade).toBeGreaterThanOrEqual(g);
        expect(gradeIcans({ ...base, seizure: 'prolonged_or_repetitive' }).grade).toBeGreaterThanOrEqual(g);
        expect(gradeIcans({ ...base, raisedIcp: 'focal_edema' }).grade).toBeGreaterThanOrEqual(g);
      }),
      { numRuns: 2000 },
    );
  });
});

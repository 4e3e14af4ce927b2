import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { Consciousness, IcansFindings, RaisedIcp, Seizure } from './icans.ts';
import { assessIcans, CONSCIOUSNESS_LEVELS, gradeIcans, RAISED_ICP, SEIZURES } from './icans.ts';

const adult: IcansFindings = {
  ageYears: 34,
  iceScore: 10,
  consciousness: 'normal',
  seizure: 'none',
  motorWeakness: 'none',
  raisedIcp: 'none',
};
const a = (patch: Partial<IcansFindings>): IcansFindings => ({ ...adult, ...patch });
const child: IcansFindings = { ...adult, ageYears: 7, iceScore: undefined, capdScore: 0 };
const c = (patch: Partial<IcansFindings>): IcansFindings => ({ ...child, ...patch });

describe('gradeIcans: ICE domain (age ≥ 12)', () => {
  it('ICE 10 with everything normal: no ICANS (grade 0)', () => {
    const g = gradeIcans(adult);
    expect(g.grade).toBe(0);
    expect(g.reasons).toContain('no ICANS');
    expect(g.reasons.join(' ')).toContain('ASTCT 2019');
  });
  it.each([
    [10, 0],
    [9, 1],
    [8, 1],
    [7, 1],
    [6, 2],
    [5, 2],
    [4, 2],
    [3, 2],
    [2, 3],
    [1, 3],
    [0, 3],
  ])('ICE %s awake → grade %s', (ice, grade) => {
    expect(gradeIcans(a({ iceScore: ice })).grade).toBe(grade);
  });
  it('ICE 5/10 reason in the clinic words', () => {
    expect(gradeIcans(a({ iceScore: 5 })).reasons).toContain('ICE 5/10 → grade 2');
  });
  it('ICE 0 awake (global aphasia) → 3; ICE 0 unarousable → 4', () => {
    const awake = gradeIcans(a({ iceScore: 0 }));
    expect(awake.grade).toBe(3);
    expect(awake.reasons).toContain('ICE 0/10 while awake (global aphasia) → grade 3');
    const unarousable = gradeIcans(a({ iceScore: 0, consciousness: 'unarousable' }));
    expect(unarousable.grade).toBe(4);
    expect(unarousable.reasons).toContain('ICE 0/10, unarousable → grade 4');
  });
  it('ICE null (cannot be performed) because unarousable → 4', () => {
    const g = gradeIcans(a({ iceScore: null, consciousness: 'unarousable' }));
    expect(g.grade).toBe(4);
    expect(g.reasons).toContain('unarousable, cannot perform ICE → grade 4');
  });
  it('ICE null while arousable: graded by the other domains', () => {
    expect(gradeIcans(a({ iceScore: null })).grade).toBe(0);
    expect(gradeIcans(a({ iceScore: null, consciousness: 'awakens_to_voice' })).grade).toBe(2);
  });
  it('ICE not recorded: says so', () => {
    expect(gradeIcans(a({ iceScore: undefined })).reasons).toContain(
      'ICE not recorded: encephalopathy not graded by ICE',
    );
  });
  it('age 12 uses ICE (CAPD only under 12)', () => {
    expect(assessIcans(a({ ageYears: 12, iceScore: 5, capdScore: 0 })).tool).toBe('ICE');
    expect(gradeIcans(a({ ageYears: 12, iceScore: 5, capdScore: 0 })).grade).toBe(2);
  });
});

describe('gradeIcans: every other domain × grade', () => {
  it.each<[Consciousness, number]>([
    ['normal', 0],
    ['awakens_spontaneously', 1],
    ['awakens_to_voice', 2],
    ['awakens_to_touch', 3],
    ['unarousable', 4],
  ])('consciousness %s → %s', (consciousness, grade) => {
    expect(gradeIcans(a({ consciousness })).grade).toBe(grade);
  });
  it.each<[Seizure, number]>([
    ['none', 0],
    ['rapidly_resolving', 3],
    ['nonconvulsive_eeg_resolved_with_intervention', 3],
    ['prolonged_or_repetitive', 4],
  ])('seizure %s → %s', (seizure, grade) => {
    expect(gradeIcans(a({ seizure })).grade).toBe(grade);
  });
  it('deep focal motor weakness → 4', () => {
    const g = gradeIcans(a({ motorWeakness: 'deep_focal' }));
    expect(g.grade).toBe(4);
    expect(g.reasons).toContain('deep focal motor weakness (hemiparesis or paraparesis) → grade 4');
  });
  it.each<[RaisedIcp, number]>([
    ['none', 0],
    ['focal_edema', 3],
    ['diffuse_edema', 4],
    ['posturing', 4],
    ['cranial_nerve_vi_palsy', 4],
    ['papilledema', 4],
    ['cushings_triad', 4],
  ])('raised ICP %s → %s', (raisedIcp, grade) => {
    expect(gradeIcans(a({ raisedIcp })).grade).toBe(grade);
  });
  it('death due to ICANS → 5', () => {
    const g = gradeIcans(a({ icansDeath: true }));
    expect(g.grade).toBe(5);
    expect(g.reasons).toContain('death due to ICANS → grade 5');
  });
  it('worst domain wins: ICE 8 (1) + focal edema (3) + awakens to voice (2) → 3', () => {
    const g = gradeIcans(a({ iceScore: 8, raisedIcp: 'focal_edema', consciousness: 'awakens_to_voice' }));
    expect(g.grade).toBe(3);
    expect(g.reasons).toEqual(
      expect.arrayContaining([
        'ICE 8/10 → grade 1',
        'depressed consciousness, awakens to voice → grade 2',
        'focal/local cerebral edema on neuroimaging → grade 3',
      ]),
    );
  });
  it('depressed consciousness attributed to another cause (sedation) does not count', () => {
    const g = gradeIcans(a({ iceScore: null, consciousness: 'unarousable', consciousnessOtherCause: true }));
    expect(g.grade).toBe(0);
    expect(g.reasons).toContain('unarousable (stupor or coma), attributed to another cause: does not count');
  });
  it('ICE 0 when unarousable from sedation is not interpreted, but seizures still grade', () => {
    const g = gradeIcans(
      a({
        iceScore: 0,
        consciousness: 'unarousable',
        consciousnessOtherCause: true,
        seizure: 'rapidly_resolving',
      }),
    );
    expect(g.grade).toBe(3);
  });
  it('returns exactly { grade, reasons }', () => {
    expect(Object.keys(gradeIcans(adult)).sort()).toEqual(['grade', 'reasons']);
  });
});

describe('gradeIcans: CAPD in children', () => {
  it.each([
    [0, 0],
    [1, 1],
    [8, 1],
    [9, 3],
    [20, 3],
    [32, 3],
  ])('CAPD %s awake child → grade %s', (capd, grade) => {
    expect(gradeIcans(c({ capdScore: capd })).grade).toBe(grade);
  });
  it('CAPD 1–8 and only awakens to voice → 2', () => {
    expect(gradeIcans(c({ capdScore: 5, consciousness: 'awakens_to_voice' })).grade).toBe(2);
  });
  it('unable to perform CAPD because unarousable → 4', () => {
    const g = gradeIcans(c({ capdScore: null, consciousness: 'unarousable' }));
    expect(g.grade).toBe(4);
    expect(g.reasons).toContain('unarousable, cannot perform CAPD → grade 4');
  });
  it('an ICE score is not used under 12: CAPD replaces ICE', () => {
    const g = gradeIcans(c({ capdScore: 0, iceScore: 2 }));
    expect(g.grade).toBe(0);
    expect(g.reasons).toContain('ICE 2/10 not used under 12 years: CAPD replaces ICE');
    expect(assessIcans(c({})).tool).toBe('CAPD');
  });
  it('the age cut-off is configurable: "≤ 12" protocols pass 13', () => {
    const twelve = a({ ageYears: 12, iceScore: 10, capdScore: 12 });
    expect(gradeIcans(twelve).grade).toBe(0);
    expect(gradeIcans(twelve, { capdBelowAgeYears: 13 }).grade).toBe(3);
  });
  it('other domains grade as for adults', () => {
    expect(gradeIcans(c({ seizure: 'prolonged_or_repetitive' })).grade).toBe(4);
    expect(gradeIcans(c({ raisedIcp: 'focal_edema' })).grade).toBe(3);
  });
});

describe('gradeIcans: invalid findings throw InvalidFindingsError', () => {
  it.each<[string, unknown, string]>([
    ['ICE 11', a({ iceScore: 11 }), 'iceScore'],
    ['ICE -1', a({ iceScore: -1 }), 'iceScore'],
    ['ICE 7.5', a({ iceScore: 7.5 }), 'iceScore'],
    ['ICE NaN', a({ iceScore: Number.NaN }), 'iceScore'],
    ['CAPD 33', c({ capdScore: 33 }), 'capdScore'],
    ['CAPD -2', c({ capdScore: -2 }), 'capdScore'],
    ['unknown consciousness', a({ consciousness: 'drowsy' as Consciousness }), 'consciousness'],
    ['unknown seizure', a({ seizure: 'absence' as Seizure }), 'seizure'],
    ['unknown motor', { ...adult, motorWeakness: 'mild' }, 'motorWeakness'],
    ['unknown ICP', a({ raisedIcp: 'edema' as RaisedIcp }), 'raisedIcp'],
    ['age negative', a({ ageYears: -1 }), 'ageYears'],
    ['age missing', { ...adult, ageYears: undefined }, 'ageYears'],
    ['icansDeath not boolean', { ...adult, icansDeath: 'yes' }, 'icansDeath'],
  ])('%s', (_name, findings, field) => {
    let thrown: unknown;
    try {
      gradeIcans(findings as IcansFindings);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidFindingsError);
    expect((thrown as InvalidFindingsError).field).toBe(field);
  });
  it('rejects an impossible age cut-off', () => {
    expect(() => gradeIcans(adult, { capdBelowAgeYears: -3 })).toThrow(InvalidFindingsError);
  });
});

// Property tests --------------------------------------------------------------------------------
const SEIZURE_RANK: Record<Seizure, number> = {
  none: 0,
  rapidly_resolving: 1,
  nonconvulsive_eeg_resolved_with_intervention: 1,
  prolonged_or_repetitive: 2,
};
const ICP_RANK = (icp: RaisedIcp): number => (icp === 'none' ? 0 : icp === 'focal_edema' ? 1 : 2);
const arbFindings = (ageYears: fc.Arbitrary<number>): fc.Arbitrary<IcansFindings> =>
  fc.record({
    ageYears,
    iceScore: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
    capdScore: fc.option(fc.integer({ min: 0, max: 32 }), { nil: null }),
    consciousness: fc.constantFrom(...CONSCIOUSNESS_LEVELS),
    seizure: fc.constantFrom(...SEIZURES),
    motorWeakness: fc.constantFrom('none' as const, 'deep_focal' as const),
    raisedIcp: fc.constantFrom(...RAISED_ICP),
    icansDeath: fc.boolean(),
  });
const anyAge = fc.integer({ min: 1, max: 90 });

describe('gradeIcans: properties', () => {
  it('adding a worse finding in any domain never lowers the grade', () => {
    fc.assert(
      fc.property(arbFindings(anyAge), arbFindings(anyAge), (f, other) => {
        const worse: IcansFindings = {
          ...f,
          // lower ICE / higher CAPD is worse; a missing score stays missing
          iceScore:
            f.iceScore === null || other.iceScore === null
              ? f.iceScore
              : Math.min(f.iceScore ?? 10, other.iceScore ?? 10),
          capdScore:
            f.capdScore === null || other.capdScore === null
              ? f.capdScore
              : Math.max(f.capdScore ?? 0, other.capdScore ?? 0),
          consciousness:
            CONSCIOUSNESS_LEVELS.indexOf(other.consciousness) > CONSCIOUSNESS_LEVELS.indexOf(f.consciousness)
              ? other.consciousness
              : f.consciousness,
          seizure: SEIZURE_RANK[other.seizure] > SEIZURE_RANK[f.seizure] ? other.seizure : f.seizure,
          motorWeakness: other.motorWeakness === 'deep_focal' ? 'deep_focal' : f.motorWeakness,
          raisedIcp: ICP_RANK(other.raisedIcp) > ICP_RANK(f.raisedIcp) ? other.raisedIcp : f.raisedIcp,
          icansDeath: f.icansDeath || other.icansDeath,
        };
        expect(gradeIcans(worse).grade).toBeGreaterThanOrEqual(gradeIcans(f).grade);
      }),
      { numRuns: 3000 },
    );
  });
  it('grade = max over the domains (5 on death)', () => {
    fc.assert(
      fc.property(arbFindings(anyAge), (f) => {
        const assessment = assessIcans(f);
        const max = Math.max(...Object.values(assessment.domains));
        expect(assessment.grade).toBe(f.icansDeath ? 5 : max);
      }),
      { numRuns: 3000 },
    );
  });
});

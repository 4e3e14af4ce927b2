/** gradeCrs properties over random findings, and oxygen given for comfort only (ASTCT 2019: not counted as hypoxia). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CrsFindings, OxygenDevice } from './crs.ts';
import { assessCrs, gradeCrs, OXYGEN_DEVICES, VASOPRESSORS } from './crs.ts';
import { InvalidFindingsError } from './errors.ts';
import { withFindings as withF } from './test-support.ts';

const DEVICE_RANK: Record<OxygenDevice, number> = {
  room_air: 0,
  nasal_cannula: 2,
  blow_by: 2,
  high_flow_nasal_cannula: 3,
  face_mask: 3,
  non_rebreather: 3,
  venturi_mask: 3,
  cpap: 4,
  bipap: 4,
  mechanical_ventilation: 4,
};
const arbOxygen = fc.oneof(
  fc.record({ device: fc.constantFrom(...OXYGEN_DEVICES.filter((d) => d !== 'nasal_cannula')) }),
  fc.record({
    device: fc.constant<OxygenDevice>('nasal_cannula'),
    flowLpm: fc.double({ min: 0, max: 15, noNaN: true }),
  }),
);
const arbFindings: fc.Arbitrary<CrsFindings> = fc.record({
  temperatureC: fc.option(fc.double({ min: 35, max: 42, noNaN: true }), { nil: null }),
  feverOtherCause: fc.boolean(),
  feverNoLongerRequired: fc.boolean(),
  hypotension: fc.boolean(),
  vasopressors: fc.uniqueArray(fc.constantFrom(...VASOPRESSORS), { maxLength: 5 }),
  oxygen: arbOxygen,
  crsDeath: fc.boolean(),
});
const oxygenRank = (o: { device: OxygenDevice; flowLpm?: number }): number =>
  o.device === 'nasal_cannula' && (o.flowLpm ?? 0) > 6 ? 3 : DEVICE_RANK[o.device];

/** A finding at least as bad as `f` in every respect. */
function arbWorse(f: CrsFindings): fc.Arbitrary<CrsFindings> {
  return fc
    .record({
      temperatureC: fc.option(fc.double({ min: f.temperatureC ?? 35, max: 42, noNaN: true }), { nil: null }),
      feverOtherCause: f.feverOtherCause ? fc.boolean() : fc.constant(false),
      feverNoLongerRequired: f.feverNoLongerRequired ? fc.constant(true) : fc.boolean(),
      hypotension: f.hypotension ? fc.constant(true) : fc.boolean(),
      extraPressors: fc.uniqueArray(fc.constantFrom(...VASOPRESSORS), { maxLength: 5 }),
      oxygen: arbOxygen,
      crsDeath: f.crsDeath ? fc.constant(true) : fc.boolean(),
    })
    .filter((w) => oxygenRank(w.oxygen) >= oxygenRank(f.oxygen))
    .map((w) => ({
      temperatureC: f.temperatureC === null ? w.temperatureC : (w.temperatureC ?? f.temperatureC),
      feverOtherCause: w.feverOtherCause,
      feverNoLongerRequired: w.feverNoLongerRequired,
      hypotension: w.hypotension,
      vasopressors: [...new Set([...f.vasopressors, ...w.extraPressors])],
      oxygen: w.oxygen,
      crsDeath: w.crsDeath,
    }));
}

describe('gradeCrs: properties', () => {
  it('adding a worse finding never lowers the grade', () => {
    fc.assert(
      fc.property(
        arbFindings.chain((f) => fc.tuple(fc.constant(f), arbWorse(f))),
        ([f, worse]) => {
          expect(gradeCrs(worse).grade).toBeGreaterThanOrEqual(gradeCrs(f).grade);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('grade = max over the hypotension and hypoxia domains (at least 1) when fever counts; 0 without fever', () => {
    fc.assert(
      fc.property(arbFindings, (f) => {
        const a = assessCrs(f);
        if (f.crsDeath) expect(a.grade).toBe(5);
        else if (a.feverCounts) expect(a.grade).toBe(Math.max(1, a.hypotensionGrade, a.hypoxiaGrade));
        else if (f.feverNoLongerRequired) expect(a.grade).toBe(Math.max(a.hypotensionGrade, a.hypoxiaGrade));
        else expect(a.grade).toBe(0);
        expect(a.reasons.at(-1)).toContain('ASTCT 2019');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('gradeCrs: oxygen given for comfort only (ASTCT 2019: not counted as hypoxia)', () => {
  it.each<[OxygenDevice, number | undefined, Partial<CrsFindings>, number, string]>([
    [
      'nasal_cannula',
      2,
      {},
      1,
      'nasal cannula 2 L/min given for comfort only: not counted as hypoxia (ASTCT 2019)',
    ],
    [
      'blow_by',
      undefined,
      {},
      1,
      'blow-by oxygen given for comfort only: not counted as hypoxia (ASTCT 2019)',
    ],
    ['face_mask', 5, {}, 1, 'face mask 5 L/min given for comfort only: not counted as hypoxia (ASTCT 2019)'],
    [
      'nasal_cannula',
      2,
      { hypotension: true },
      2,
      'nasal cannula 2 L/min given for comfort only: not counted as hypoxia (ASTCT 2019)',
    ],
    [
      'nasal_cannula',
      2,
      { temperatureC: 37.0 },
      0,
      'nasal cannula 2 L/min given for comfort only: not counted as hypoxia (ASTCT 2019)',
    ],
  ])('%s at %s L/min for comfort, %o → grade %s', (device, flowLpm, patch, grade, reason) => {
    const oxygen =
      flowLpm === undefined ? { device, forComfort: true } : { device, flowLpm, forComfort: true };
    const a = assessCrs(withF({ ...patch, oxygen }));
    expect(a.grade).toBe(grade);
    expect(a.hypoxiaGrade).toBe(0);
    expect(a.reasons).toContain(reason);
    // Without fever, comfort oxygen is not "hypoxia without fever" either.
    expect(a.reasons.join(' ')).not.toContain('hypoxia without fever');
  });

  it('the same oxygen not marked for comfort is graded as usual', () => {
    expect(
      gradeCrs(withF({ oxygen: { device: 'nasal_cannula', flowLpm: 2, forComfort: false } })).grade,
    ).toBe(2);
  });

  it('room air marked for comfort is still room air', () => {
    const a = assessCrs(withF({ oxygen: { device: 'room_air', forComfort: true } }));
    expect(a.grade).toBe(1);
    expect(a.reasons).toContain('fever without hypotension or hypoxia → grade 1');
  });

  it('refuses a comfort mark that is not true or false', () => {
    expect(() =>
      gradeCrs(
        withF({ oxygen: { device: 'nasal_cannula', flowLpm: 2, forComfort: 'yes' as unknown as boolean } }),
      ),
    ).toThrow(InvalidFindingsError);
  });

  it('marking oxygen as for comfort never raises the grade', () => {
    fc.assert(
      fc.property(arbFindings, (f) => {
        const comfort = { ...f, oxygen: { ...f.oxygen, forComfort: true } };
        expect(gradeCrs(comfort).grade).toBeLessThanOrEqual(gradeCrs(f).grade);
      }),
      { numRuns: 1000 },
    );
  });
});

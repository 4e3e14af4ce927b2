import { describe, expect, it } from 'vitest';
import type { LicatsFindings, LicatsHintInput } from './licats.ts';
import { LICATS_HINT_LABEL, licatsGrade, licatsHints } from './licats.ts';
import { expectInvalid } from './test-support.ts';

const none: LicatsFindings = {
  resolvedWithoutTreatment: true,
  glucocorticoidsDays: 0,
  innerOrgan: false,
  prolongedOrNewHospitalisation: false,
  icu: false,
};
const treated = { ...none, resolvedWithoutTreatment: false };

describe('LICATS grade (Hagen 2025)', () => {
  it.each<[string, LicatsFindings, number]>([
    ['resolves on its own', none, 1],
    ['glucocorticoids 7 days (not > 1 week)', { ...treated, glucocorticoidsDays: 7 }, 1],
    ['glucocorticoids 8 days', { ...treated, glucocorticoidsDays: 8 }, 2],
    ['glucocorticoids 7.5 days', { ...treated, glucocorticoidsDays: 7.5 }, 2],
    ['inner organ, resolved on its own', { ...none, innerOrgan: true }, 2],
    ['new hospitalisation', { ...treated, prolongedOrNewHospitalisation: true }, 3],
    [
      'hospitalisation with long glucocorticoids',
      { ...treated, glucocorticoidsDays: 14, prolongedOrNewHospitalisation: true },
      3,
    ],
    ['ICU', { ...treated, icu: true }, 4],
    [
      'ICU and everything else',
      {
        ...treated,
        icu: true,
        innerOrgan: true,
        glucocorticoidsDays: 20,
        prolongedOrNewHospitalisation: true,
      },
      4,
    ],
  ])('%s → grade %s', (_, f, grade) => {
    expect(licatsGrade(f).grade).toBe(grade);
  });
  it('reasons name each criterion and the source', () => {
    expect(licatsGrade({ ...treated, glucocorticoidsDays: 10, innerOrgan: true }).reasons).toEqual([
      'glucocorticoids for 10 days (> 1 week) → grade 2',
      'inner organ involved → grade 2',
      'Hagen M et al., LICATS, Lancet Rheumatol 2025 (as in shared/clinical-reference.md)',
    ]);
    expect(licatsGrade(none).reasons[0]).toBe('resolved without treatment → grade 1');
    expect(licatsGrade({ ...treated, glucocorticoidsDays: 5 }).reasons[0]).toContain('UNCONFIRMED');
    expect(licatsGrade(treated).reasons[0]).toContain('not resolved yet');
  });
  it('refuses impossible findings', () => {
    expectInvalid(() => licatsGrade({ ...none, glucocorticoidsDays: 3 }), 'resolvedWithoutTreatment');
    expectInvalid(() => licatsGrade({ ...treated, glucocorticoidsDays: -1 }), 'glucocorticoidsDays');
    expectInvalid(() => licatsGrade({ ...treated, glucocorticoidsDays: Number.NaN }), 'glucocorticoidsDays');
    expectInvalid(() => licatsGrade({ ...treated, icu: 'yes' as unknown as boolean }), 'icu');
  });
});

describe('LICATS hints (not diagnoses)', () => {
  const INF = Date.parse('2025-03-01T10:00:00Z');
  const DAY = 86_400_000;
  const d = (n: number) => INF + n * DAY;
  const base: LicatsHintInput = {
    infusionAt: INF,
    creatinineSeries: [],
    upcrSeries: [],
    newOrganFlares: [],
    inAplasia: false,
  };
  it.each([
    [1.5, false],
    [1.51, true],
    [1.49, false],
  ])('creatinine %s mg/dL against baseline 1.0 (> 50%% above) → hint %s', (value, hint) => {
    const r = licatsHints({
      ...base,
      creatinineSeries: [
        { at: d(-6), value: 1.0 },
        { at: d(10), value },
      ],
    });
    expect(r.hints.some((h) => h.kind === 'creatinine_rise')).toBe(hint);
    expect(r.label).toBe(LICATS_HINT_LABEL);
  });
  it('baseline: the given value, else the last value before infusion, else the first value', () => {
    const series = [
      { at: d(-10), value: 0.6 },
      { at: d(-2), value: 1.0 },
      { at: d(12), value: 1.6 },
    ];
    const r = licatsHints({ ...base, creatinineSeries: series });
    expect(r.hints[0]?.message).toBe(
      `creatinine 1.6 mg/dL on Day 12 is 60% above baseline 1 mg/dL (last value before infusion; > 50%): possible kidney LICATS (${LICATS_HINT_LABEL})`,
    );
    expect(licatsHints({ ...base, creatinineSeries: series, baselineCreatinine: 1.2 }).hints).toEqual([]);
    const noPre = licatsHints({
      ...base,
      creatinineSeries: [
        { at: d(1), value: 0.8 },
        { at: d(9), value: 1.3 },
      ],
    });
    expect(noPre.hints[0]?.message).toContain('(first value; > 50%)');
    expect(noPre.hints[0]?.day).toBe(9);
  });
  it('rising urine protein/creatinine ratio above baseline gives a hint', () => {
    const upcr = (values: [number, number][]) =>
      licatsHints({ ...base, upcrSeries: values.map(([n, value]) => ({ at: d(n), value })) }).hints.filter(
        (h) => h.kind === 'upcr_rise',
      );
    expect(
      upcr([
        [-3, 300],
        [10, 500],
      ]),
    ).toHaveLength(1);
    expect(
      upcr([
        [-3, 300],
        [10, 450],
      ]),
    ).toHaveLength(0);
    expect(
      upcr([
        [-3, 300],
        [10, 800],
        [17, 600],
      ]),
    ).toHaveLength(1);
    expect(
      upcr([
        [-3, 300],
        [10, 200],
      ]),
    ).toHaveLength(0);
  });
  it('a new organ flare during aplasia gives a hint; outside aplasia it does not', () => {
    const flares = [
      { at: d(10), organ: 'skin' },
      { at: d(200), organ: 'joints' },
    ];
    const all = licatsHints({ ...base, newOrganFlares: flares, inAplasia: true });
    expect(all.hints.map((h) => h.kind)).toEqual(['organ_flare_in_aplasia', 'organ_flare_in_aplasia']);
    const periods = licatsHints({ ...base, newOrganFlares: flares, inAplasia: [{ from: d(7), to: d(100) }] });
    expect(periods.hints.map((h) => h.message)).toEqual([
      `new skin flare on Day 10 during B-cell aplasia: consider LICATS (median onset Day 10, Hagen 2025) (${LICATS_HINT_LABEL})`,
    ]);
    expect(periods.reasons).toContain(
      'joints flare on Day 200 not during B-cell aplasia after infusion: no LICATS hint',
    );
    expect(licatsHints({ ...base, newOrganFlares: flares, inAplasia: false }).hints).toEqual([]);
    expect(
      licatsHints({ ...base, newOrganFlares: flares, inAplasia: [{ from: d(7), to: null }] }).hints,
    ).toHaveLength(2);
  });
  it('refuses impossible values', () => {
    expectInvalid(
      () => licatsHints({ ...base, creatinineSeries: [{ at: d(1), value: -1 }] }),
      'creatinineSeries[0].value',
    );
    expectInvalid(() => licatsHints({ ...base, baselineCreatinine: 0 }), 'baselineCreatinine');
    expectInvalid(
      () => licatsHints({ ...base, upcrSeries: [{ at: '2025-03-02T10:00', value: 1 }] }),
      'upcrSeries[0].at',
    );
    expectInvalid(
      () => licatsHints({ ...base, newOrganFlares: [{ at: d(3), organ: '' }] }),
      'newOrganFlares[0].organ',
    );
    expectInvalid(() => licatsHints({ ...base, inAplasia: [{ from: d(9), to: d(3) }] }), 'inAplasia');
  });
});

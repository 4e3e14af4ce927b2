import { describe, expect, it } from 'vitest';
import { cibmtrForm4100Fields, cibmtrForm4100PerInfusion, type Form4100Input } from './cibmtr-form-4100.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const d = (days: number) => T0 + days * DAY;
const base: Form4100Input = {
  infusionAt: T0,
  crsEpisodes: [],
  icansEpisodes: [],
  maxGrade: { crs: { ofRecord: 0, computed: 0 }, icans: { ofRecord: 0, computed: 0 } },
  medications: [],
  neuroAssessments: [],
  anc: [],
  infections: [],
  malignancies: [],
  now: d(60),
};

describe('CRS and ICANS fields', () => {
  it('no episode: "no", and the rest empty with the reason', () => {
    const f = cibmtrForm4100Fields(base);
    expect(f.crs).toEqual({ value: 'no', basis: 'no CRS episode charted' });
    expect(f.crsOnsetDate.value).toBeNull();
    expect(f.crsTocilizumab.value).toBeNull();
    expect(f.icansMaxGrade.value).toBeNull();
  });

  it('attributes each dose to the syndrome whose episodes it falls within', () => {
    const f = cibmtrForm4100Fields({
      ...base,
      crsEpisodes: [{ onsetAt: d(1), resolvedAt: d(3) }],
      icansEpisodes: [{ onsetAt: d(4), resolvedAt: d(6) }],
      maxGrade: { crs: { ofRecord: 2, computed: 2 }, icans: { ofRecord: 1, computed: 2 } },
      medications: [
        { at: d(1.5), drug: 'tocilizumab', category: 'tocilizumab' },
        { at: d(4.5), drug: 'dexamethasone', category: 'corticosteroid' },
        { at: d(20), drug: 'prednisolone', category: 'corticosteroid' },
      ],
    });
    expect(f.crs.value).toBe('yes');
    expect(f.crsOnsetDate.value).toBe('2026-03-03');
    expect(f.crsMaxGrade).toMatchObject({
      value: 2,
      basis: expect.stringContaining('grade of record = computed'),
    });
    expect(f.crsTocilizumab.value).toBe('yes');
    expect(f.crsCorticosteroids.value).toBe('no');
    expect(f.icansTocilizumab.value).toBe('no');
    expect(f.icansCorticosteroids).toMatchObject({
      value: 'yes',
      basis: expect.stringContaining('1 corticosteroid'),
    });
    expect(f.icansMaxGrade).toMatchObject({ value: 1, basis: expect.stringContaining('computed maximum 2') });
  });

  it('an episode still open counts doses up to now', () => {
    const f = cibmtrForm4100Fields({
      ...base,
      crsEpisodes: [{ onsetAt: d(1), resolvedAt: null }],
      medications: [{ at: d(30), drug: 'tocilizumab', category: 'tocilizumab' }],
    });
    expect(f.crsTocilizumab).toMatchObject({ value: 'yes', basis: expect.stringContaining('ongoing') });
  });
});

describe('neutrophil recovery: first of 3 consecutive ANC ≥ 500/µL after the nadir', () => {
  const anc = (values: [number, number][]) => values.map(([day, ancPerUl]) => ({ at: d(day), ancPerUl }));
  it.each([
    ['no ANC', [], null, 'no ANC charted'],
    [
      'never below 500',
      [
        [2, 900],
        [5, 1200],
      ],
      null,
      'never below 500',
    ],
    [
      'recovers on Day 12',
      [
        [3, 300],
        [5, 200],
        [12, 700],
        [14, 900],
        [20, 1500],
      ],
      '2026-03-14',
      'first of 3',
    ],
    [
      'a dip restarts the run',
      [
        [3, 300],
        [10, 700],
        [11, 400],
        [12, 700],
        [13, 800],
        [14, 900],
      ],
      '2026-03-14',
      '2026-03-16',
    ],
    [
      'two values are not yet recovery',
      [
        [3, 300],
        [12, 700],
        [14, 900],
      ],
      null,
      'not recovered',
    ],
    [
      'two values the same day count once',
      [
        [3, 300],
        [12, 700],
        [12.2, 800],
        [14, 900],
      ],
      null,
      'not recovered',
    ],
  ] as const)('%s', (_, values, expected, basis) => {
    const f = cibmtrForm4100Fields({ ...base, anc: anc(values as unknown as [number, number][]) });
    expect(f.neutrophilRecoveryDate.value).toBe(expected);
    expect(f.neutrophilRecoveryDate.basis).toContain(basis);
  });
});

describe('ICE, infections, new malignancy', () => {
  it('ICE done only when scored; infections counted with their details; malignancy named', () => {
    expect(
      cibmtrForm4100Fields({ ...base, neuroAssessments: [{ at: d(1), iceScore: null }] }).iceOrCartox10Done
        .value,
    ).toBe('no');
    const f = cibmtrForm4100Fields({
      ...base,
      neuroAssessments: [{ at: d(2), iceScore: 9 }],
      infections: [{ onsetAt: d(40), site: 'respiratory', organism: 'influenza A', ctcaeGrade: 2 }],
      malignancies: [{ diagnosedOn: '2026-04-21', type: 't_cell_lymphoma', site: 'lymph node' }],
    });
    expect(f.iceOrCartox10Done).toMatchObject({ value: 'yes', basis: expect.stringContaining('2026-03-04') });
    expect(f.infections).toEqual({ value: 1, basis: '2026-04-11 respiratory (influenza A), CTCAE grade 2' });
    expect(f.newMalignancy).toEqual({ value: 'yes', basis: '2026-04-21 t cell lymphoma, lymph node' });
  });
});

describe('per infusion episode (re-treatment on Day 100)', () => {
  const infusions = [
    { number: 1, infusedAt: T0 },
    { number: 2, infusedAt: d(100) },
  ];
  const ancAt = (values: [number, number][]) => values.map(([day, ancPerUl]) => ({ at: d(day), ancPerUl }));
  const facts = {
    ...base,
    crsEpisodes: [
      { onsetAt: d(1), resolvedAt: d(3) },
      { onsetAt: d(101), resolvedAt: d(104) },
    ],
    icansEpisodes: [{ onsetAt: d(5), resolvedAt: d(6) }],
    medications: [
      { at: d(1.5), drug: 'tocilizumab', category: 'tocilizumab' },
      { at: d(102), drug: 'dexamethasone', category: 'corticosteroid' },
    ],
    neuroAssessments: [{ at: d(5), iceScore: 8 }],
    anc: ancAt([
      [3, 300],
      [5, 800],
      [6, 900],
      [7, 1000],
      [102, 200],
      [106, 700],
      [107, 800],
      [108, 900],
    ]),
    infections: [{ onsetAt: d(130), site: 'respiratory', organism: null, ctcaeGrade: 2 }],
    malignancies: [{ diagnosedOn: '2026-06-01', type: 'solid', site: 'skin' }],
    now: d(140),
  };
  const windows: [number, number | null][] = [];
  const rows = cibmtrForm4100PerInfusion(infusions, facts, (w) => {
    windows.push([w.infusedAt, w.until]);
    return w.number === 1
      ? { crs: { ofRecord: 1, computed: 1 }, icans: { ofRecord: 1, computed: 1 } }
      : { crs: { ofRecord: 3, computed: 2 }, icans: { ofRecord: 0, computed: 0 } };
  });
  const f1 = rows[0]?.fields;
  const f2 = rows[1]?.fields;
  it.each([
    ['CRS', () => [f1?.crs.value, f2?.crs.value], ['yes', 'yes']],
    ['CRS onset', () => [f1?.crsOnsetDate.value, f2?.crsOnsetDate.value], ['2026-03-03', '2026-06-11']],
    ['CRS maximum grade', () => [f1?.crsMaxGrade.value, f2?.crsMaxGrade.value], [1, 3]],
    ['tocilizumab for CRS', () => [f1?.crsTocilizumab.value, f2?.crsTocilizumab.value], ['yes', 'no']],
    [
      'corticosteroids for CRS',
      () => [f1?.crsCorticosteroids.value, f2?.crsCorticosteroids.value],
      ['no', 'yes'],
    ],
    ['ICANS', () => [f1?.icans.value, f2?.icans.value], ['yes', 'no']],
    ['ICE done', () => [f1?.iceOrCartox10Done.value, f2?.iceOrCartox10Done.value], ['yes', 'no']],
    [
      'neutrophil recovery',
      () => [f1?.neutrophilRecoveryDate.value, f2?.neutrophilRecoveryDate.value],
      ['2026-03-07', '2026-06-16'],
    ],
    ['infections', () => [f1?.infections.value, f2?.infections.value], [0, 1]],
    ['new malignancy', () => [f1?.newMalignancy.value, f2?.newMalignancy.value], ['yes', 'no']],
  ] as const)('%s: each infusion its own', (_, got, expected) => {
    expect(got()).toEqual(expected);
  });
  it('asks the grade of record for each infusion window', () => {
    expect(rows.map((r) => r.infusion.number)).toEqual([1, 2]);
    expect(windows).toEqual([
      [T0, d(100)],
      [d(100), null],
    ]);
  });
  it('one infusion: the same fields as the whole course', () => {
    const grade = { crs: { ofRecord: 1, computed: 1 }, icans: { ofRecord: 1, computed: 1 } };
    const [only] = cibmtrForm4100PerInfusion([{ number: 1, infusedAt: T0 }], facts, () => grade);
    expect(only?.fields).toEqual(cibmtrForm4100Fields({ ...facts, infusionAt: T0, maxGrade: grade }));
  });
});

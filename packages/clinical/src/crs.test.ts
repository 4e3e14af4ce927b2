import { describe, expect, it } from 'vitest';
import type { CrsFindings, OxygenDevice, Vasopressor } from './crs.ts';
import { gradeCrs, VASOPRESSORS } from './crs.ts';
import { InvalidFindingsError } from './errors.ts';
import { FEVER_ONLY as base, withFindings as withF } from './test-support.ts';

describe('gradeCrs: ASTCT 2019 table, fever gate', () => {
  it('grade 1: fever ≥ 38.0 °C with no hypotension and no hypoxia', () => {
    const g = gradeCrs(base);
    expect(g.grade).toBe(1);
    expect(g.reasons).toContain('fever 38.6 °C');
    expect(g.reasons.join(' ')).toContain('ASTCT 2019');
  });
  it.each([
    [38.0, 1],
    [37.99, 0],
    [37.9, 0],
    [41.2, 1],
  ])('temperature %s °C alone → grade %s (threshold is ≥ 38.0 °C)', (t, grade) => {
    expect(gradeCrs(withF({ temperatureC: t })).grade).toBe(grade);
  });
  it('no temperature → grade 0, says so', () => {
    const g = gradeCrs(withF({ temperatureC: null }));
    expect(g).toMatchObject({ grade: 0 });
    expect(g.reasons).toContain('no temperature recorded');
  });
  it('fever attributed to another cause does not count', () => {
    const g = gradeCrs(withF({ feverOtherCause: true, hypotension: true }));
    expect(g.grade).toBe(0);
    expect(g.reasons).toContain('fever 38.6 °C attributed to another cause: does not count');
    expect(g.reasons).toContain('hypotension without fever: not graded as CRS');
  });
  it('hypotension without fever is not graded, and the reasons say so', () => {
    const g = gradeCrs(withF({ temperatureC: 37.2, hypotension: true, vasopressors: ['norepinephrine'] }));
    expect(g.grade).toBe(0);
    expect(g.reasons).toContain('hypotension without fever: not graded as CRS');
  });
  it('hypoxia without fever is not graded, and the reasons say so', () => {
    const g = gradeCrs(withF({ temperatureC: 37.2, oxygen: { device: 'face_mask' } }));
    expect(g.grade).toBe(0);
    expect(g.reasons).toContain('hypoxia without fever: not graded as CRS');
  });
  it('hypotension and hypoxia without fever: grade 0 with one reason naming both', () => {
    const g = gradeCrs(withF({ temperatureC: null, hypotension: true, oxygen: { device: 'bipap' } }));
    expect(g.grade).toBe(0);
    expect(g.reasons).toContain('hypotension and hypoxia without fever: not graded as CRS');
  });
  it('fever no longer required after tocilizumab: afebrile hypotension on one vasopressor → 3', () => {
    const g = gradeCrs(
      withF({
        temperatureC: 36.8,
        feverNoLongerRequired: true,
        hypotension: true,
        vasopressors: ['norepinephrine'],
      }),
    );
    expect(g.grade).toBe(3);
    expect(g.reasons.join('\n')).toContain('fever no longer required');
  });
  it('fever no longer required, nothing else: grade 0', () => {
    expect(gradeCrs(withF({ temperatureC: 37, feverNoLongerRequired: true })).grade).toBe(0);
  });
  it('fever no longer required with fever still present and nothing else: grade 1', () => {
    expect(gradeCrs(withF({ feverNoLongerRequired: true })).grade).toBe(1);
  });
  it('fever no longer required also applies when the fever is attributed to another cause', () => {
    expect(
      gradeCrs(withF({ feverOtherCause: true, feverNoLongerRequired: true, oxygen: { device: 'blow_by' } }))
        .grade,
    ).toBe(2);
  });
  it('grade 5: death due to CRS', () => {
    const g = gradeCrs(withF({ crsDeath: true }));
    expect(g.grade).toBe(5);
    expect(g.reasons).toContain('death due to CRS → grade 5');
  });
});

describe('gradeCrs: hypotension domain', () => {
  it.each<[string, boolean, Vasopressor[], number, string]>([
    [
      'hypotension not requiring vasopressors',
      true,
      [],
      2,
      'hypotension not requiring vasopressors → grade 2',
    ],
    ['one vasopressor', true, ['norepinephrine'], 3, 'one vasopressor (norepinephrine) → grade 3'],
    [
      'one vasopressor with vasopressin',
      true,
      ['norepinephrine', 'vasopressin'],
      3,
      'one vasopressor (norepinephrine) with vasopressin → grade 3',
    ],
    [
      'vasopressin alone',
      true,
      ['vasopressin'],
      3,
      'vasopressin alone, counted as one vasopressor → grade 3',
    ],
    [
      'multiple vasopressors',
      true,
      ['norepinephrine', 'phenylephrine'],
      4,
      'multiple vasopressors (norepinephrine, phenylephrine) → grade 4',
    ],
    [
      'multiple vasopressors with vasopressin',
      true,
      ['epinephrine', 'dopamine', 'vasopressin'],
      4,
      'multiple vasopressors (epinephrine, dopamine) with vasopressin (vasopressin does not count toward multiple) → grade 4',
    ],
    [
      'the same drug twice is one vasopressor',
      true,
      ['dopamine', 'dopamine'],
      3,
      'one vasopressor (dopamine) → grade 3',
    ],
  ])('%s', (_name, hypotension, vasopressors, grade, reason) => {
    const g = gradeCrs(withF({ hypotension, vasopressors }));
    expect(g.grade).toBe(grade);
    expect(g.reasons).toContain(reason);
  });
  it('vasopressin never counts toward multiple: norepinephrine + vasopressin = 3, + phenylephrine = 4', () => {
    expect(
      gradeCrs(withF({ hypotension: true, vasopressors: ['norepinephrine', 'vasopressin'] })).grade,
    ).toBe(3);
    expect(
      gradeCrs(withF({ hypotension: true, vasopressors: ['norepinephrine', 'phenylephrine'] })).grade,
    ).toBe(4);
  });
  it('every single non-vasopressin drug is grade 3 and every pair is grade 4', () => {
    const drugs = VASOPRESSORS.filter((d) => d !== 'vasopressin');
    for (const a of drugs) {
      expect(gradeCrs(withF({ hypotension: true, vasopressors: [a] })).grade).toBe(3);
      for (const b of drugs) {
        if (a !== b) expect(gradeCrs(withF({ hypotension: true, vasopressors: [a, b] })).grade).toBe(4);
      }
    }
  });
  it('vasopressors listed imply hypotension requiring them even with hypotension false', () => {
    const g = gradeCrs(withF({ hypotension: false, vasopressors: ['norepinephrine'] }));
    expect(g.grade).toBe(3);
    expect(g.reasons.join('\n')).toContain('vasopressors running: hypotension requiring vasopressors');
  });
});

describe('gradeCrs: hypoxia domain', () => {
  it.each<[OxygenDevice, number | undefined, number, string]>([
    ['room_air', undefined, 1, 'fever without hypotension or hypoxia → grade 1'],
    ['nasal_cannula', 4, 2, 'low-flow nasal cannula 4 L/min → grade 2'],
    ['nasal_cannula', 6, 2, 'low-flow nasal cannula 6 L/min → grade 2'],
    ['nasal_cannula', 6.5, 3, 'nasal cannula 6.5 L/min (> 6 L/min is high flow) → grade 3'],
    ['nasal_cannula', 10, 3, 'nasal cannula 10 L/min (> 6 L/min is high flow) → grade 3'],
    [
      'nasal_cannula',
      undefined,
      2,
      'nasal cannula, flow not recorded: graded as low flow → grade 2 (> 6 L/min would be grade 3)',
    ],
    ['blow_by', undefined, 2, 'blow-by oxygen → grade 2'],
    ['high_flow_nasal_cannula', 40, 3, 'high-flow nasal cannula 40 L/min → grade 3'],
    ['face_mask', undefined, 3, 'face mask → grade 3'],
    ['non_rebreather', 15, 3, 'non-rebreather mask 15 L/min → grade 3'],
    ['venturi_mask', undefined, 3, 'Venturi mask → grade 3'],
    ['cpap', undefined, 4, 'positive pressure: CPAP → grade 4'],
    ['bipap', undefined, 4, 'positive pressure: BiPAP → grade 4'],
    [
      'mechanical_ventilation',
      undefined,
      4,
      'positive pressure: intubation and mechanical ventilation → grade 4',
    ],
  ])('%s at %s L/min → grade %s', (device, flowLpm, grade, reason) => {
    const oxygen = flowLpm === undefined ? { device } : { device, flowLpm };
    const g = gradeCrs(withF({ oxygen }));
    expect(g.grade).toBe(grade);
    expect(g.reasons).toContain(reason);
  });
});

describe('gradeCrs: the more severe of hypotension and hypoxia decides', () => {
  const hypotensionPaths: [boolean, Vasopressor[], number][] = [
    [false, [], 0],
    [true, [], 2],
    [true, ['norepinephrine'], 3],
    [true, ['norepinephrine', 'vasopressin'], 3],
    [true, ['norepinephrine', 'epinephrine'], 4],
  ];
  const oxygenPaths: [{ device: OxygenDevice; flowLpm?: number }, number][] = [
    [{ device: 'room_air' }, 0],
    [{ device: 'nasal_cannula', flowLpm: 2 }, 2],
    [{ device: 'blow_by' }, 2],
    [{ device: 'nasal_cannula', flowLpm: 8 }, 3],
    [{ device: 'venturi_mask' }, 3],
    [{ device: 'cpap' }, 4],
  ];
  for (const [hypotension, vasopressors, h] of hypotensionPaths) {
    for (const [oxygen, o] of oxygenPaths) {
      const expected = Math.max(1, h, o);
      it(`hypotension ${hypotension} ${vasopressors.join('+') || 'no pressors'} × ${oxygen.device} ${oxygen.flowLpm ?? ''} → ${expected}`, () => {
        expect(gradeCrs(withF({ hypotension, vasopressors, oxygen })).grade).toBe(expected);
      });
    }
  }
  it('fever + one vasopressor + low-flow cannula = 3, naming the worse domain', () => {
    const g = gradeCrs(
      withF({
        hypotension: true,
        vasopressors: ['norepinephrine'],
        oxygen: { device: 'nasal_cannula', flowLpm: 2 },
      }),
    );
    expect(g.grade).toBe(3);
    expect(g.reasons).toContain('the more severe domain (hypotension) sets the grade');
  });
  it('returns exactly { grade, reasons }', () => {
    expect(Object.keys(gradeCrs(base)).sort()).toEqual(['grade', 'reasons']);
  });
});

describe('gradeCrs: invalid findings throw InvalidFindingsError, never a grade', () => {
  const cases: [string, unknown, string][] = [
    ['temperature below 25 °C', withF({ temperatureC: 24.9 }), 'temperatureC'],
    ['temperature above 45 °C', withF({ temperatureC: 100.4 }), 'temperatureC'],
    ['temperature NaN', withF({ temperatureC: Number.NaN }), 'temperatureC'],
    ['temperature as text', withF({ temperatureC: '38' as unknown as number }), 'temperatureC'],
    ['unknown device', withF({ oxygen: { device: 'tent' as OxygenDevice } }), 'oxygen.device'],
    ['missing oxygen', { ...base, oxygen: undefined }, 'oxygen'],
    ['negative flow', withF({ oxygen: { device: 'nasal_cannula', flowLpm: -1 } }), 'oxygen.flowLpm'],
    ['NaN flow', withF({ oxygen: { device: 'nasal_cannula', flowLpm: Number.NaN } }), 'oxygen.flowLpm'],
    ['absurd flow', withF({ oxygen: { device: 'high_flow_nasal_cannula', flowLpm: 500 } }), 'oxygen.flowLpm'],
    ['unknown vasopressor', withF({ vasopressors: ['milrinone' as Vasopressor] }), 'vasopressors[0]'],
    ['vasopressors not a list', { ...base, vasopressors: 'norepinephrine' }, 'vasopressors'],
    ['hypotension not boolean', { ...base, hypotension: 'yes' }, 'hypotension'],
    ['feverOtherCause not boolean', { ...base, feverOtherCause: 1 }, 'feverOtherCause'],
    ['crsDeath not boolean', { ...base, crsDeath: 'no' }, 'crsDeath'],
    ['null findings', null, 'findings'],
  ];
  it.each(cases)('%s', (_name, findings, field) => {
    try {
      gradeCrs(findings as CrsFindings);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidFindingsError);
      expect((error as InvalidFindingsError).field).toBe(field);
    }
  });
  it('accepts the plausibility limits themselves', () => {
    expect(gradeCrs(withF({ temperatureC: 25 })).grade).toBe(0);
    expect(gradeCrs(withF({ temperatureC: 45 })).grade).toBe(1);
  });
});

// Property tests --------------------------------------------------------------------------------

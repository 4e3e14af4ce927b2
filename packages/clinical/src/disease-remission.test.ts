import { describe, expect, it } from 'vitest';
import {
  type ChartedDiseaseScore,
  type DiseaseRemissionInput,
  diseaseRemission,
} from './disease-remission.ts';
import { DEFAULT_DISEASE_REMISSION_SETTINGS, myositisImprovement } from './disease-remission-protocol.ts';
import { at, score, sleScore } from './disease-remission-test-support.ts';
import { InvalidFindingsError } from './errors.ts';

const assess = (disease: string, scores: ChartedDiseaseScore[], more: Partial<DiseaseRemissionInput> = {}) =>
  diseaseRemission({
    disease,
    scores,
    activeImmunosuppressants: [],
    immunosuppressantStops: [],
    infusionAt: at(0),
    ...more,
  });

describe('SLE: DORIS 2021 from its components (van Vollenhoven 2021)', () => {
  const rows: [string, Parameters<typeof sleScore>[1], string, string][] = [
    ['quiet, no drugs', {}, 'in_remission', 'drug_free_doris'],
    ['clinical SLEDAI-2K 2', { clinicalSledai: 2, sledai: 2 }, 'not_in_remission', 'lldas'],
    ['serology only (SLEDAI 4, clinical 0)', { sledai: 4 }, 'in_remission', 'drug_free_doris'],
    ['PGA 0.5', { pga: 0.5 }, 'not_in_remission', 'lldas'],
    ['prednisolone 5 mg/day', { prednisoloneMgPerDay: 5 }, 'in_remission', 'doris'],
    ['prednisolone 6 mg/day', { prednisoloneMgPerDay: 6 }, 'not_in_remission', 'lldas'],
    ['antimalarial (allowed)', { antimalarial: true }, 'in_remission', 'doris'],
    ['immunosuppressant (allowed)', { immunosuppressantOrBiologic: true }, 'in_remission', 'doris'],
    [
      'SLEDAI-2K 8 with renal activity',
      { clinicalSledai: 8, sledai: 8, majorOrganActivity: true },
      'not_in_remission',
      'active',
    ],
  ];
  it.each(rows)('%s', (_name, change, status, level) => {
    const r = assess('sle', [sleScore(400, change)]);
    expect(r.status).toBe(status);
    expect(r.level).toBe(level);
    expect(r.holds).toBe(status === 'in_remission');
    expect(r.source).toContain('DORIS 2021');
    expect(r.basis[0]).toMatch(/^SLEDAI-2K \d+ on /);
    expect(r.ruleVersion).toBeTruthy();
  });
  it('the drug-free setting needs no antimalarial, immunosuppressant or glucocorticoid', () => {
    const settings = { sleRequiresDrugFree: true };
    expect(assess('sle', [sleScore(400, { antimalarial: true })], { settings }).holds).toBe(false);
    expect(assess('sle', [sleScore(400, {})], { settings }).holds).toBe(true);
  });
  it('the latest assessment decides', () => {
    const r = assess('sle', [sleScore(400, {}), sleScore(100, { clinicalSledai: 6, sledai: 10 })]);
    expect(r.status).toBe('in_remission');
    expect(r.assessedAt).toBe(Date.parse(at(400)));
    expect(r.courses[0]?.points.map((p) => [p.day, p.value])).toEqual([
      [100, 10],
      [400, 0],
    ]);
  });
  it('refuses a SLEDAI-2K without components or with a total that is not theirs', () => {
    expect(() => assess('sle', [score('sledai_2k', 10, 0)])).toThrow(InvalidFindingsError);
    expect(() => assess('sle', [{ ...sleScore(10, {}), value: 3 }])).toThrow(/must equal/);
  });
});

describe('myositis: Total Improvement Score (Aggarwal 2017)', () => {
  const rows: [number, string, boolean][] = [
    [0, 'none', false],
    [19, 'none', false],
    [20, 'minimal', false],
    [39, 'minimal', false],
    [40, 'moderate', false],
    [59, 'moderate', false],
    [60, 'major', true],
    [100, 'major', true],
  ];
  it.each(rows)('TIS %d: %s improvement, remission %s', (tis, level, holds) => {
    expect(myositisImprovement(tis)).toBe(level);
    const r = assess('myositis', [score('myositis_tis', 180, tis)]);
    expect(r.level).toBe(level);
    expect(r.holds).toBe(holds);
    expect(r.source).toContain('Aggarwal 2017');
  });
  it('remission from TIS is a protocol setting', () => {
    const r = assess('myositis', [score('myositis_tis', 180, 45)], {
      settings: { myositisRemissionTisAtLeast: 40 },
    });
    expect(r.holds).toBe(true);
    expect(r.basis[1]).toContain('remission from TIS 40 (protocol setting): met');
  });
});

describe('systemic sclerosis: EUSTAR activity index and mRSS (Valentini 2017)', () => {
  const rows: [string, ChartedDiseaseScore[], boolean, string | null][] = [
    [
      'AI 2.4, mRSS 20 → 15 (25 %)',
      [score('mrss', -10, 20), score('mrss', 180, 15), score('eustar_ai', 180, 2.4)],
      true,
      'low_activity',
    ],
    [
      'AI 2.5 (not below)',
      [score('mrss', -10, 20), score('mrss', 180, 10), score('eustar_ai', 180, 2.5)],
      false,
      'active',
    ],
    [
      'AI 1, mRSS 20 → 16 (20 %)',
      [score('mrss', -10, 20), score('mrss', 180, 16), score('eustar_ai', 180, 1)],
      false,
      'low_activity',
    ],
    ['AI 1, baseline mRSS only', [score('mrss', -10, 20), score('eustar_ai', 180, 1)], false, 'low_activity'],
    ['mRSS fell, no AI', [score('mrss', -10, 20), score('mrss', 180, 5)], false, 'active'],
    [
      'baseline mRSS 0',
      [score('mrss', -10, 0), score('mrss', 180, 0), score('eustar_ai', 180, 0)],
      false,
      'low_activity',
    ],
  ];
  it.each(rows)('%s', (_name, scores, holds, level) => {
    const r = assess('systemic_sclerosis', scores);
    expect(r.holds).toBe(holds);
    expect(r.level).toBe(level);
    expect(r.basis).toHaveLength(2);
    expect(r.courses.map((c) => c.kind)).toEqual(['mrss', 'eustar_ai']);
  });
});

describe('MuSK myasthenia: minimal symptom expression (Vissing 2018)', () => {
  const rows: [number, boolean][] = [
    [0, true],
    [1, true],
    [2, false],
    [24, false],
  ];
  it.each(rows)('MG-ADL %d: %s', (adl, holds) => {
    const r = assess('musk_myasthenia_gravis', [score('mg_adl', 200, adl), score('qmg', 200, 3)]);
    expect(r.holds).toBe(holds);
    expect(r.level).toBe(holds ? 'minimal_symptom_expression' : 'symptomatic');
    expect(r.basis[1]).toContain('QMG 3');
  });
  it('QMG alone is no assessment of the definition', () => {
    const r = assess('musk_myasthenia_gravis', [score('qmg', 200, 0)]);
    expect(r.status).toBe('no_assessment');
  });
});

describe('pemphigus: complete remission off therapy (Murrell 2008)', () => {
  const stop = (day: number) => [{ drug: 'mycophenolate', stoppedAt: at(day) }];
  const rows: [string, number, Partial<DiseaseRemissionInput>, string][] = [
    ['PDAI 0, nothing recorded', 0, {}, 'complete_remission_off_therapy'],
    [
      'PDAI 0, stopped 60 days before',
      0,
      { immunosuppressantStops: stop(240) },
      'complete_remission_off_therapy',
    ],
    [
      'PDAI 0, stopped 59 days before',
      0,
      { immunosuppressantStops: stop(241) },
      'complete_remission_on_therapy',
    ],
    [
      'PDAI 0 on prednisolone',
      0,
      { activeImmunosuppressants: ['prednisolone'] },
      'complete_remission_on_therapy',
    ],
    ['PDAI 2', 2, {}, 'active'],
  ];
  it.each(rows)('%s', (_name, pdai, more, level) => {
    const r = assess('pemphigus_vulgaris', [score('pdai', 300, pdai)], more);
    expect(r.level).toBe(level);
    expect(r.holds).toBe(level === 'complete_remission_off_therapy');
  });
});

describe('every disease', () => {
  it('no scores: no assessment, with empty courses of its instruments', () => {
    const r = assess('systemic_sclerosis', []);
    expect(r.status).toBe('no_assessment');
    expect(r.holds).toBe(false);
    expect(r.courses.map((c) => c.points.length)).toEqual([0, 0]);
    expect(r.settings).toEqual(DEFAULT_DISEASE_REMISSION_SETTINGS);
  });
  it('another diagnosis has no definition; its scores are still shown', () => {
    const r = assess('other', [score('mrss', 10, 4)]);
    expect(r.status).toBe('no_definition');
    expect(r.definition).toBeNull();
    expect(r.courses[0]?.kind).toBe('mrss');
  });
  it('refuses an impossible score or setting', () => {
    expect(() => assess('myositis', [score('myositis_tis', 10, 101)])).toThrow(InvalidFindingsError);
    expect(() => assess('myositis', [], { settings: { myositisRemissionTisAtLeast: 5 } })).toThrow(
      InvalidFindingsError,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { checkDiseaseScore, DISEASE_SCORE_RANGES, type DiseaseScoreKind } from './disease-scores.ts';
import { InvalidFindingsError } from './errors.ts';

describe('entered disease scores', () => {
  const rows: [DiseaseScoreKind, number, number][] = [
    ['sledai_2k', 0, 105],
    ['mrss', 0, 51],
    ['mg_adl', 0, 24],
    ['qmg', 0, 39],
    ['pdai', 0, 263],
    ['eustar_ai', 0, 10],
    ['myositis_tis', 0, 100],
  ];
  it.each(rows)('%s accepts %d and %d and refuses just outside', (kind, min, max) => {
    expect(checkDiseaseScore(kind, min).min).toBe(min);
    expect(checkDiseaseScore(kind, max).max).toBe(max);
    expect(() => checkDiseaseScore(kind, min - 1)).toThrow(InvalidFindingsError);
    expect(() => checkDiseaseScore(kind, max + 1)).toThrow(InvalidFindingsError);
    expect(() => checkDiseaseScore(kind, Number.NaN)).toThrow(InvalidFindingsError);
  });

  it('refuses fractions for whole-number scores and accepts them for PDAI and EUSTAR-AI', () => {
    expect(() => checkDiseaseScore('mrss', 12.5)).toThrow(/whole number/);
    expect(checkDiseaseScore('pdai', 12.5).label).toBe('PDAI');
    expect(checkDiseaseScore('eustar_ai', 2.25).label).toBe('EUSTAR activity index');
  });

  it('names a source for every score', () => {
    for (const range of Object.values(DISEASE_SCORE_RANGES)) expect(range.source.length).toBeGreaterThan(5);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import type { HematotoxLabs } from './hematotox.ts';
import { carHematotox } from './hematotox.ts';

const normal: HematotoxLabs = {
  plateletsPerUl: 250_000,
  ancPerUl: 3000,
  hemoglobinGPerDL: 13,
  crpMgPerDL: 0.5,
  ferritinNgPerML: 100,
};
const points = (patch: Partial<HematotoxLabs>) => carHematotox({ ...normal, ...patch }).score;

describe('CAR-HEMATOTOX (Rejeski 2021): each cut-off at and around its boundary', () => {
  it.each([
    [250_000, 0],
    [175_001, 0],
    [175_000, 1],
    [100_000, 1],
    [75_000, 1],
    [74_999, 2],
    [10_000, 2],
  ])('platelets %s/µL → %s', (plateletsPerUl, p) => expect(points({ plateletsPerUl })).toBe(p));
  it.each([
    [1200, 0],
    [1199, 1],
    [5000, 0],
    [0, 1],
  ])('ANC %s/µL → %s', (ancPerUl, p) => expect(points({ ancPerUl })).toBe(p));
  it.each([
    [9.0, 0],
    [8.9, 1],
    [12, 0],
  ])('hemoglobin %s g/dL → %s', (hemoglobinGPerDL, p) => expect(points({ hemoglobinGPerDL })).toBe(p));
  it.each([
    [3.0, 0],
    [3.1, 1],
    [0, 0],
  ])('CRP %s mg/dL → %s', (crpMgPerDL, p) => expect(points({ crpMgPerDL })).toBe(p));
  it.each([
    [649, 0],
    [650, 1],
    [2000, 1],
    [2001, 2],
  ])('ferritin %s ng/mL → %s', (ferritinNgPerML, p) => expect(points({ ferritinNgPerML })).toBe(p));
});

describe('CAR-HEMATOTOX risk and label', () => {
  it('0 → low, 1 → low, 2 → high; 7 is the maximum', () => {
    expect(carHematotox(normal)).toMatchObject({ score: 0, risk: 'low' });
    expect(carHematotox({ ...normal, ancPerUl: 1000 })).toMatchObject({ score: 1, risk: 'low' });
    expect(carHematotox({ ...normal, ancPerUl: 1000, crpMgPerDL: 5 })).toMatchObject({
      score: 2,
      risk: 'high',
    });
    expect(
      carHematotox({
        plateletsPerUl: 50_000,
        ancPerUl: 500,
        hemoglobinGPerDL: 8,
        crpMgPerDL: 10,
        ferritinNgPerML: 5000,
      }).score,
    ).toBe(7);
  });
  it('every result says it is not validated in autoimmune disease, and lists each item', () => {
    const r = carHematotox({ ...normal, ferritinNgPerML: 900 });
    expect(r.label).toBe('not validated in autoimmune disease');
    expect(r.reasons).toContain('validated in lymphoma and myeloma: not validated in autoimmune disease');
    expect(r.items.map((i) => [i.item, i.points])).toEqual([
      ['platelets', 0],
      ['anc', 0],
      ['hemoglobin', 0],
      ['crp', 0],
      ['ferritin', 1],
    ]);
    expect(r.reasons).toContain('ferritin 900 ng/mL (650–2000 ng/mL): 1 point');
  });
  it.each<[keyof HematotoxLabs, number]>([
    ['plateletsPerUl', -1],
    ['ancPerUl', Number.NaN],
    ['hemoglobinGPerDL', 40],
    ['crpMgPerDL', -0.1],
    ['ferritinNgPerML', Number.POSITIVE_INFINITY],
  ])('refuses %s = %s', (field, value) => {
    expect(() => carHematotox({ ...normal, [field]: value })).toThrow(InvalidFindingsError);
  });
});

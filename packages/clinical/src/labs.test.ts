import { describe, expect, it } from 'vitest';
import { ANALYTE_KEYS, ANALYTES, analyteByLoinc, toStoredUnit } from './labs.ts';

describe('lab catalogue', () => {
  it('carries the LOINC codes of the clinical reference', () => {
    expect(ANALYTES.crp.loinc).toBe('1988-5');
    expect(ANALYTES.ferritin).toMatchObject({ loinc: '2276-4', unit: 'ng/mL' });
    expect(ANALYTES.il6).toMatchObject({ loinc: '26881-3', unit: 'pg/mL' });
    expect(ANALYTES.anc.loinc).toBe('751-8');
    expect(ANALYTES.platelets.loinc).toBe('777-3');
    expect(ANALYTES.hemoglobin).toMatchObject({ loinc: '718-7', unit: 'g/dL' });
    expect(ANALYTES.fibrinogen).toMatchObject({ loinc: '3255-7', unit: 'mg/dL' });
    expect(ANALYTES.ldh).toMatchObject({ loinc: '2532-0', unit: 'U/L' });
    expect(ANALYTES.igg).toMatchObject({ loinc: '2465-3', unit: 'mg/dL' });
    expect(ANALYTES.cd19_absolute).toMatchObject({ loinc: '8116-6', unit: '/uL' });
    expect(ANALYTES.cd19_percent).toMatchObject({ loinc: '8117-4', unit: '%' });
    expect(ANALYTES.creatinine.loinc).toBe('2160-0');
    expect(ANALYTES.alt.loinc).toBe('1742-6');
    expect(ANALYTES.ast.loinc).toBe('1920-8');
    expect(ANALYTES.bilirubin.loinc).toBe('1975-2');
    expect(ANALYTES.triglycerides.loinc).toBe('2571-8');
  });

  it('never uses the known public mislabels', () => {
    const codes = ANALYTE_KEYS.map((k) => ANALYTES[k].loinc);
    expect(codes).not.toContain('2458-8'); // IgA
    expect(codes).not.toContain('8124-0'); // CD3 %
    expect(new Set(codes.filter(Boolean)).size).toBe(codes.filter(Boolean).length);
  });

  it('finds an analyte by its code', () => {
    expect(analyteByLoinc('2465-3')).toBe('igg');
    expect(analyteByLoinc('2458-8')).toBeUndefined();
  });

  it('knows CD4+ T-cell counts (LOINC 24467-3, /uL), converting 10*9/L', () => {
    expect(ANALYTES.cd4_absolute).toMatchObject({ loinc: '24467-3', unit: '/uL' });
    expect(analyteByLoinc('24467-3')).toBe('cd4_absolute');
    expect(toStoredUnit('cd4_absolute', 0.35, '10*9/L')).toEqual({
      ok: true,
      value: 350,
      unit: '/uL',
      converted: true,
    });
  });

  it.each([
    ['igg', 4.5, 'g/L', 450],
    ['anc', 0.4, '10*3/uL', 400],
    ['anc', 1.2, '10*9/L', 1200],
    ['cd19_absolute', 0.05, '10*9/L', 50],
    ['crp', 3.2, 'mg/dL', 32],
    ['hemoglobin', 85, 'g/L', 8.5],
    ['fibrinogen', 1.4, 'g/L', 140],
    ['creatinine', 88.42, 'umol/L', 1],
    ['bilirubin', 17.1, 'umol/L', 1],
    ['platelets', 20000, '/uL', 20],
  ] as const)('converts %s %d %s to the stored unit', (analyte, value, unit, expected) => {
    const result = toStoredUnit(analyte, value, unit);
    expect(result).toEqual({ ok: true, value: expected, unit: ANALYTES[analyte].unit, converted: true });
  });

  it('keeps a value already in the stored unit and refuses an unknown unit', () => {
    expect(toStoredUnit('igg', 700, 'mg/dL')).toEqual({
      ok: true,
      value: 700,
      unit: 'mg/dL',
      converted: false,
    });
    const refused = toStoredUnit('igg', 7, 'mmol/L');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/mg\/dL, g\/L/);
  });
});

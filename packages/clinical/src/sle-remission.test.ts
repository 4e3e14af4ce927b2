import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quietSle } from './disease-remission-test-support.ts';
import { InvalidFindingsError } from './errors.ts';
import { SLE_REMISSION_DEFAULTS, type SleActivityComponents, sleRemission } from './sle-remission.ts';

const quiet = quietSle;

describe('DORIS 2021 (van Vollenhoven 2021)', () => {
  const rows: [string, Partial<SleActivityComponents>, boolean, boolean][] = [
    ['all components quiet, no drugs', {}, true, true],
    ['clinical SLEDAI-2K 1', { clinicalSledai: 1, sledai: 1 }, false, false],
    ['serology only (SLEDAI 4, clinical 0)', { sledai: 4 }, true, true],
    ['PGA 0.4', { pga: 0.4 }, true, true],
    ['PGA 0.5', { pga: 0.5 }, false, false],
    ['prednisolone 5 mg', { prednisoloneMgPerDay: 5 }, true, false],
    ['prednisolone 5.5 mg', { prednisoloneMgPerDay: 5.5 }, false, false],
    ['antimalarial', { antimalarial: true }, true, false],
    ['immunosuppressant or biologic', { immunosuppressantOrBiologic: true }, true, false],
  ];
  it.each(rows)('%s', (_name, change, doris, drugFree) => {
    const result = sleRemission({ ...quiet, ...change });
    expect(result.doris).toBe(doris);
    expect(result.drugFreeDoris).toBe(drugFree);
    expect(result.reasons.length).toBeGreaterThan(3);
    expect(result.ruleVersion).toBeTruthy();
    expect(result.inputs).toEqual({ ...quiet, ...change });
  });
});

describe('LLDAS (Franklyn 2016)', () => {
  const rows: [string, Partial<SleActivityComponents>, boolean][] = [
    ['quiet', {}, true],
    ['SLEDAI-2K 4', { sledai: 4, clinicalSledai: 2 }, true],
    ['SLEDAI-2K 5', { sledai: 5, clinicalSledai: 5 }, false],
    ['PGA 1', { pga: 1 }, true],
    ['PGA 1.1', { pga: 1.1 }, false],
    ['prednisolone 7.5 mg', { prednisoloneMgPerDay: 7.5 }, true],
    ['prednisolone 8 mg', { prednisoloneMgPerDay: 8 }, false],
    ['major organ activity', { majorOrganActivity: true }, false],
    ['haemolytic anaemia or GI activity', { haemolyticOrGiActivity: true }, false],
    ['new activity since previous', { newActivitySincePrevious: true }, false],
    ['maintenance immunosuppressant', { immunosuppressantOrBiologic: true }, true],
  ];
  it.each(rows)('%s', (_name, change, lldas) => {
    expect(sleRemission({ ...quiet, ...change }).lldas).toBe(lldas);
  });
});

describe('protocol settings and refusals', () => {
  it('a protocol may set its own prednisolone ceiling', () => {
    const strict = { ...SLE_REMISSION_DEFAULTS, dorisPrednisoloneMaxMg: 0 };
    expect(sleRemission({ ...quiet, prednisoloneMgPerDay: 2.5 }).doris).toBe(true);
    expect(sleRemission({ ...quiet, prednisoloneMgPerDay: 2.5 }, strict).doris).toBe(false);
  });
  it.each([
    [{ pga: 3.5 }, 'pga'],
    [{ sledai: 106 }, 'sledai'],
    [{ clinicalSledai: 3, sledai: 2 }, 'clinicalSledai'],
    [{ prednisoloneMgPerDay: -1 }, 'prednisoloneMgPerDay'],
    [{ sledai: 2.5 }, 'sledai'],
  ])('refuses %o', (change, field) => {
    try {
      sleRemission({ ...quiet, ...change });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidFindingsError);
      expect((error as InvalidFindingsError).field).toBe(field);
    }
  });
});

describe('order', () => {
  it('DORIS implies LLDAS when no new activity, and drug-free implies DORIS; a lower dose never loses remission', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (clinical, serology, pga, doseA, doseB) => {
          const base = {
            ...quiet,
            clinicalSledai: clinical,
            sledai: Math.min(105, clinical + serology),
            pga,
          };
          const high = sleRemission({ ...base, prednisoloneMgPerDay: Math.max(doseA, doseB) });
          const low = sleRemission({ ...base, prednisoloneMgPerDay: Math.min(doseA, doseB) });
          if (high.doris) expect(low.doris).toBe(true);
          if (high.lldas) expect(low.lldas).toBe(true);
          if (low.drugFreeDoris) expect(low.doris).toBe(true);
          if (low.doris && base.sledai <= 4) expect(low.lldas).toBe(true);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidFindingsError } from './errors.ts';
import { steroidReference } from './steroids.ts';

describe('reference corticosteroid steps (ASCO 2021), never orders', () => {
  it.each([
    ['CRS', 1, []],
    [
      'CRS',
      2,
      ['if hypotension is refractory (to fluids and tocilizumab): dexamethasone 10 mg IV every 6 h'],
    ],
    ['CRS', 3, ['dexamethasone 10 mg IV every 6 h']],
    ['CRS', 4, ['methylprednisolone 500 mg IV every 12 h']],
    ['ICANS', 1, []],
    ['ICANS', 2, ['consider dexamethasone 10 mg IV']],
    ['ICANS', 3, ['dexamethasone 10 mg IV every 6–12 h']],
    ['ICANS', 4, ['methylprednisolone 1 g IV per day']],
  ] as const)('%s grade %s', (syndrome, grade, steps) => {
    const r = steroidReference(syndrome, grade);
    expect(r.steps).toEqual(steps);
    expect(r.label).toBe('reference, not an order');
    expect(r.source).toContain('ASCO 2021');
  });
  it('refuses an unknown syndrome or grade', () => {
    expect(() => steroidReference('HLH' as 'CRS', 2)).toThrow(InvalidFindingsError);
    expect(() => steroidReference('CRS', 6 as 5)).toThrow(InvalidFindingsError);
  });
});

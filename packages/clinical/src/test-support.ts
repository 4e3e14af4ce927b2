import { expect } from 'vitest';
import type { CrsFindings } from './crs.ts';
import { InvalidFindingsError } from './errors.ts';

/** Expects `fn` to refuse its findings with an InvalidFindingsError naming `field`. */
export function expectInvalid(fn: () => unknown, field: string) {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidFindingsError);
  expect((error as InvalidFindingsError).field).toBe(field);
}

/** CRS findings with fever and nothing else (ASTCT 2019: grade 1). */
export const FEVER_ONLY: CrsFindings = {
  temperatureC: 38.6,
  hypotension: false,
  vasopressors: [],
  oxygen: { device: 'room_air' },
};
/** FEVER_ONLY with `patch` over it. */
export const withFindings = (patch: Partial<CrsFindings>): CrsFindings => ({ ...FEVER_ONLY, ...patch });

import { expect } from 'vitest';
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

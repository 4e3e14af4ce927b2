/**
 * Typed errors of the clinical engine. The engine never returns a grade computed from an impossible
 * value: it throws one of these, and the API turns it into a 422 (clinically impossible value) with
 * `field` as the field path.
 */

/** A finding or charted fact is impossible or unknown (temperature 60 °C, ICE 11, unknown device…). */
export class InvalidFindingsError extends Error {
  override readonly name = 'InvalidFindingsError';
  /** Path of the offending field, e.g. `oxygen.flowLpm` or `vasopressors[1]`. */
  readonly field: string;
  /** Why the value was refused, in plain words. */
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** A course operation referred to a fact that does not exist, or reused an id. */
export class CourseFactError extends Error {
  override readonly name = 'CourseFactError';
  readonly factId: string;
  readonly reason: string;

  constructor(factId: string, reason: string) {
    super(`fact ${factId}: ${reason}`);
    this.factId = factId;
    this.reason = reason;
  }
}

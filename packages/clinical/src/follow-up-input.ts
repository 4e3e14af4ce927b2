/**
 * Input checks shared by the long-term follow-up modules (b-cells, ivig, ivig-schedule, milestones,
 * licats, autoantibodies). Internal: not exported from index.ts. Every check throws
 * InvalidFindingsError(field, reason), which the API maps to 422.
 */
import { InvalidFindingsError } from './errors.ts';
import type { Instant } from './time.ts';
import { toEpochMs } from './time.ts';

export interface NumberRule {
  min?: number;
  max?: number;
  /** Strictly greater than min (e.g. a weight or an interval, never 0). */
  minExclusive?: boolean;
  integer?: boolean;
}

/** A finite number within the rule's range, or an InvalidFindingsError naming the field. */
export function checkNumber(value: unknown, field: string, rule: NumberRule = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidFindingsError(field, 'must be a finite number');
  }
  if (rule.integer && !Number.isInteger(value))
    throw new InvalidFindingsError(field, 'must be a whole number');
  if (rule.min !== undefined) {
    if (rule.minExclusive ? value <= rule.min : value < rule.min) {
      throw new InvalidFindingsError(
        field,
        `must be ${rule.minExclusive ? 'greater than' : 'at least'} ${rule.min}`,
      );
    }
  }
  if (rule.max !== undefined && value > rule.max) {
    throw new InvalidFindingsError(field, `must be at most ${rule.max}`);
  }
  return value;
}

/** An optional number: undefined and null mean "not measured" and return null. */
export function checkOptionalNumber(value: unknown, field: string, rule: NumberRule = {}): number | null {
  if (value === undefined || value === null) return null;
  return checkNumber(value, field, rule);
}

export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidFindingsError(field, 'must be true or false');
  return value;
}

export function checkOptionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return checkBoolean(value, field);
}

export function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidFindingsError(field, 'must be a non-empty text');
  }
  return value;
}

export function checkArray<T>(value: unknown, field: string): readonly T[] {
  if (!Array.isArray(value)) throw new InvalidFindingsError(field, 'must be a list');
  return value as readonly T[];
}

/** An instant (zoned ISO string or epoch ms) that is not after `nowMs` when given. */
export function checkInstant(value: Instant, field: string, nowMs?: number): number {
  const ms = toEpochMs(value, field);
  if (nowMs !== undefined && ms > nowMs) {
    throw new InvalidFindingsError(field, 'is after now: a result or event cannot be in the future');
  }
  return ms;
}

/** "2025-03-01" (UTC calendar date of an instant). */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Immunosuppressants stopped and those running now, by name (autoantibodies, disease-remission). */
export function checkImmunosuppressants(
  input: {
    immunosuppressantStops: readonly { drug: string; stoppedAt: Instant }[];
    activeImmunosuppressants: readonly string[];
  },
  nowMs?: number,
): {
  stops: { drug: string; at: number }[];
  active: string[];
  lastStop: { drug: string; at: number } | null;
} {
  const stops = checkArray<{ drug: string; stoppedAt: Instant }>(
    input.immunosuppressantStops,
    'immunosuppressantStops',
  ).map((s, i) => ({
    drug: checkText(s.drug, `immunosuppressantStops[${i}].drug`),
    at: checkInstant(s.stoppedAt, `immunosuppressantStops[${i}].stoppedAt`, nowMs),
  }));
  const active = checkArray<string>(input.activeImmunosuppressants, 'activeImmunosuppressants').map((d, i) =>
    checkText(d, `activeImmunosuppressants[${i}]`),
  );
  const lastStop = stops.reduce<{ drug: string; at: number } | null>(
    (m, s) => (m === null || s.at > m.at ? s : m),
    null,
  );
  return { stops, active, lastStop };
}

/**
 * Charted cell counts (CD4 T cells, ANC, CD19 B cells, per µL as in labs.ts) used by the infection
 * prophylaxis and revaccination rules: checked, in time order, and the value in force at an instant.
 */
import { checkArray, checkInstant, checkNumber } from './follow-up-input.ts';
import type { Instant } from './time.ts';

export interface CellCount {
  at: Instant;
  /** Cells per µL. */
  perUl: number;
  id?: string;
}

export interface CheckedCellCount {
  id: string | null;
  at: number;
  perUl: number;
}

/** Counts checked (0–1,000,000/µL, not after now) and sorted by time. */
export function checkCellCounts(
  series: readonly CellCount[] | undefined,
  field: string,
  nowMs: number,
): CheckedCellCount[] {
  return checkArray<CellCount>(series ?? [], field)
    .map((c, i) => ({
      id: c.id ?? null,
      at: checkInstant(c.at, `${field}[${i}].at`, nowMs),
      perUl: checkNumber(c.perUl, `${field}[${i}].perUl`, { min: 0, max: 1_000_000 }),
    }))
    .sort((a, b) => a.at - b.at);
}

/** The latest count taken at or before `t`, or null. */
export function countAt(series: readonly CheckedCellCount[], t: number): CheckedCellCount | null {
  let found: CheckedCellCount | null = null;
  for (const c of series) {
    if (c.at > t) break;
    found = c;
  }
  return found;
}

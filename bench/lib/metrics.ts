import { quantile, round } from './stats.ts';

/** What every bench metric reports: its value, its same-run reference and details. */
export type Log = (line: string) => void;

export interface Measured {
  value: number | null;
  reference?: { what: string; value: number; unit: string };
  ratio?: number;
  /** Overrides the static target (e.g. a share of the reference). */
  target?: number;
  details?: Record<string, unknown>;
  notMeasurable?: string;
}

/** A quantile of timings in ms, to two decimals. */
export const p = (xs: number[], q: number) => round(quantile(xs, q), 2);

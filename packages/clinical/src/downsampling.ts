/**
 * Downsampling for charts: a long history (365 days of one-minute vitals is 525,600 points)
 * reduced to what a chart can show, without hiding what matters clinically.
 *
 * What is kept, in this order, within `budget` points per series:
 * 1. every point whose fact a grade or alert used (`mustKeep`): the chart never hides the value
 *    a decision rests on;
 * 2. the minimum and the maximum of each of `budget / 4` equal time buckets: every extreme stays
 *    visible at the chart's resolution (a fever spike, a hypotensive dip);
 * 3. the rest of the budget goes to Largest-Triangle-Three-Buckets (Steinarsson 2013, from the
 *    `downsample` package), which keeps the visual shape between the extremes.
 * Series at or under the budget are returned whole.
 */
import { createLTTB } from 'downsample';

export interface SeriesPoint {
  /** Epoch ms. */
  t: number;
  v: number;
  /** The fact it came from, e.g. `vital_sets:12`. */
  id?: string;
}

const lttb = createLTTB<SeriesPoint>({ x: (p) => p.t, y: (p) => p.v });

export interface Downsampled {
  points: SeriesPoint[];
  total: number;
}

/** Points must be sorted by time. */
export function downsampleSeries(
  points: readonly SeriesPoint[],
  budget: number,
  mustKeep: ReadonlySet<string> = new Set(),
): Downsampled {
  const total = points.length;
  if (total <= budget) return { points: [...points], total };
  const keep = new Set<number>();
  for (let i = 0; i < total; i++) {
    const id = (points[i] as SeriesPoint).id;
    if (id !== undefined && mustKeep.has(id)) keep.add(i);
  }
  keep.add(0);
  keep.add(total - 1);

  const buckets = Math.max(1, Math.floor(budget / 4));
  const t0 = (points[0] as SeriesPoint).t;
  const span = (points[total - 1] as SeriesPoint).t - t0 || 1;
  let bucket = -1;
  let lo = -1;
  let hi = -1;
  const flush = () => {
    if (lo >= 0) keep.add(lo);
    if (hi >= 0) keep.add(hi);
  };
  for (let i = 0; i < total; i++) {
    const p = points[i] as SeriesPoint;
    const b = Math.min(buckets - 1, Math.floor(((p.t - t0) / span) * buckets));
    if (b !== bucket) {
      flush();
      bucket = b;
      lo = i;
      hi = i;
    } else {
      if (p.v < (points[lo] as SeriesPoint).v) lo = i;
      if (p.v > (points[hi] as SeriesPoint).v) hi = i;
    }
  }
  flush();

  const remaining = budget - keep.size;
  if (remaining > 2) {
    // LTTB returns points, not indexes: map them back through their identity.
    const index = new Map<SeriesPoint, number>();
    for (let i = 0; i < total; i++) index.set(points[i] as SeriesPoint, i);
    const shape = lttb(points as SeriesPoint[], remaining) as ArrayLike<SeriesPoint>;
    for (let i = 0; i < shape.length && keep.size < budget; i++) {
      const at = index.get(shape[i] as SeriesPoint);
      if (at !== undefined) keep.add(at);
    }
  }
  return { points: [...keep].sort((a, b) => a - b).map((i) => points[i] as SeriesPoint), total };
}

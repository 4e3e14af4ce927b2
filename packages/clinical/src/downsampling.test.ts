import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleSeries, type SeriesPoint } from './downsampling.ts';

const series = (n: number, f: (i: number) => number): SeriesPoint[] =>
  Array.from({ length: n }, (_, i) => ({ t: i * 60_000, v: f(i), id: `vital_sets:${i + 1}` }));

describe('downsampling for charts', () => {
  it('returns a short series whole', () => {
    const s = series(100, (i) => 37 + Math.sin(i));
    expect(downsampleSeries(s, 2000).points).toEqual(s);
  });

  it('keeps at most the budget, in time order, with the first and last points', () => {
    const s = series(100_000, (i) => 37 + Math.sin(i / 50));
    const { points, total } = downsampleSeries(s, 2000);
    expect(total).toBe(100_000);
    expect(points.length).toBeLessThanOrEqual(2000);
    expect(points.length).toBeGreaterThan(1500);
    expect(points[0]).toEqual(s[0]);
    expect(points.at(-1)).toEqual(s.at(-1));
    for (let i = 1; i < points.length; i++)
      expect((points[i] as SeriesPoint).t).toBeGreaterThan((points[i - 1] as SeriesPoint).t);
  });

  it('never hides a single spike or dip', { timeout: 30_000 }, () => {
    const s = series(525_600, () => 37);
    s[123_456] = { ...(s[123_456] as SeriesPoint), v: 40.1 };
    s[400_000] = { ...(s[400_000] as SeriesPoint), v: 34.2 };
    const { points } = downsampleSeries(s, 2000);
    expect(points.map((p) => p.v)).toContain(40.1);
    expect(points.map((p) => p.v)).toContain(34.2);
  });

  it('keeps every point a grade or alert used', () => {
    const s = series(50_000, (i) => 37 + (i % 7) / 10);
    const used = new Set(['vital_sets:777', 'vital_sets:31337', 'vital_sets:49999']);
    const ids = downsampleSeries(s, 500, used).points.map((p) => p.id);
    for (const id of used) expect(ids).toContain(id);
  });

  it('keeps the global extremes of any series (property)', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 30, max: 45, noNaN: true }), { minLength: 10, maxLength: 3000 }),
        fc.integer({ min: 8, max: 400 }),
        (values, budget) => {
          const s = values.map((v, i) => ({ t: i, v }));
          const { points } = downsampleSeries(s, budget);
          const kept = points.map((p) => p.v);
          expect(kept).toContain(Math.max(...values));
          expect(kept).toContain(Math.min(...values));
          // Nothing must be kept here (no mustKeep ids): the budget is a hard limit.
          expect(points.length).toBeLessThanOrEqual(budget);
        },
      ),
      { numRuns: 200 },
    );
  });
});

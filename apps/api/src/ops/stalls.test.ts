import { afterEach, describe, expect, it } from 'vitest';
import { stalls, watchStalls } from './stalls.ts';

describe('the stall log', () => {
  afterEach(() => watchStalls(undefined));

  it('logs timed work at or over the threshold with its cause, and nothing under it', async () => {
    const lines: string[] = [];
    watchStalls(5, (l) => lines.push(l));
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {}
      return ms;
    };
    expect(stalls().timed('overdue sweep', () => busy(8))).toBe(8);
    stalls().timed('quick', () => busy(0));
    await stalls().timedAsync('follow-up sweep', async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[cellwatch\] stall: overdue sweep \d+\.\d ms$/);
    expect(lines[1]).toMatch(/^\[cellwatch\] stall: follow-up sweep \d+\.\d ms$/);
  });

  it('is silent and costs nothing when no threshold is set', () => {
    const lines: string[] = [];
    watchStalls(undefined, (l) => lines.push(l));
    expect(stalls().timed('overdue sweep', () => 42)).toBe(42);
    expect(lines).toEqual([]);
  });

  it('reports garbage-collection pauses seen by perf_hooks', async () => {
    const lines: string[] = [];
    watchStalls(0, (l) => lines.push(l));
    // Allocate enough to make V8 collect at least once.
    let keep: unknown[] = [];
    for (let i = 0; i < 200; i++) keep = Array.from({ length: 20_000 }, (_, j) => ({ j, s: `v${j}` }));
    void keep;
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.some((l) => /stall: gc (major|minor|incremental|weakcb|other) /.test(l))).toBe(true);
  });
});

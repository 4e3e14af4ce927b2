import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

/**
 * Pauses of the API's one thread that delay every request behind them: garbage collection (seen
 * through perf_hooks), WAL checkpoints and the timed sweeps (measured where they run). With
 * CELLWATCH_STALL_LOG_MS set, each pause at least that long is logged as one line
 * `[cellwatch] stall: <cause> <ms> ms`, which the benchmark counts per load step; unset, nothing
 * is observed or logged.
 */
export interface StallLog {
  /** Runs `work` and logs it as a stall of `cause` when it took at least the threshold. */
  timed<T>(cause: string, work: () => T): T;
  /**
   * The same for work that awaits (a sweep): its whole duration, awaits included. A sweep that
   * yields between patients blocks requests for one patient's work at a time, not for all of it:
   * its cause should say so.
   */
  timedAsync<T>(cause: string, work: () => Promise<T>): Promise<T>;
  stop(): void;
}

const silent: StallLog = {
  timed: (_cause, work) => work(),
  timedAsync: (_cause, work) => work(),
  stop: () => {},
};

let active: StallLog = silent;

/** The process's stall log (silent until `watchStalls` starts one). */
export const stalls = (): StallLog => active;

/** GC kinds as perf_hooks numbers them (NODE_PERFORMANCE_GC_*). */
const GC_KINDS: Record<number, string> = { 1: 'major', 2: 'minor', 4: 'incremental', 8: 'weakcb' };

export function watchStalls(thresholdMs: number | undefined, log = console.log): StallLog {
  active.stop();
  if (thresholdMs === undefined) {
    active = silent;
    return active;
  }
  const report = (cause: string, ms: number) => {
    if (ms >= thresholdMs) log(`[cellwatch] stall: ${cause} ${ms.toFixed(1)} ms`);
  };
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      report(`gc ${GC_KINDS[entry.detail?.kind ?? 0] ?? 'other'}`, entry.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  active = {
    timed(cause, work) {
      const start = performance.now();
      try {
        return work();
      } finally {
        report(cause, performance.now() - start);
      }
    },
    async timedAsync(cause, work) {
      const start = performance.now();
      try {
        return await work();
      } finally {
        report(cause, performance.now() - start);
      }
    },
    stop() {
      gc.disconnect();
      active = silent;
    },
  };
  return active;
}

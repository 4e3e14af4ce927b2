/** Small statistics and timing helpers for the bench. */

/** The q-quantile (0–1) of samples, nearest-rank; NaN for none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);
export const mean = (samples: readonly number[]) =>
  samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export const round = (x: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Resident memory of a process in MB, from /proc/<pid>/status (Linux). */
export function rssMb(pid: number, read: (file: string) => string): number {
  const status = read(`/proc/${pid}/status`);
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

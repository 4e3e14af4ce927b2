/** The API's stall threshold during a run (CELLWATCH_STALL_LOG_MS): pauses this long are logged. */
export const STALL_LOG_MS = 10;

const STALL = /\[cellwatch\] stall: (.+?) (\d+(?:\.\d+)?) ms/g;

export interface StallSummary {
  cause: string;
  count: number;
  maxMs: number;
}

/**
 * Reads the stalls the API logged (ops/stalls.ts) since the previous call: each call returns the
 * pauses of one load step, grouped by cause, longest first.
 */
export function stallReader(api: { log: string[] }): () => StallSummary[] {
  let seen = api.log.length;
  return () => {
    const text = api.log.slice(seen).join('');
    seen = api.log.length;
    const byCause = new Map<string, StallSummary>();
    for (const m of text.matchAll(STALL)) {
      const cause = m[1] as string;
      const ms = Number(m[2]);
      const s = byCause.get(cause) ?? { cause, count: 0, maxMs: 0 };
      s.count++;
      s.maxMs = Math.max(s.maxMs, ms);
      byCause.set(cause, s);
    }
    return [...byCause.values()].sort((a, b) => b.maxMs - a.maxMs);
  };
}

export function describeStalls(stalls: StallSummary[]): string {
  if (!stalls.length) return `no stall ≥ ${STALL_LOG_MS} ms`;
  return stalls.map((s) => `${s.cause} ×${s.count} (max ${s.maxMs.toFixed(0)} ms)`).join(', ');
}

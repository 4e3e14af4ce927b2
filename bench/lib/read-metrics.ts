/** Read latency: the ward and the timeline, against a bare server sending the same bytes. */
import { send, timedGets } from './http.ts';
import { type Log, type Measured, p } from './metrics.ts';
import type { Proc } from './processes.ts';
import { round } from './stats.ts';

/** p99 of sequential GETs, against the bare server sending a JSON body of the same size. */
export async function readLatency(
  url: string,
  cookie: string,
  echo: Proc,
  n: number,
  what: string,
  log: Log,
): Promise<Measured> {
  const app = await timedGets(url, cookie, n, n > 20 ? 3 : 1);
  const ref = await timedGets(`${echo.url}/blob?bytes=${app.bytes}`, '', Math.max(app.ms.length, 20));
  log(
    `  ${what}: ${app.ms.length} GETs, ${(app.bytes / 1024).toFixed(0)} KB: p50 ${p(app.ms, 0.5)} ms, p99 ${p(app.ms, 0.99)} ms; bare same-size JSON p99 ${p(ref.ms, 0.99)} ms`,
  );
  return {
    value: p(app.ms, 0.99),
    reference: {
      what: `bare Hono GET of a ${(app.bytes / 1024).toFixed(0)} KB JSON body`,
      value: p(ref.ms, 0.99),
      unit: 'ms',
    },
    ratio: round(p(app.ms, 0.99) / Math.max(0.01, p(ref.ms, 0.99)), 1),
    details: {
      p50: p(app.ms, 0.5),
      max: round(Math.max(...app.ms), 1),
      bytes: app.bytes,
      requests: app.ms.length,
    },
  };
}

/**
 * The timeline's cold answers: each GET asks a question not asked before (another point budget),
 * so none is served from the thinned-chart cache (grading/timeline-cache.ts).
 */
export async function coldTimeline(base: string, cookie: string, n: number, log: Log) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await send(`${base}?points=${1999 - i}`, 'GET', cookie);
    if (res.status !== 200) throw new Error(`GET ${base} → ${res.status} ${res.body.slice(0, 300)}`);
    ms.push(res.ms);
  }
  log(
    `  cold (a budget not asked before, ${n} GETs): p50 ${p(ms, 0.5)} ms, max ${round(Math.max(...ms), 1)} ms`,
  );
  return { coldP50: p(ms, 0.5), coldMax: round(Math.max(...ms), 1), coldRequests: n };
}

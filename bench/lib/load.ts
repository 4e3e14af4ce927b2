import autocannon from 'autocannon';
import { describeStalls, type StallSummary } from './stalls.ts';
import { quantile } from './stats.ts';

const STAGGER = 25;

export interface RateStep {
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  max: number;
  /** Runs of this rate: a failing step is run again, up to 3 times in all (best of 3). */
  attempts: number;
  /** The server's pauses during the kept run, when the server reports them. */
  stalls?: StallSummary[];
  non2xx: number;
  errors: number;
  pass: boolean;
}

export interface OpenLoopSpec {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  /** The path and body of the i-th request (called as it is sent). */
  next?: () => { path: string; body?: string };
  path?: string;
  body?: string;
  connections: number;
}

/**
 * Fixed-rate load with autocannon (`overallRate`). autocannon limits the rate per connection
 * and per second (each connection sends its quota for the second, then waits for the next
 * tick), so one instance sends in bursts at each second boundary. To come close to an open loop
 * the load is split over `STAGGER` instances (fewer below 25/s: one per request per second)
 * started 1/STAGGER s apart, each with its share of the rate and connections: bursts 25×
 * smaller, 25× as often. Latency is each request's, from
 * send to full response; autocannon's coordinated-omission correction is off because it assumes
 * an interval of ceil(1000/rate) = 1 ms per connection and would invent samples. p50 and p99
 * are exact, over every response of every instance.
 */
export async function fixedRate(
  spec: OpenLoopSpec,
  rate: number,
  seconds: number,
): Promise<Omit<RateStep, 'attempts'> & { raw: autocannon.Result[] }> {
  const parts = Math.max(1, Math.min(STAGGER, rate));
  // Every response's latency from every instance, for exact percentiles of the whole step.
  const latencies: number[] = [];
  const runs = Array.from({ length: parts }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * 1000) / parts));
    const share = Math.floor(rate / parts) + (i < rate % parts ? 1 : 0);
    return await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: spec.url,
          connections: Math.max(1, Math.min(Math.ceil(spec.connections / parts), share)),
          overallRate: share,
          duration: seconds,
          ignoreCoordinatedOmission: true,
          headers: spec.headers,
          requests: [
            {
              method: spec.method,
              ...(spec.path && { path: spec.path }),
              ...(spec.body && { body: spec.body }),
              ...(spec.next && {
                setupRequest: (req: autocannon.Request) =>
                  ({ ...req, ...spec.next?.() }) as autocannon.Request,
              }),
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    });
  });
  const raw = await Promise.all(runs);
  const sum = (f: (r: autocannon.Result) => number) => raw.reduce((a, r) => a + f(r), 0);
  return {
    rate,
    achieved: sum((r) => r.requests.total) / seconds,
    p50: Math.round(quantile(latencies, 0.5) * 10) / 10,
    p99: Math.round(quantile(latencies, 0.99) * 10) / 10,
    max: Math.round(latencies.reduce((a, b) => Math.max(a, b), 0) * 10) / 10,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors + r.timeouts),
    pass: false,
    raw,
  };
}

/**
 * The highest fixed rate at which p99 stays under `p99Ms` with no errors and the rate actually
 * held (≥ 95 %): steps up the ladder until one fails, then bisects once between the last pass
 * and the first failure. One stall (a GC pause, a sweep, a checkpoint) can fail a step on one run
 * and not the next, so a failing step is run again, up to 3 runs in all, and the best is kept;
 * `stallsSince` (when given) reports the server's pauses during each run.
 */
export async function highestRate(
  spec: OpenLoopSpec,
  ladder: readonly number[],
  p99Ms: number,
  seconds: number,
  log: (line: string) => void,
  stallsSince?: () => StallSummary[],
): Promise<{ best: number; steps: RateStep[] }> {
  const steps: RateStep[] = [];
  const attempt = async (rate: number, attempts: number): Promise<RateStep> => {
    stallsSince?.();
    const { raw: _raw, ...measured } = await fixedRate(spec, rate, seconds);
    const step: RateStep = { ...measured, attempts, ...(stallsSince && { stalls: stallsSince() }) };
    step.pass = step.p99 < p99Ms && step.non2xx === 0 && step.errors === 0 && step.achieved >= 0.95 * rate;
    log(
      `    ${String(rate).padStart(6)}/s → ${step.achieved.toFixed(0).padStart(6)}/s  p50 ${step.p50} ms  p99 ${step.p99} ms  max ${step.max} ms` +
        `${step.non2xx ? `  non-2xx ${step.non2xx}` : ''}${step.errors ? `  errors ${step.errors}` : ''}  ${step.pass ? 'ok' : 'FAIL'}` +
        `${attempts > 1 ? ` (run ${attempts} of 3)` : ''}${step.stalls ? `  stalls: ${describeStalls(step.stalls)}` : ''}`,
    );
    return step;
  };
  const run = async (rate: number) => {
    let kept = await attempt(rate, 1);
    for (let n = 2; n <= 3 && !kept.pass; n++) {
      const again = await attempt(rate, n);
      if (again.pass || again.p99 < kept.p99) kept = again;
      kept.attempts = n;
    }
    steps.push(kept);
    return kept.pass;
  };
  // Unjudged warm-up at the first rate: the load generator's connections are opened and the
  // server has answered on each before any step counts (a server in use is never that cold).
  if (ladder[0] !== undefined) {
    const warm = await fixedRate(spec, ladder[0], Math.min(2, seconds));
    log(`    warm-up ${ladder[0]}/s (not judged): p50 ${warm.p50} ms  p99 ${warm.p99} ms`);
  }
  let best = 0;
  let failedAt: number | null = null;
  for (const rate of ladder) {
    if (await run(rate)) best = rate;
    else {
      failedAt = rate;
      break;
    }
  }
  if (failedAt !== null && failedAt - best > Math.max(50, best * 0.1)) {
    const mid = Math.round((best + failedAt) / 2 / 25) * 25;
    if (mid > best && mid < failedAt && (await run(mid))) best = mid;
  }
  return { best, steps };
}

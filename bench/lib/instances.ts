import autocannon from 'autocannon';
import { ok } from './http.ts';
import { normalVitals } from './ingest-metrics.ts';
import { type Proc, startCellwatch } from './processes.ts';
import type { BenchStore } from './store.ts';

/**
 * Ingest with 1, 2… API instances behind the same PostgreSQL database (issue 16): how many vital
 * sets per second the instances chart together, flat out, each instance writing for its own share
 * of the patients (writes for different patients run in parallel; db/write-locks.ts). Closed loop:
 * `connections` requests in flight in all, split over the instances; the figure is acknowledged
 * (2xx) writes per second. The reference is raw node-postgres one-row autocommitted inserts on the
 * same server, one client: what one durable commit after another costs without CellWatch.
 */
export interface InstancesStep {
  instances: number;
  writesPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** writesPerSecond / raw inserts per second. */
  ratioToRaw: number;
}

export interface InstancesResult {
  steps: InstancesStep[];
  rawInsertsPerSecond: number;
  rawLabel: string;
  /** Writes per second with the most instances / with one. */
  scaling: number | null;
  connections: number;
  seconds: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function flatOut(
  url: string,
  cookie: string,
  patientIds: number[],
  connections: number,
  seconds: number,
  offset: number,
): Promise<autocannon.Result> {
  let k = offset;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', cookie },
        requests: [
          {
            method: 'POST',
            setupRequest: (req: autocannon.Request) => {
              const id = patientIds[k % patientIds.length] as number;
              const body = JSON.stringify(normalVitals(k++));
              return { ...req, path: `/api/patients/${id}/vitals`, body } as autocannon.Request;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

export async function ingestWithInstances(
  first: Proc,
  store: BenchStore,
  cookie: string,
  patientIds: number[],
  opts: { counts: number[]; connections: number; seconds: number },
  log: (line: string) => void,
): Promise<InstancesResult> {
  const extra: Proc[] = [];
  const steps: InstancesStep[] = [];
  try {
    const most = Math.max(...opts.counts);
    while (extra.length + 1 < most) extra.push(await startCellwatch(store.env));
    const all = [first, ...extra];
    // Each instance's own share of the patients, warmed once there (its regrader's cache).
    const shares = all.map((_, i) => patientIds.filter((_, j) => j % all.length === i));
    for (const [i, proc] of all.entries()) {
      for (const id of shares[i] ?? []) {
        await ok(`${proc.url}/api/patients/${id}/vitals`, 'POST', cookie, normalVitals(0));
      }
    }
    for (const count of opts.counts) {
      const used = all.slice(0, count);
      const split = used.map((_, i) => patientIds.filter((_, j) => j % count === i));
      const results = await Promise.all(
        used.map((proc, i) =>
          flatOut(
            proc.url,
            cookie,
            split[i] ?? [],
            Math.max(1, Math.round(opts.connections / count)),
            opts.seconds,
            i * 1_000_000,
          ),
        ),
      );
      const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
      const acknowledged = sum((r) => r.requests.total - r.non2xx);
      // The slowest instance's percentiles: every screen is behind one of them.
      steps.push({
        instances: count,
        writesPerSecond: round(acknowledged / opts.seconds, 0),
        p50: Math.max(...results.map((r) => r.latency.p50)),
        p99: Math.max(...results.map((r) => r.latency.p99)),
        non2xx: sum((r) => r.non2xx),
        errors: sum((r) => r.errors + r.timeouts),
        ratioToRaw: 0,
      });
    }
  } finally {
    for (const proc of extra) await proc.stop();
  }
  const raw = await store.rawCommitsPerSecond(opts.seconds);
  for (const step of steps) {
    step.ratioToRaw = raw ? round(step.writesPerSecond / raw, 3) : 0;
    log(
      `    ${step.instances} instance(s): ${step.writesPerSecond}/s acknowledged  p50 ${step.p50} ms  p99 ${step.p99} ms` +
        `${step.non2xx ? `  non-2xx ${step.non2xx}` : ''}${step.errors ? `  errors ${step.errors}` : ''}  = ${step.ratioToRaw} × raw`,
    );
  }
  log(`    raw node-postgres: ${raw.toFixed(0)} ${store.commitLabel}, one client`);
  const one = steps.find((s) => s.instances === 1);
  const top = steps[steps.length - 1];
  const scaling = one && top && one.writesPerSecond ? round(top.writesPerSecond / one.writesPerSecond) : null;
  if (scaling !== null) log(`    ${top?.instances} instances / 1: × ${scaling}`);
  return {
    steps,
    rawInsertsPerSecond: round(raw, 0),
    rawLabel: `raw node-postgres ${store.commitLabel}, one client`,
    scaling,
    connections: opts.connections,
    seconds: opts.seconds,
  };
}

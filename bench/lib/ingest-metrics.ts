/** Charting throughput: vital sets at fixed rates, and 1,000-row lab panels. */
import { labPanels } from './cohort.ts';
import { ok, send } from './http.ts';
import { highestRate, type OpenLoopSpec } from './load.ts';
import type { Log, Measured } from './metrics.ts';
import type { Proc } from './processes.ts';
import { stallReader } from './stalls.ts';
import { median, round } from './stats.ts';
import type { BenchStore } from './store.ts';

/** A vital set as a bedside monitor would send it: afebrile, normal, taken now. */
export function normalVitals(k: number) {
  return {
    takenAt: new Date().toISOString(),
    temperatureC: 36.6 + (k % 7) / 10,
    heartRate: 72 + (k % 13),
    systolic: 118 + (k % 11),
    diastolic: 74,
    respiratoryRate: 16,
    spo2: 97,
    oxygenDevice: 'room_air',
  };
}

/** An open-loop stream of normal vital sets, round-robin over the patients. */
export function vitalsStream(
  base: string,
  cookie: string,
  patientIds: number[],
  connections: number,
): OpenLoopSpec {
  let k = 0;
  return {
    url: base,
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    connections,
    next: () => {
      const id = patientIds[k % patientIds.length] as number;
      const body = JSON.stringify(normalVitals(k++));
      return { path: `/api/patients/${id}/vitals`, body };
    },
  };
}

export async function ingestVitals(
  api: Proc,
  echo: Proc,
  cookie: string,
  patientIds: number[],
  opts: { ladder: number[]; echoLadder: number[]; seconds: number; repeats: number; store: BenchStore },
  log: Log,
): Promise<Measured> {
  log('  warm-up: every ingest patient once (fills the regrader cache)');
  for (const id of patientIds)
    await ok(`${api.url}/api/patients/${id}/vitals`, 'POST', cookie, normalVitals(0));
  // The whole search, repeated: the figure is the median, and the spread says how far to trust it.
  const stallsSince = stallReader(api);
  const searches: Awaited<ReturnType<typeof highestRate>>[] = [];
  for (let r = 1; r <= opts.repeats; r++) {
    log(
      `  CellWatch POST /api/patients/:id/vitals (auth, validation, grading, audit, events), search ${r} of ${opts.repeats}:`,
    );
    searches.push(
      await highestRate(
        vitalsStream(api.url, cookie, patientIds, 100),
        opts.ladder,
        25,
        opts.seconds,
        log,
        stallsSince,
      ),
    );
  }
  const bests = searches.map((s) => s.best);
  const app = { best: median(bests), steps: searches.flatMap((s) => s.steps) };
  log(
    `  searches: ${bests.join(', ')} req/s → median ${app.best} (spread ${Math.min(...bests)}–${Math.max(...bests)})`,
  );
  log('  bare Hono JSON echo, same kind of server:');
  let k = 0;
  const echoSpec: OpenLoopSpec = {
    url: echo.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: 100,
    next: () => ({ path: '/echo', body: JSON.stringify(normalVitals(k++)) }),
  };
  const ref = await highestRate(echoSpec, opts.echoLadder, 25, opts.seconds, log);
  const commits = await opts.store.rawCommitsPerSecond(2);
  log(`  disk floor: ${commits.toFixed(0)} ${opts.store.commitLabel}`);
  return {
    value: app.best,
    reference: { what: 'bare Hono JSON echo, highest rate with p99 < 25 ms', value: ref.best, unit: 'req/s' },
    ratio: ref.best ? round(app.best / ref.best, 3) : 0,
    details: {
      searches: bests,
      spread: [Math.min(...bests), Math.max(...bests)],
      steps: app.steps,
      echoSteps: ref.steps,
      echoLimitedByLoadGenerator: ref.best === opts.echoLadder[opts.echoLadder.length - 1],
      oneRowCommitsPerSecond: round(commits, 0),
      store: opts.store.kind,
    },
  };
}

export async function ingestBatch(
  api: Proc,
  cookie: string,
  patientId: number,
  opts: { panels: number; rows: number; store: BenchStore },
  log: Log,
): Promise<Measured> {
  const panels = labPanels(opts.panels + 1, opts.rows, Date.now() - 3_600_000);
  const [warm, ...timed] = panels;
  await ok(`${api.url}/api/patients/${patientId}/labs`, 'POST', cookie, warm);
  const ms: number[] = [];
  for (const panel of timed) {
    const res = await send(`${api.url}/api/patients/${patientId}/labs`, 'POST', cookie, panel);
    if (res.status !== 201) throw new Error(`lab panel → ${res.status} ${res.body.slice(0, 300)}`);
    ms.push(res.ms);
  }
  const apiRate = (opts.panels * opts.rows) / (ms.reduce((a, b) => a + b, 0) / 1000);
  const raw = await opts.store.rawLabRowsPerSecond(timed);
  log(
    `  ${opts.panels} panels × ${opts.rows} rows: ${apiRate.toFixed(0)} rows/s (median ${median(ms).toFixed(1)} ms per panel); ${opts.store.rawLabel}: ${raw.toFixed(0)} rows/s`,
  );
  return {
    value: round(apiRate, 0),
    target: round(raw * 0.5, 0),
    reference: {
      what: opts.store.rawLabel,
      value: round(raw, 0),
      unit: 'rows/s',
    },
    ratio: round(apiRate / raw, 3),
    details: { panelMsMedian: round(median(ms), 1), panelMsMax: round(Math.max(...ms), 1) },
  };
}

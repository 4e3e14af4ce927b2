import { readFileSync } from 'node:fs';
import { findPatientRow, loadCourseFacts, patientContext } from '@cellwatch/api/course';
// The engine by path: the bench is not a workspace package (same module the API imports).
import { type ChartedFact, loadCourse } from '../../packages/clinical/src/index.ts';
import { labPanels } from './cohort.ts';
import { ok, send, timedGets } from './http.ts';
import { fixedRate, highestRate, type OpenLoopSpec } from './load.ts';
import type { Proc } from './processes.ts';
import { SseClient } from './sse.ts';
import { stallReader } from './stalls.ts';
import { mean, median, nowMs, quantile, round, rssMb, sleep } from './stats.ts';
import type { BenchStore } from './store.ts';

export type Log = (line: string) => void;

export interface Measured {
  value: number | null;
  reference?: { what: string; value: number; unit: string };
  ratio?: number;
  /** Overrides the static target (e.g. a share of the reference). */
  target?: number;
  details?: Record<string, unknown>;
  notMeasurable?: string;
}

const p = (xs: number[], q: number) => round(quantile(xs, q), 2);

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

function vitalsStream(base: string, cookie: string, patientIds: number[], connections: number): OpenLoopSpec {
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

interface Probe {
  patientId: number;
  sentAt: number;
  seen: Set<number>;
}

/** Opens `n` SSE clients; each reports alert_raised events to `onAlert`. */
async function openClients(
  url: string,
  cookie: string,
  n: number,
  onAlert: (client: number, data: string, e: { receivedAt: number; receivedWallMs: number }) => void,
) {
  const clients = Array.from(
    { length: n },
    (_, i) =>
      new SseClient(url, cookie, (e) => {
        if (e.event === 'alert_raised') onAlert(i, e.data, e);
      }),
  );
  await Promise.all(clients.map((c) => c.ready));
  return clients;
}

export async function alertLatency(
  api: Proc,
  echo: Proc,
  cookies: { nurse: string; coordinator: string; hematologist: string },
  backgroundIds: number[],
  opts: { clients: number; probes: number; backgroundRate: number; gapMs: number },
  log: Log,
): Promise<Measured> {
  // Fresh patients, infused two days ago: a first fever is a possible CRS onset (an alert).
  const infusionAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const probeIds: number[] = [];
  const stamp = Date.now().toString(36).toUpperCase();
  for (let i = 0; i < opts.probes; i++) {
    const { patient } = await ok<{ patient: { id: number } }>(
      `${api.url}/api/patients`,
      'POST',
      cookies.coordinator,
      {
        mrn: `PROBE-${stamp}-${i}`,
        givenName: 'Probe',
        familyName: `Bench-${i}`,
        birthDate: '1980-01-01',
        sex: 'female',
        weightKg: 60,
        diagnosis: 'sle',
        product: 'cd19_car_t',
        infusionAt,
        status: 'inpatient_monitoring',
      },
    );
    probeIds.push(patient.id);
  }
  const probes = new Map<number, Probe>();
  const commitToEvent: number[] = [];
  const sendToEvent: number[] = [];
  const clients = await openClients(
    `${api.url}/api/events`,
    cookies.hematologist,
    opts.clients,
    (client, data, e) => {
      const event = JSON.parse(data) as { patientId: number; at: string };
      const probe = probes.get(event.patientId);
      if (!probe || probe.seen.has(client)) return;
      probe.seen.add(client);
      commitToEvent.push(e.receivedWallMs - Date.parse(event.at));
      sendToEvent.push(e.receivedAt - probe.sentAt);
    },
  );
  log(`  ${opts.clients} SSE clients connected; background ${opts.backgroundRate} vital sets/s`);

  // Background writes at a fixed rate, for as long as the probes take.
  const seconds = Math.ceil((opts.probes * opts.gapMs) / 1000) + 3;
  const background = fixedRate(
    vitalsStream(api.url, cookies.nurse, backgroundIds, 20),
    opts.backgroundRate,
    seconds,
  );
  await sleep(1000);
  for (const patientId of probeIds) {
    const probe: Probe = { patientId, sentAt: nowMs(), seen: new Set() };
    probes.set(patientId, probe);
    const res = await send(`${api.url}/api/patients/${patientId}/vitals`, 'POST', cookies.nurse, {
      takenAt: new Date().toISOString(),
      temperatureC: 39.2,
      heartRate: 112,
      systolic: 118,
      diastolic: 72,
      respiratoryRate: 18,
      spo2: 97,
      oxygenDevice: 'room_air',
    });
    if (res.status !== 201) throw new Error(`fever vital set → ${res.status} ${res.body}`);
    await sleep(opts.gapMs);
  }
  const bg = await background;
  await sleep(300);
  for (const c of clients) c.close();
  const expected = opts.probes * opts.clients;
  const missing = expected - commitToEvent.length;
  log(
    `  ${commitToEvent.length}/${expected} alert events; commit→event p50 ${p(commitToEvent, 0.5)} p99 ${p(commitToEvent, 0.99)} ms; POST sent→event p99 ${p(sendToEvent, 0.99)} ms; background ${bg.achieved.toFixed(0)}/s p99 ${bg.p99} ms`,
  );

  // The bare reference: a Hono SSE broadcast to as many clients, no database, no work.
  const refSamples: number[] = [];
  const refSent = new Map<number, number>();
  const refSeen = new Set<string>();
  const refClients = await openClients(`${echo.url}/sse`, '', opts.clients, (client, data, e) => {
    const { probe } = JSON.parse(data) as { probe: number };
    const key = `${probe}:${client}`;
    const sentAt = refSent.get(probe);
    if (sentAt === undefined || refSeen.has(key)) return;
    refSeen.add(key);
    refSamples.push(e.receivedAt - sentAt);
  });
  for (let i = 0; i < opts.probes; i++) {
    refSent.set(i, nowMs());
    await ok(`${echo.url}/publish`, 'POST', '', { probe: i });
    await sleep(opts.gapMs);
  }
  await sleep(300);
  for (const c of refClients) c.close();
  return {
    value: missing > 0 ? null : p(commitToEvent, 0.99),
    ...(missing > 0 && { notMeasurable: `${missing} of ${expected} alert events never arrived` }),
    reference: {
      what: `bare Hono SSE broadcast to ${opts.clients} clients, POST→event p99`,
      value: p(refSamples, 0.99),
      unit: 'ms',
    },
    ratio: round(p(sendToEvent, 0.99) / Math.max(0.01, p(refSamples, 0.99)), 2),
    details: {
      events: commitToEvent.length,
      commitToEventP50: p(commitToEvent, 0.5),
      postSentToEventP50: p(sendToEvent, 0.5),
      postSentToEventP99: p(sendToEvent, 0.99),
      backgroundAchievedRps: round(bg.achieved, 0),
      backgroundP99Ms: bg.p99,
      backgroundNon2xx: bg.non2xx,
    },
  };
}

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

const epoch = (t: number | string) => (typeof t === 'number' ? t : Date.parse(t));
const timeOf = (f: ChartedFact): number => epoch('at' in f ? f.at : 'start' in f ? f.start : f.from);

/** The engine alone on the year-long patient: from scratch, and one more fact at the end. */
export async function regrade(store: BenchStore, patientId: number, incremental: number, log: Log) {
  const opened = await store.open();
  try {
    const patient = await findPatientRow(opened.db, patientId);
    const t0 = nowMs();
    const facts = await loadCourseFacts(opened.db, patientId);
    const loadMs = nowMs() - t0;
    const context = patientContext(patient);
    // Reference: the least any regrade must do, ordering the facts by time.
    const sortMs: number[] = [];
    const fullMs: number[] = [];
    let course = loadCourse(context, facts);
    for (let i = 0; i < 3; i++) {
      const s0 = nowMs();
      [...facts].sort((a, b) => timeOf(a) - timeOf(b));
      sortMs.push(nowMs() - s0);
      const f0 = nowMs();
      course = loadCourse(context, facts);
      fullMs.push(nowMs() - f0);
    }
    const last = course.latestPoint()?.at ?? Date.now();
    const addUs: number[] = [];
    for (let i = 0; i < incremental; i++) {
      const fact: ChartedFact = {
        kind: 'vital_signs',
        id: `bench:${i}`,
        at: last + (i + 1) * 60_000,
        temperatureC: 36.8,
        systolicMmHg: 120,
        spo2Pct: 97,
        oxygen: { device: 'room_air' },
        enteredInError: false,
      };
      const a0 = nowMs();
      course.addFact(fact);
      addUs.push((nowMs() - a0) * 1000);
    }
    log(
      `  ${facts.length.toLocaleString('en')} facts (read from ${store.kind} in ${loadMs.toFixed(0)} ms): from scratch median ${median(fullMs).toFixed(0)} ms; one more vital set median ${median(addUs).toFixed(0)} µs (p99 ${quantile(addUs, 0.99).toFixed(0)} µs)`,
    );
    const sortRef = median(sortMs);
    return {
      full: {
        value: round(median(fullMs), 1),
        reference: { what: 'sorting the same facts by time', value: round(sortRef, 1), unit: 'ms' },
        ratio: round(median(fullMs) / Math.max(0.01, sortRef), 1),
        details: {
          facts: facts.length,
          runsMs: fullMs.map((x) => round(x, 1)),
          loadFactsMs: round(loadMs, 0),
        },
      } satisfies Measured,
      incremental: {
        value: round(median(addUs), 1),
        details: {
          additions: incremental,
          meanUs: round(mean(addUs), 1),
          p99Us: round(quantile(addUs, 0.99), 1),
        },
      } satisfies Measured,
    };
  } finally {
    await opened.close();
  }
}

export function processRss(api: Proc, echo: Proc): Measured {
  const read = (f: string) => readFileSync(f, 'utf8');
  const app = rssMb(api.pid, read);
  const ref = rssMb(echo.pid, read);
  return {
    value: round(app, 1),
    reference: { what: 'bare Hono echo server RSS after its runs', value: round(ref, 1), unit: 'MB' },
    ratio: round(app / ref, 1),
  };
}

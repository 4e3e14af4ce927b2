/**
 * `pnpm bench`: CellWatch's benchmark suite (issue 7). Every metric is measured in one run on
 * this machine, each against a bare reference measured in the same run; prints a table and
 * writes bench/results.json. Options:
 *   --quick              tiny sizes, for the smoke test (seconds, not minutes)
 *   --only a,b           only these metrics
 *   --soak 10m           the soak run instead: 100 SSE clients connecting and leaving, RSS every 10 s
 *   --out FILE           where to write the results (default bench/results.json)
 *   --profile DIR        run the API with --cpu-prof, profiles written to DIR
 *   --keep               keep the temporary databases (their folder is printed)
 *   --db-dir DIR         where the temporary databases go (default the OS temp dir, on disk)
 *   --store postgres     measure CellWatch on PostgreSQL (a throwaway durable server, started with
 *                        initdb/pg_ctl, holding a copy of the same cohort); results default to
 *                        bench/results.postgres.json
 *   --instances 1,2      with ingest_vitals_rps: also chart flat out through 1, 2… API instances on
 *                        the same store (default 1,2 on PostgreSQL, none on SQLite), with the ratio
 *                        to raw inserts (bench/lib/instances.ts)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { alertLatency } from './lib/alert-metrics.ts';
import { BENCH_PASSWORD, prepareDatabase, type Sizes } from './lib/cohort.ts';
import { processRss, regrade } from './lib/engine-metrics.ts';
import { login, ok } from './lib/http.ts';
import { ingestBatch, ingestVitals } from './lib/ingest-metrics.ts';
import { ingestWithInstances } from './lib/instances.ts';
import type { Measured } from './lib/metrics.ts';
import { BENCH_DIR, type Proc, startCellwatch, startEcho } from './lib/processes.ts';
import { coldTimeline, readLatency } from './lib/read-metrics.ts';
import { FULL, QUICK } from './lib/run-sizes.ts';
import { runSoak } from './lib/soak.ts';
import { type BenchStore, postgresStore, sqliteStore } from './lib/store.ts';
import { judge, type MetricName, type MetricResult, NAMES, printTable } from './lib/targets.ts';
import { chromiumAvailable, ensureWebBuilt, initialJsGzip, timeRender } from './lib/web.ts';

function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(s);
  if (!m) throw new Error(`--soak: a duration like 90s, 10m or 1h, got "${s}"`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600 }[m[2] ?? 's'] as number);
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      soak: { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'db-dir': { type: 'string' },
      store: { type: 'string', default: 'sqlite' },
      instances: { type: 'string' },
    },
  });
  if (values.store !== 'sqlite' && values.store !== 'postgres')
    throw new Error('--store: sqlite or postgres');
  if (values.soak && values.store !== 'sqlite') throw new Error('--soak runs on SQLite only');
  const cfg = values.quick ? QUICK : FULL;
  const out = resolve(
    values.out ?? join(BENCH_DIR, values.store === 'postgres' ? 'results.postgres.json' : 'results.json'),
  );
  const only = values.only ? (values.only.split(',').map((s) => s.trim()) as MetricName[]) : NAMES;
  for (const name of only) if (!NAMES.includes(name)) throw new Error(`--only: unknown metric ${name}`);
  const want = (...names: MetricName[]) => names.some((n) => only.includes(n));
  const log = (line: string) => console.log(line);
  // --db-dir /dev/shm puts the databases in memory: what the numbers would be without fsync.
  const tmp = mkdtempSync(join(values['db-dir'] ?? tmpdir(), 'cellwatch-bench-'));
  const started = Date.now();
  const loadavgAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const procs: Proc[] = [];
  /** Stopped at the end, after the processes: the PostgreSQL server of a `--store postgres` run. */
  const stores: BenchStore[] = [];
  const results: Partial<Record<string, MetricResult>> = {};
  const record = (name: MetricName, m: Measured) => {
    results[name] = judge(name, m);
  };
  console.log(
    `CellWatch bench (${values.quick ? 'quick' : 'full'}, ${values.store}) on ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; temp ${tmp}`,
  );

  try {
    if (values.soak) {
      const soak = await runSoak(join(tmp, 'soak.db'), parseDuration(values.soak), log);
      const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
      writeFileSync(out, `${JSON.stringify({ ...previous, soak_rss_growth_mb: soak }, null, 2)}\n`);
      console.log(
        `\nsoak: RSS ${soak.startMb} → ${soak.endMb} MB (growth ${soak.value} MB, slope ${soak.slopeMbPerMin} MB/min): ${soak.pass ? 'PASS' : 'MISS'}`,
      );
      return;
    }

    await measure();
  } catch (err) {
    for (const proc of procs) {
      const exited = proc.child.exitCode !== null || proc.child.signalCode !== null;
      console.error(
        `\n${proc.url} (pid ${proc.pid})${exited ? ` exited (${proc.child.exitCode ?? proc.child.signalCode})` : ''}; last output:\n${proc.log.join('').slice(-3000)}`,
      );
    }
    throw err;
  } finally {
    for (const proc of procs.reverse()) await proc.stop();
    for (const store of stores) await store.stop();
    if (values.keep) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }

  const ordered = Object.fromEntries(NAMES.filter((n) => results[n]).map((n) => [n, results[n]]));
  writeFileSync(
    out,
    `${JSON.stringify({ ...ordered, _run: { at: new Date().toISOString(), loadavg: loadavg().map((x) => Math.round(x * 100) / 100), loadavgAtStart, quick: values.quick, store: values.store, seconds: Math.round((Date.now() - started) / 1000), cpus: cpus().length, node: process.version } }, null, 2)}\n`,
  );
  console.log('');
  printTable(ordered);
  console.log(`\nwritten ${out} (${Math.round((Date.now() - started) / 1000)} s)`);

  async function measure() {
    const needWard = want(
      'ward_p99_ms',
      'web_ward_render_ms',
      'ingest_vitals_rps',
      'ingest_batch_rows_per_s',
      'alert_latency_p99_ms',
      'api_rss_mb',
    );
    const needYear = want('timeline_p99_ms', 'regrade_full_ms', 'regrade_incremental_us', 'api_rss_mb');
    const needServer = needWard || want('timeline_p99_ms');

    if (want('web_initial_js_gzip_kb', 'web_ward_render_ms')) ensureWebBuilt(log);
    if (want('web_initial_js_gzip_kb')) {
      const js = initialJsGzip();
      log(
        `web: initial JavaScript ${js.files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB gz`).join(', ')}`,
      );
      record('web_initial_js_gzip_kb', { value: Math.round(js.kb * 10) / 10, details: { files: js.files } });
    }
    if (!needWard && !needYear) return;

    log('database: synthetic cohort (bulk loader, fixed seeds)');
    const sizes: Sizes = {
      ...cfg.sizes,
      wardPatients: needWard ? cfg.sizes.wardPatients : 1,
      timelineDays: needYear ? cfg.sizes.timelineDays : 1,
    };
    const db = await prepareDatabase(join(tmp, 'bench.db'), sizes, log);
    log(
      `  loaded in ${(db.loadMs / 1000).toFixed(1)} s: ${Object.entries(db.rows)
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ')}`,
    );

    const store = values.store === 'postgres' ? await postgresStore(db.file, log) : sqliteStore(db.file, tmp);
    stores.push(store);

    if (want('regrade_full_ms', 'regrade_incremental_us')) {
      log('regrade: the engine on the year-long patient');
      const r = await regrade(store, db.timelinePatientId, cfg.incremental, log);
      if (want('regrade_full_ms')) record('regrade_full_ms', r.full);
      if (want('regrade_incremental_us')) record('regrade_incremental_us', r.incremental);
    }
    if (!needServer && !want('api_rss_mb')) return;

    if (values.profile) mkdirSync(values.profile, { recursive: true });
    const api = await startCellwatch(
      store.env,
      values.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values.profile)}`] : [],
    );
    procs.push(api);
    const echo = await startEcho();
    procs.push(echo);
    const cookies = {
      nurse: await login(api.url, 'nurse', BENCH_PASSWORD),
      coordinator: await login(api.url, 'coordinator', BENCH_PASSWORD),
      hematologist: await login(api.url, 'hematologist', BENCH_PASSWORD),
    };

    if (want('ward_p99_ms')) {
      log('ward');
      record(
        'ward_p99_ms',
        await readLatency(`${api.url}/api/ward`, cookies.nurse, echo, cfg.gets.ward, 'GET /api/ward', log),
      );
    }
    if (want('timeline_p99_ms')) {
      log('timeline');
      const timelineUrl = `${api.url}/api/patients/${db.timelinePatientId}/timeline`;
      const cold = await coldTimeline(timelineUrl, cookies.hematologist, cfg.gets.timelineCold, log);
      const warm = await readLatency(
        `${timelineUrl}?points=2000`,
        cookies.hematologist,
        echo,
        cfg.gets.timeline,
        'GET timeline (full range, 2,000 points), warm',
        log,
      );
      record('timeline_p99_ms', { ...warm, details: { ...warm.details, ...cold } });
    }
    if (want('web_ward_render_ms')) {
      log('web: ward render in headless chromium');
      if (!chromiumAvailable()) {
        record('web_ward_render_ms', {
          value: null,
          notMeasurable: 'chromium is not installed at /usr/bin/chromium',
        });
      } else {
        const { patients } = await ok<{ patients: unknown[] }>(
          `${api.url}/api/patients?active=true`,
          'GET',
          cookies.nurse,
        );
        const app = await timeRender(`${api.url}/ward`, patients.length, cfg.renders, {
          base: api.url,
          username: 'nurse',
          password: BENCH_PASSWORD,
        });
        const bare = await timeRender(
          `${echo.url}/bare-table?n=${patients.length}`,
          patients.length,
          cfg.renders,
        );
        log(
          `  ${patients.length} rows: ${app.runs.map((x) => x.toFixed(0)).join(', ')} ms (median ${app.median.toFixed(0)}); bare DOM table median ${bare.median.toFixed(0)} ms`,
        );
        record('web_ward_render_ms', {
          value: Math.round(app.median),
          reference: {
            what: `plain-DOM page fetching and rendering ${patients.length} rows`,
            value: Math.round(bare.median),
            unit: 'ms',
          },
          ratio: Math.round((app.median / bare.median) * 10) / 10,
          details: { rows: patients.length, runsMs: app.runs.map(Math.round), firstRunIsCold: true },
        });
      }
    }
    const ingestIds = db.wardIds.slice(0, cfg.sizes.ingestPatients);
    if (want('ingest_batch_rows_per_s')) {
      log('ingest: lab panels of 1,000 rows');
      record(
        'ingest_batch_rows_per_s',
        await ingestBatch(
          api,
          cookies.coordinator,
          db.wardIds[db.wardIds.length - 1] as number,
          { panels: cfg.panels, rows: 1000, store },
          log,
        ),
      );
    }
    if (want('ingest_vitals_rps')) {
      log(
        `ingest: vital sets, fixed rates, ${ingestIds.length} patients round-robin (${cfg.stepSeconds} s per step)`,
      );
      const ingest = await ingestVitals(
        api,
        echo,
        cookies.nurse,
        ingestIds,
        {
          ladder: cfg.ladder,
          echoLadder: cfg.echoLadder,
          seconds: cfg.stepSeconds,
          repeats: cfg.repeats,
          store,
        },
        log,
      );
      // Issue 16: the same writes through 1 and 2 instances on one database (--instances).
      const counts = (values.instances ?? (store.kind === 'postgres' ? '1,2' : ''))
        .split(',')
        .filter(Boolean)
        .map(Number);
      if (counts.length) {
        log(
          `ingest: vital sets flat out through ${counts.join(', ')} API instance(s) on one ${store.kind} store`,
        );
        const instances = await ingestWithInstances(
          api,
          store,
          cookies.nurse,
          ingestIds,
          { counts, connections: 32, seconds: cfg.stepSeconds },
          log,
        );
        ingest.details = { ...ingest.details, instances };
      }
      record('ingest_vitals_rps', ingest);
    }
    if (want('alert_latency_p99_ms')) {
      log('alerts: fever → alert_raised on SSE');
      record('alert_latency_p99_ms', await alertLatency(api, echo, cookies, ingestIds, cfg.alert, log));
    }
    if (want('api_rss_mb')) {
      record('api_rss_mb', processRss(api, echo));
      log(`memory: API RSS ${results.api_rss_mb?.value} MB after the runs`);
    }
  }
}

await main();

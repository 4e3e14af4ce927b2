import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_DIR, REPO_ROOT } from './lib/processes.ts';
import { chromiumAvailable } from './lib/web.ts';

const METRICS = [
  'ingest_vitals_rps',
  'ingest_batch_rows_per_s',
  'alert_latency_p99_ms',
  'ward_p99_ms',
  'timeline_p99_ms',
  'regrade_full_ms',
  'regrade_incremental_us',
  'api_rss_mb',
  'web_initial_js_gzip_kb',
  'web_ward_render_ms',
];

// Keeps `pnpm bench` working: the quick run (tiny sizes) must produce every metric with a number.
// Timings are never asserted here: they depend on the machine and what else runs on it.
// The PostgreSQL run is in the list when the api-postgres project is (vitest.config.ts).
const stores = process.env.CELLWATCH_BENCH_STORES?.split(',') ?? ['sqlite'];

describe('pnpm bench --quick', () => {
  it.each(stores)(
    'writes a results file with every metric measured, on %s',
    (store) => {
      const dir = mkdtempSync(join(tmpdir(), 'cellwatch-bench-smoke-'));
      try {
        const out = join(dir, 'results.json');
        const run = spawnSync(
          process.execPath,
          ['--import', 'tsx', join(BENCH_DIR, 'run.ts'), '--quick', '--store', store, '--out', out],
          {
            cwd: REPO_ROOT,
            encoding: 'utf8',
            timeout: 170_000,
          },
        );
        expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
        const results = JSON.parse(readFileSync(out, 'utf8')) as Record<
          string,
          { value: unknown; unit: unknown; pass: unknown }
        >;
        for (const name of METRICS) {
          const r = results[name];
          expect(r, name).toBeDefined();
          if (name === 'web_ward_render_ms' && !chromiumAvailable()) continue;
          expect(typeof r?.value, `${name}: ${JSON.stringify(r)}`).toBe('number');
          expect(Number.isFinite(r?.value), name).toBe(true);
          expect(typeof r?.unit, name).toBe('string');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

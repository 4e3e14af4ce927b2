/** The bench's metrics with their targets, how a measurement is judged, and the results table. */
import type { Measured } from './metrics.ts';

type Op = '<' | '>=';
interface MetricSpec {
  unit: string;
  target: number;
  op: Op;
  what: string;
}

export const METRICS = {
  ingest_vitals_rps: {
    unit: 'req/s',
    target: 2000,
    op: '>=',
    what: 'vital-set POSTs, highest fixed rate with p99 < 25 ms',
  },
  ingest_batch_rows_per_s: {
    unit: 'rows/s',
    target: Number.NaN,
    op: '>=',
    what: '1,000-row lab panels; target 50% of raw inserts',
  },
  alert_latency_p99_ms: {
    unit: 'ms',
    target: 50,
    op: '<',
    what: 'fever commit → alert event on 100 SSE clients, 200 writes/s',
  },
  ward_p99_ms: { unit: 'ms', target: 50, op: '<', what: 'GET /api/ward, 1,000 active patients × 30 days' },
  timeline_p99_ms: {
    unit: 'ms',
    target: 100,
    op: '<',
    what: 'GET timeline, 525,600 one-minute vitals, full range, 2,000 points (warm; cold in details)',
  },
  regrade_full_ms: { unit: 'ms', target: 1000, op: '<', what: 'engine: that patient from scratch' },
  regrade_incremental_us: { unit: 'µs', target: 1000, op: '<', what: 'engine: one new vital set' },
  api_rss_mb: { unit: 'MB', target: 300, op: '<', what: 'API resident memory after the runs' },
  web_initial_js_gzip_kb: { unit: 'KB', target: 250, op: '<', what: 'initial JavaScript, gzipped' },
  web_ward_render_ms: {
    unit: 'ms',
    target: 1000,
    op: '<',
    what: 'headless chromium: navigation → ward rows rendered',
  },
} satisfies Record<string, MetricSpec>;
export type MetricName = keyof typeof METRICS;
export const NAMES = Object.keys(METRICS) as MetricName[];

export interface MetricResult {
  value: number | null;
  unit: string;
  target: number;
  op: Op;
  pass: boolean | null;
  reference?: Measured['reference'];
  ratio?: number;
  details?: Record<string, unknown>;
  notMeasurable?: string;
}

export function judge(name: MetricName, m: Measured): MetricResult {
  const spec: MetricSpec = METRICS[name];
  const target = m.target ?? spec.target;
  const pass =
    m.value === null || Number.isNaN(target) ? null : spec.op === '<' ? m.value < target : m.value >= target;
  return {
    value: m.value,
    unit: spec.unit,
    target,
    op: spec.op,
    pass,
    ...(m.reference && { reference: m.reference }),
    ...(m.ratio !== undefined && { ratio: m.ratio }),
    ...(m.details && { details: m.details }),
    ...(m.notMeasurable && { notMeasurable: m.notMeasurable }),
  };
}

export function printTable(results: Partial<Record<string, MetricResult>>) {
  const rows = [['metric', 'value', 'target', 'pass', 'reference (same run)', 'ratio']];
  for (const [name, r] of Object.entries(results)) {
    if (!r) continue;
    const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : String(x));
    rows.push([
      name,
      r.value === null ? `n/a (${r.notMeasurable ?? 'not measured'})` : `${fmt(r.value)} ${r.unit}`,
      `${r.op} ${fmt(r.target)} ${r.unit}`,
      r.pass === null ? '–' : r.pass ? 'PASS' : 'MISS',
      r.reference ? `${fmt(r.reference.value)} ${r.reference.unit}` : '',
      r.ratio === undefined ? '' : String(r.ratio),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length))) ?? [];
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j] as number)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/**
 * Micro-benchmark of the course engine (prints figures; not a test): a patient-year of one-minute
 * vital sets graded from scratch, then one more vital set at a time. Targets: full regrade < 1 s,
 * incremental < 1 ms. `pnpm --filter @cellwatch/clinical bench [--runs N] [--appends N]`.
 */
import { cpus, loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { ChartedFact, PatientContext } from '../src/index.ts';
import { loadCourse } from '../src/index.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 5);
const appends = arg('appends', 2_000);

const infusion = Date.parse('2025-03-01T10:00:00Z');
const context: PatientContext = { infusionAt: '2025-03-01T10:00:00Z', ageYears: 45 };
const n = 525_600;

/** One-minute vital sets with fevers, hypotension and oxygen at intervals (as the speed test). */
function patientYear(): ChartedFact[] {
  const facts: ChartedFact[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const fever = i % 2000 < 300;
    facts[i] = {
      kind: 'vital_signs',
      id: `v${i}`,
      at: infusion + i * 60_000,
      temperatureC: fever ? 38.4 + (i % 7) / 10 : 36.8 + (i % 5) / 10,
      systolicMmHg: i % 3000 < 100 ? 85 : 118,
      oxygen: i % 5000 < 200 ? { device: 'nasal_cannula', flowLpm: 3 } : { device: 'room_air' },
    };
  }
  return facts;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};

// Garbage collections during each full regrade: a measure of what the scan allocates.
let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount++;
    gcMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const facts = patientYear();
loadCourse(context, facts); // warm-up
const fullMs: number[] = [];
/** CPU time of the process (all threads, GC included): steadier than wall time on a shared machine. */
const cpuMs: number[] = [];
const sortMs: number[] = [];
const gcs: { count: number; ms: number }[] = [];
for (let r = 0; r < runs; r++) {
  const s0 = performance.now();
  [...facts].sort(
    (a, b) => Number(a.kind === 'vital_signs' && a.at) - Number(b.kind === 'vital_signs' && b.at),
  );
  sortMs.push(performance.now() - s0);
  await new Promise((resolve) => setTimeout(resolve, 50)); // let pending GC entries arrive
  const before = { count: gcCount, ms: gcMs };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  loadCourse(context, facts);
  fullMs.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpuMs.push((c.user + c.system) / 1000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  gcs.push({ count: gcCount - before.count, ms: gcMs - before.ms });
}

const course = loadCourse(context, facts);
const addUs: number[] = [];
for (let i = 0; i < appends; i++) {
  const fact: ChartedFact = {
    kind: 'vital_signs',
    id: `x${i}`,
    at: infusion + (n + i) * 60_000,
    temperatureC: 37 + (i % 20) / 10,
    systolicMmHg: 120,
    oxygen: { device: 'room_air' },
  };
  const a0 = performance.now();
  course.addFact(fact);
  addUs.push((performance.now() - a0) * 1000);
}

const gc = gcs[fullMs.indexOf(median(fullMs))] as { count: number; ms: number };
console.log(
  `course engine, ${n.toLocaleString('en')} one-minute vital sets (Node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)})`,
);
console.log(
  `  full regrade: median ${median(fullMs).toFixed(0)} ms of ${runs} (min ${Math.min(...fullMs).toFixed(0)}, max ${Math.max(...fullMs).toFixed(0)}), CPU ${median(cpuMs).toFixed(0)} ms; GC in the median run: ${gc.count} collections, ${gc.ms.toFixed(0)} ms; reference: sorting the facts ${median(sortMs).toFixed(0)} ms; target < 1000 ms`,
);
console.log(
  `  incremental: one more vital set median ${median(addUs).toFixed(1)} µs, p99 ${quantile(addUs, 0.99).toFixed(1)} µs (${appends.toLocaleString('en')} appends); target < 1000 µs`,
);

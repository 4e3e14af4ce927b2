/** The grading engine alone (full and incremental regrade) and the API's resident memory. */
import { readFileSync } from 'node:fs';
import { findPatientRow, loadCourseFacts, patientContext } from '@cellwatch/api/course';
// The engine by path: the bench is not a workspace package (same module the API imports).
import { type ChartedFact, loadCourse } from '../../packages/clinical/src/index.ts';
import type { Log, Measured } from './metrics.ts';
import type { Proc } from './processes.ts';
import { mean, median, nowMs, quantile, round, rssMb } from './stats.ts';
import type { BenchStore } from './store.ts';

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

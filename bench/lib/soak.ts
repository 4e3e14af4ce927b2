import { readFileSync } from 'node:fs';
import { BENCH_PASSWORD, prepareDatabase } from './cohort.ts';
import { login, send } from './http.ts';
import { normalVitals } from './ingest-metrics.ts';
import { startCellwatch } from './processes.ts';
import { SseClient } from './sse.ts';
import { mean, round, rssMb, sleep, slope } from './stats.ts';

export interface SoakResult {
  value: number;
  unit: 'MB';
  target: number;
  op: '<';
  pass: boolean;
  startMb: number;
  endMb: number;
  slopeMbPerMin: number;
  seconds: number;
  connections: number;
  writes: number;
  samples: { t: number; rssMb: number }[];
}

/**
 * Soak: 100 SSE clients that connect, stay 0.5–5 s and leave, over and over, while vital sets
 * are charted at 20/s so events flow. RSS is sampled every 10 s; growth is the mean of the last
 * minute minus the mean of the minute after a one-minute warm-up (must stay < 20 MB).
 */
export async function runSoak(
  dbFile: string,
  seconds: number,
  log: (l: string) => void,
): Promise<SoakResult> {
  log(`soak: ${seconds} s, 100 SSE clients connecting and leaving, 20 writes/s`);
  const db = await prepareDatabase(
    dbFile,
    { wardPatients: 50, wardDays: 3, timelineDays: 1, ingestPatients: 50 },
    () => undefined,
  );
  const api = await startCellwatch({ CELLWATCH_DB: db.file });
  const read = (f: string) => readFileSync(f, 'utf8');
  try {
    const nurse = await login(api.url, 'nurse', BENCH_PASSWORD);
    const hematologist = await login(api.url, 'hematologist', BENCH_PASSWORD);
    const end = Date.now() + seconds * 1000;
    let connections = 0;
    let writes = 0;
    let seed = 1;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const client = async () => {
      while (Date.now() < end) {
        const c = new SseClient(`${api.url}/api/events`, hematologist, () => undefined);
        connections++;
        await c.ready.catch(() => undefined);
        await sleep(500 + rand() * 4500);
        c.close();
        await sleep(50);
      }
    };
    const writer = async () => {
      let k = 0;
      while (Date.now() < end) {
        const id = db.wardIds[k % db.wardIds.length] as number;
        await send(`${api.url}/api/patients/${id}/vitals`, 'POST', nurse, normalVitals(k++));
        writes++;
        await sleep(50);
      }
    };
    const samples: { t: number; rssMb: number }[] = [];
    const t0 = Date.now();
    const sampler = (async () => {
      while (Date.now() < end) {
        samples.push({ t: (Date.now() - t0) / 1000, rssMb: round(rssMb(api.pid, read), 1) });
        log(
          `  ${samples.at(-1)?.t.toFixed(0)} s: RSS ${samples.at(-1)?.rssMb} MB, ${connections} connections so far`,
        );
        await sleep(10_000);
      }
    })();
    await Promise.all([...Array.from({ length: 100 }, client), writer(), sampler]);
    await sleep(2000);
    samples.push({ t: (Date.now() - t0) / 1000, rssMb: round(rssMb(api.pid, read), 1) });
    // Warm-up: the first minute (a quarter of a short run) is not counted.
    const w = Math.min(60, seconds / 4);
    const warm = samples.filter((s) => s.t >= w && s.t < w + Math.max(10, w));
    const lastT = samples[samples.length - 1]?.t ?? 0;
    const last = samples.filter((s) => s.t >= lastT - 60);
    const startMb = round(mean((warm.length ? warm : samples.slice(0, 1)).map((s) => s.rssMb)), 1);
    const endMb = round(mean(last.map((s) => s.rssMb)), 1);
    const after = samples.filter((s) => s.t >= w);
    const growth = round(endMb - startMb, 1);
    return {
      value: growth,
      unit: 'MB',
      target: 20,
      op: '<',
      pass: growth < 20,
      startMb,
      endMb,
      slopeMbPerMin: round(
        slope(
          after.map((s) => s.t / 60),
          after.map((s) => s.rssMb),
        ),
        2,
      ),
      seconds,
      connections,
      writes,
      samples,
    };
  } finally {
    await api.stop();
  }
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { VitalsChart } from './vital-rollups.ts';

/**
 * The thinned vital series of a timeline, kept per patient, range, point budget and the facts a
 * grade or alert used, until the patient's next fact. A patient-year of one-minute vitals takes
 * ~100 ms to thin from the hourly rollups; a screen that polls or re-opens the timeline asks the
 * same question again. The key holds the patient's course version (`course_versions`), which every
 * charting and entered-in-error write advances in its own transaction, so a cached chart is never
 * one fact behind, on any instance of a shared PostgreSQL store either.
 */
export const TIMELINE_CACHE_ENTRIES = 32;

export interface ChartKey {
  patientId: number;
  version: number;
  from: number;
  to: number;
  budget: number;
  used: ReadonlySet<string>;
}

/** One cache per store (tests open many stores in one process). */
const caches = new WeakMap<Kysely<Database>, Map<string, VitalsChart>>();

export async function courseVersion(trx: Kysely<Database>, patientId: number): Promise<number> {
  const row = await trx
    .selectFrom('course_versions')
    .select('version')
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  return row?.version ?? 0;
}

function keyOf(k: ChartKey): string {
  return JSON.stringify([k.patientId, k.version, k.from, k.to, k.budget, [...k.used].sort()]);
}

/** The cached chart for `key`, or `build()`'s, which is then kept (least recently used goes first). */
export async function cachedVitalsChart(
  store: Kysely<Database>,
  key: ChartKey,
  build: () => Promise<VitalsChart>,
): Promise<{ chart: VitalsChart; cached: boolean }> {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  const k = keyOf(key);
  const hit = cache.get(k);
  if (hit) {
    cache.delete(k);
    cache.set(k, hit);
    return { chart: hit, cached: true };
  }
  const chart = await build();
  // Older versions of this patient's charts can never be asked for again.
  for (const [other, _] of cache) {
    if (other.startsWith(`[${key.patientId},`) && !other.startsWith(`[${key.patientId},${key.version},`))
      cache.delete(other);
  }
  cache.set(k, chart);
  while (cache.size > TIMELINE_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return { chart, cached: false };
}

import { type Downsampled, downsampleSeries, type SeriesPoint } from '@cellwatch/clinical';
import { type Kysely, type Selectable, sql } from 'kysely';
import { notEnteredInError } from '../db/entered-in-error.ts';
import { isPostgres } from '../db/postgres.ts';
import type { Database, VitalSeriesColumn } from '../db/schema.ts';
import { extendOxygen, type OxygenSpan } from './oxygen-spans.ts';

/**
 * Reading the hourly vital-sign rollups (table `vital_rollups`, kept by the triggers of
 * migration 007) for the timeline of a long history: per hour and series the number of values
 * and the minimum and maximum with their real times and fact ids, and the hour's highest oxygen
 * support.
 */

export const VITAL_SERIES: readonly VitalSeriesColumn[] = [
  'temperature_c',
  'heart_rate',
  'systolic',
  'mean_arterial',
  'spo2',
];
/** The columns of a vital set the timeline draws. */
export const VITAL_ROW = ['id', 'taken_at_ms', ...VITAL_SERIES, 'oxygen_device', 'oxygen_flow_lpm'] as const;

export interface VitalsChart {
  series: Record<VitalSeriesColumn, Downsampled>;
  oxygen: OxygenSpan[];
}

type VitalRow = Pick<Selectable<Database['vital_sets']>, (typeof VITAL_ROW)[number]>;

const HOUR = 3_600_000;

/**
 * A range [from, to] (inclusive, epoch ms) seen through the rollups: the whole clock hours in it,
 * [fullFrom, fullTo), come from `vital_rollups`; the vital sets of the partial hours at its ends
 * (`edges`) are read as they are, so nothing outside the range leaks in. Vitals are charted after
 * 1970, where the migration's hour (taken_at_ms - taken_at_ms % 3600000) is the floor used here.
 */
export interface RangeSurvey {
  patientId: number;
  from: number;
  to: number;
  fullFrom: number;
  fullTo: number;
  /** Valid vital sets in the range: the rollups' counts plus the edge rows. */
  rows: number;
  /** Hours with at least one valid vital set in [fullFrom, fullTo). */
  hours: number;
  /** Values charted in the range, per series: the rollups' counts plus the edge values. */
  totals: Record<VitalSeriesColumn, number>;
  /** Valid vital sets of the partial hours at the ends, by time. */
  edges: VitalRow[];
}

/** The valid vital sets of [from, to] (inclusive), by time then id. */
export function readVitalRows(
  trx: Kysely<Database>,
  patientId: number,
  from: number,
  to: number,
): Promise<VitalRow[]> {
  return trx
    .selectFrom('vital_sets')
    .select(VITAL_ROW)
    .where('patient_id', '=', patientId)
    .where('taken_at_ms', '>=', from)
    .where('taken_at_ms', '<=', to)
    .where(notEnteredInError('vital_sets'))
    .orderBy('taken_at_ms')
    .orderBy('id')
    .execute();
}

/**
 * How many valid vital sets and values per series [from, to] holds, from the rollups' counts
 * and the edge rows (counting a year's raw rows through the index takes ~40 ms).
 */
export async function surveyVitals(
  trx: Kysely<Database>,
  patientId: number,
  from: number,
  to: number,
): Promise<RangeSurvey> {
  const fullFrom = Math.ceil(from / HOUR) * HOUR;
  const fullTo = Math.max(fullFrom, Math.floor((to + 1) / HOUR) * HOUR);
  const counted = await trx
    .selectFrom('vital_rollups')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('n'), eb.lit(0)).as('rows'),
      eb.fn.countAll<number>().as('hours'),
      ...VITAL_SERIES.map((c) => eb.fn.coalesce(eb.fn.sum<number>(`${c}_n`), eb.lit(0)).as(c)),
    ])
    .where('patient_id', '=', patientId)
    .where('hour_ms', '>=', fullFrom)
    .where('hour_ms', '<', fullTo)
    .executeTakeFirstOrThrow();
  const edges = [
    ...(await readVitalRows(trx, patientId, from, Math.min(fullFrom - 1, to))),
    ...(await readVitalRows(trx, patientId, fullTo, to)),
  ];
  return {
    patientId,
    from,
    to,
    fullFrom,
    fullTo,
    rows: Number(counted.rows) + edges.length,
    hours: Number(counted.hours),
    totals: Object.fromEntries(
      VITAL_SERIES.map((c) => [c, Number(counted[c]) + edges.filter((r) => r[c] !== null).length]),
    ) as RangeSurvey['totals'],
    edges,
  };
}

/**
 * A candidate point with its vital set's id as a number. The `vital_sets:<id>` string is set only
 * on used facts (the downsampling keeps those by it) and on the points it returns: building and
 * hashing ~87,000 id strings a year took ~20 ms of a request.
 */
interface Candidate extends SeriesPoint {
  fact: number;
}

const factId = (id: number) => `vital_sets:${id}`;

/**
 * The timeline's vital series and oxygen spans from the rollups. The candidates each series is
 * downsampled from (by the same `downsampleSeries` and budget as the raw path) are: each hour's
 * minimum and maximum (real time, real fact id), every value of the partial hours at the range's
 * ends, and every valid vital set in the range whose fact a grade or alert used (`used`).
 * `total` stays the number of values charted in the range.
 */
export async function rollupVitalsChart(
  trx: Kysely<Database>,
  survey: RangeSurvey,
  budget: number,
  used: ReadonlySet<string>,
): Promise<VitalsChart> {
  const { patientId, from, to, fullFrom, fullTo, edges } = survey;
  const usedRows = await readUsedVitals(trx, patientId, from, to, used);
  const usedIds = new Set(usedRows.map((r) => r.id));
  const point = (t: number, v: number, fact: number): Candidate =>
    usedIds.has(fact) ? { t, v, id: factId(fact), fact } : { t, v, id: undefined, fact };
  const candidates: Candidate[][] = VITAL_SERIES.map(() => []);
  const oxygen: OxygenSpan[] = [];
  const addRows = (rows: readonly VitalRow[]) => {
    for (const r of rows) {
      VITAL_SERIES.forEach((col, i) => {
        const v = r[col];
        if (v === null) return;
        candidates[i]?.push(point(r.taken_at_ms, v, r.id));
      });
      extendOxygen(oxygen, r.taken_at_ms, r.taken_at_ms, r.oxygen_device, r.oxygen_flow_lpm);
    }
  };
  addRows(edges.filter((r) => r.taken_at_ms < fullFrom));
  await addHours(trx, patientId, fullFrom, fullTo, candidates, oxygen, point);
  addRows(edges.filter((r) => r.taken_at_ms >= fullFrom));

  const series = {} as Record<VitalSeriesColumn, Downsampled>;
  VITAL_SERIES.forEach((col, i) => {
    const points = candidates[i] as Candidate[];
    const present = new Set(points.filter((p) => p.id !== undefined).map((p) => p.fact));
    for (const r of usedRows) {
      const v = r[col];
      if (v !== null && !present.has(r.id)) insertInOrder(points, point(r.taken_at_ms, v, r.id));
    }
    const kept = downsampleSeries(points, budget, used).points as Candidate[];
    series[col] = {
      points: kept.map(({ t, v, fact }) => ({ t, v, id: factId(fact) })),
      total: survey.totals[col],
    };
  });
  return { series, oxygen };
}

const SERIES_FIELDS = ['min', 'min_at_ms', 'min_id', 'max', 'max_at_ms', 'max_id'] as const;

/**
 * Appends the rollups of the hours in [fullFrom, fullTo), by time, to each series' candidates
 * (the minimum and the maximum, once if they are the same vital set) and to the oxygen spans.
 * SQLite writes the ~8,800 rows of a year as one JSON array, times relative to their hour:
 * reading them as row objects took ~120 ms, this ~25 ms (building the JSON, then parsing it).
 */
async function addHours(
  trx: Kysely<Database>,
  patientId: number,
  fullFrom: number,
  fullTo: number,
  candidates: Candidate[][],
  oxygen: OxygenSpan[],
  point: (t: number, v: number, fact: number) => Candidate,
): Promise<void> {
  const column = (name: string) =>
    name.endsWith('_at_ms') ? sql`${sql.ref(name)} - hour_ms` : sql.ref(name);
  const columns = [
    'hour_ms',
    ...VITAL_SERIES.flatMap((c) => SERIES_FIELDS.map((f) => `${c}_${f}`)),
    'oxygen_top_device',
    'oxygen_top_flow_lpm',
    'oxygen_first_at_ms',
    'oxygen_last_at_ms',
  ];
  // PostgreSQL's json_agg is null over no rows, and its driver parses json itself.
  const aggregate = isPostgres(trx)
    ? sql<unknown[][] | string | null>`json_agg(json_build_array(${sql.join(columns.map(column))}))`
    : sql<unknown[][] | string | null>`json_group_array(json_array(${sql.join(columns.map(column))}))`;
  const { hours } = await trx
    .selectFrom('vital_rollups')
    .select(aggregate.as('hours'))
    .where('patient_id', '=', patientId)
    .where('hour_ms', '>=', fullFrom)
    .where('hour_ms', '<', fullTo)
    .executeTakeFirstOrThrow();
  const rows = (typeof hours === 'string' ? JSON.parse(hours) : (hours ?? [])) as unknown[][];
  // The primary-key search yields the hours in order; an ORDER BY in the aggregate would sort
  // them again (+7 ms for a year), so the order is checked here instead.
  if (rows.some((row, i) => i > 0 && Number(row[0]) < Number(rows[i - 1]?.[0])))
    rows.sort((a, b) => Number(a[0]) - Number(b[0]));

  const width = SERIES_FIELDS.length;
  const o2 = 1 + VITAL_SERIES.length * width;
  for (const row of rows) {
    const hour = Number(row[0]);
    for (let i = 0, at = 1; i < candidates.length; i++, at += width) {
      const c = candidates[i] as Candidate[];
      const [minV, maxV] = [row[at], row[at + 3]];
      // Both null in an hour without values of this series.
      if (typeof minV !== 'number' || typeof maxV !== 'number') continue;
      const [minId, maxId] = [Number(row[at + 2]), Number(row[at + 5])];
      const min = point(hour + Number(row[at + 1]), minV, minId);
      if (minId === maxId) {
        c.push(min);
        continue;
      }
      const max = point(hour + Number(row[at + 4]), maxV, maxId);
      // In time order, then id order (the raw path's).
      if (min.t < max.t || (min.t === max.t && minId < maxId)) c.push(min, max);
      else c.push(max, min);
    }
    // INTERPRETATION: each hour is drawn as its highest oxygen support, from its first to its last
    // vital set. A year on a chart is several hours per pixel, so a band finer than an hour could
    // not be seen anyway; the hour's highest support keeps every hour on oxygen visible and never
    // hides a step up behind room air.
    const flow = row[o2 + 1];
    const [first, last] = [hour + Number(row[o2 + 2]), hour + Number(row[o2 + 3])];
    extendOxygen(oxygen, first, last, String(row[o2]), typeof flow === 'number' ? flow : null);
  }
}

/** The valid vital sets in [from, to] named by `used` (facts such as `vital_sets:12`). */
async function readUsedVitals(
  trx: Kysely<Database>,
  patientId: number,
  from: number,
  to: number,
  used: ReadonlySet<string>,
): Promise<VitalRow[]> {
  const prefix = 'vital_sets:';
  const ids = [...used].filter((f) => f.startsWith(prefix)).map((f) => Number(f.slice(prefix.length)));
  if (ids.length === 0) return [];
  // CROSS JOIN makes SQLite look each id up by rowid; left to choose, it scans the patient's
  // whole (patient_id, taken_at_ms) range instead (~25 ms for a year). PostgreSQL's unnest is
  // the same list of ids.
  const idList = isPostgres(trx)
    ? sql<{ value: number }>`(select unnest(${ids}::bigint[]) as value)`
    : sql<{ value: number }>`json_each(${JSON.stringify(ids)})`;
  return trx
    .selectFrom(idList.as('used'))
    .crossJoin('vital_sets')
    .select(VITAL_ROW.map((c) => `vital_sets.${c}` as const))
    .whereRef('vital_sets.id', '=', 'used.value')
    .where('vital_sets.patient_id', '=', patientId)
    .where('vital_sets.taken_at_ms', '>=', from)
    .where('vital_sets.taken_at_ms', '<=', to)
    .where(notEnteredInError('vital_sets', 'vital_sets.id'))
    .execute();
}

/** Inserts a point by time then id (the raw path's order), by binary search: used facts are few. */
function insertInOrder(points: Candidate[], p: Candidate): void {
  let [lo, hi] = [0, points.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = points[mid] as Candidate;
    if (m.t < p.t || (m.t === p.t && m.fact < p.fact)) lo = mid + 1;
    else hi = mid;
  }
  points.splice(lo, 0, p);
}

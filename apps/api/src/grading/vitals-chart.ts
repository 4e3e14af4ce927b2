import { downsampleSeries, type SeriesPoint } from '@cellwatch/clinical';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { extendOxygen, type OxygenSpan } from './oxygen-spans.ts';
import {
  readVitalRows,
  rollupVitalsChart,
  surveyVitals,
  VITAL_SERIES,
  type VitalsChart,
} from './vital-rollups.ts';

/**
 * Up to this many vital sets in the range, the chart is built from the raw rows (~4 µs a row end
 * to end, so ~40 ms at most) and keeps sub-hour detail; above it, from the hourly rollups. It is
 * the largest budget a client may ask for, so a history the chart could show whole is never
 * reduced to hours.
 */
export const RAW_VITALS_MAX = 10_000;

/**
 * The vital series and oxygen spans of [from, to]. From the raw rows when the range holds at most
 * `rawMax` valid vital sets, or when it spans fewer whole hours than a quarter of the budget:
 * the downsampling keeps the minimum and maximum of budget/4 time buckets, which are then shorter
 * than an hour, and hourly extremes would show a spike less sharply than the raw rows (at one-minute
 * vitals and the default budget of 2,000: under ~21 days, up to ~30,000 rows, ~120 ms). Otherwise
 * from the hourly rollups (vital-rollups.ts), whose candidates include every hour's extremes, at
 * least as fine as those buckets.
 */
export async function readVitalsChart(
  trx: Kysely<Database>,
  request: VitalsRequest,
  rawMax = RAW_VITALS_MAX,
): Promise<VitalsChart> {
  const { patientId, from, to, budget, used } = request;
  const survey = await surveyVitals(trx, patientId, from, to);
  if (survey.rows <= rawMax || survey.hours * 4 < budget) return rawVitalsChart(trx, request);
  return rollupVitalsChart(trx, survey, budget, used);
}

/** What the timeline asks of the vital series: a patient, a range (inclusive, epoch ms), a budget. */
export interface VitalsRequest {
  patientId: number;
  from: number;
  to: number;
  /** Most points per series. */
  budget: number;
  /** Facts a grade or alert used (`vital_sets:12`): never left out. */
  used: ReadonlySet<string>;
}

/** Every valid vital set of the range, downsampled per series. */
async function rawVitalsChart(
  trx: Kysely<Database>,
  { patientId, from, to, budget, used }: VitalsRequest,
): Promise<VitalsChart> {
  const vitals = await readVitalRows(trx, patientId, from, to);
  const series = Object.fromEntries(
    VITAL_SERIES.map((col) => {
      const points: SeriesPoint[] = [];
      for (const v of vitals) {
        const value = v[col];
        if (value !== null) points.push({ t: v.taken_at_ms, v: value, id: `vital_sets:${v.id}` });
      }
      return [col, downsampleSeries(points, budget, used)];
    }),
  ) as VitalsChart['series'];

  // Oxygen support as spans of unchanged device and flow.
  const oxygen: OxygenSpan[] = [];
  for (const v of vitals)
    extendOxygen(oxygen, v.taken_at_ms, v.taken_at_ms, v.oxygen_device, v.oxygen_flow_lpm);
  return { series, oxygen };
}

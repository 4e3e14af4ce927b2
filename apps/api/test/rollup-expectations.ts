import { assessCrs, type OxygenDevice } from '@cellwatch/clinical';
import { expect } from 'vitest';
import type { TestApi } from './helpers.ts';

/**
 * What the hourly vital rollups (migration 007) must hold, recomputed in plain TypeScript from the
 * valid vital sets, for the rollup tests on either store.
 */
const H = 3_600_000;
const SERIES = ['temperature_c', 'heart_rate', 'systolic', 'mean_arterial', 'spo2'] as const;

export interface Vital {
  id: number;
  taken_at_ms: number;
  temperature_c: number | null;
  heart_rate: number | null;
  systolic: number | null;
  mean_arterial: number | null;
  spo2: number | null;
  oxygen_device: string;
  oxygen_flow_lpm: number | null;
}

/**
 * The oxygen ranking the rollup must follow: the ASTCT hypoxia grade the clinical engine gives
 * the device and flow, with mechanical ventilation above CPAP and BiPAP (all grade 4).
 */
function oxygenRank(device: string, flowLpm: number | null): number {
  if (device === 'mechanical_ventilation') return 5;
  return assessCrs({
    temperatureC: null,
    hypotension: false,
    vasopressors: [],
    oxygen: { device: device as OxygenDevice, ...(flowLpm !== null && { flowLpm }) },
  }).hypoxiaGrade;
}

/** Earlier by (time, id). */
const earlier = (a: Vital, b: Vital) =>
  a.taken_at_ms < b.taken_at_ms || (a.taken_at_ms === b.taken_at_ms && a.id < b.id);

/** What each hour's rollup row must hold, recomputed from the valid vital sets. */
function expectedRollups(patientId: number, valid: Vital[]): Record<string, unknown>[] {
  const hours = new Map<number, Vital[]>();
  for (const v of valid) {
    const hour = v.taken_at_ms - (v.taken_at_ms % H);
    hours.set(hour, [...(hours.get(hour) ?? []), v]);
  }
  return [...hours.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, rows]) => {
      const row: Record<string, unknown> = { patient_id: patientId, hour_ms: hour, n: rows.length };
      for (const col of SERIES) {
        const withValue = rows.filter((r) => r[col] !== null);
        const pick = (better: (a: number, b: number) => boolean) =>
          withValue.reduce<Vital | null>((best, r) => {
            if (!best) return r;
            const [a, b] = [r[col] as number, best[col] as number];
            return better(a, b) || (a === b && earlier(r, best)) ? r : best;
          }, null);
        const [min, max] = [pick((a, b) => a < b), pick((a, b) => a > b)];
        Object.assign(row, {
          [`${col}_n`]: withValue.length,
          [`${col}_min`]: min?.[col] ?? null,
          [`${col}_min_at_ms`]: min?.taken_at_ms ?? null,
          [`${col}_min_id`]: min?.id ?? null,
          [`${col}_max`]: max?.[col] ?? null,
          [`${col}_max_at_ms`]: max?.taken_at_ms ?? null,
          [`${col}_max_id`]: max?.id ?? null,
        });
      }
      // Highest support, then highest flow (not charted lowest), then earliest.
      const top = rows.reduce((best, r) => {
        const [ra, rb] = [
          oxygenRank(r.oxygen_device, r.oxygen_flow_lpm),
          oxygenRank(best.oxygen_device, best.oxygen_flow_lpm),
        ];
        const [fa, fb] = [r.oxygen_flow_lpm ?? -1, best.oxygen_flow_lpm ?? -1];
        return ra > rb || (ra === rb && (fa > fb || (fa === fb && earlier(r, best)))) ? r : best;
      });
      const first = rows.reduce((best, r) => (earlier(r, best) ? r : best));
      const last = rows.reduce((best, r) => (earlier(best, r) ? r : best));
      for (const [name, r] of [
        ['top', top],
        ['first', first],
        ['last', last],
      ] as const) {
        Object.assign(row, {
          [`oxygen_${name}_device`]: r.oxygen_device,
          [`oxygen_${name}_flow_lpm`]: r.oxygen_flow_lpm,
          [`oxygen_${name}_at_ms`]: r.taken_at_ms,
          [`oxygen_${name}_id`]: r.id,
        });
      }
      row.oxygen_top_rank = oxygenRank(top.oxygen_device, top.oxygen_flow_lpm);
      return row;
    });
}

export async function expectRollupsMatch(query: TestApi['query'], patientId: number): Promise<void> {
  const valid = await query<Vital>(
    `select id, taken_at_ms, ${SERIES.join(', ')}, oxygen_device, oxygen_flow_lpm from vital_sets
     where patient_id = ? and id not in (select fact_id from corrections where fact_table = 'vital_sets')`,
    patientId,
  );
  const rollups = await query('select * from vital_rollups where patient_id = ? order by hour_ms', patientId);
  expect(rollups).toEqual(expectedRollups(patientId, valid));
}

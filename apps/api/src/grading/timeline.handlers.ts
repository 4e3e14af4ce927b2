import { downsampleSeries, type SeriesPoint } from '@cellwatch/clinical';
import type { Timeline, TimelineSeries } from '@cellwatch/contracts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { VitalSeriesColumn } from '../db/schema.ts';
import { resourceRouter } from '../http/routes.ts';
import { readPatientRecord } from '../patients/record.ts';
import { patientTimeline } from './timeline.routes.ts';
import { cachedVitalsChart, courseVersion } from './timeline-cache.ts';
import { VITAL_SERIES } from './vital-rollups.ts';
import { readVitalsChart } from './vitals-chart.ts';

const LAB_SERIES = ['crp', 'ferritin', 'il6', 'anc', 'platelets'] as const;
const compact = (s: { points: SeriesPoint[]; total: number }): TimelineSeries => ({
  total: s.total,
  points: s.points.map((p) => [p.t, p.v, p.id ?? null] as const),
});

/**
 * Everything the patient timeline draws, on one time axis, for a range: vital-sign series,
 * oxygen support as spans, CRS/ICANS grade steps, medication markers, vasopressor spans and
 * lab series. Series longer than the chart can show are downsampled here, keeping every
 * extreme and every value a grade or alert used (packages/clinical downsampling.ts).
 * Entered-in-error facts are left out of the chart (the raw tables show them struck through).
 *
 * Long vital histories (a year of one-minute vitals is over 500,000 rows) are charted from hourly
 * rollups instead of the raw rows (`readVitalsChart` below says when). The candidates the
 * downsampling then chooses from are: every hour's minimum and maximum of each series, with
 * their real times and fact ids; every value a grade or alert used; and every vital set of the
 * partial hours at the ends of the range. So every extreme is kept at any resolution coarser
 * than one hour, and `total` is still the number of values charted in the range. Oxygen is
 * drawn as each hour's highest support (vital-rollups.ts).
 */
export const timelineRoutes = resourceRouter().openapi(patientTimeline, async (c) => {
  const { id } = c.req.valid('param');
  const q = c.req.valid('query');
  const body = await readPatientRecord(c, id, 'timeline', async (trx, patient) => {
    const infusionAt = patient.infusion_at ? Date.parse(patient.infusion_at) : null;
    const from = q.from ? Date.parse(q.from) : Number.MIN_SAFE_INTEGER;
    const to = q.to ? Date.parse(q.to) : Number.MAX_SAFE_INTEGER;

    const used = new Set<string>();
    const decisions = await trx
      .selectFrom('grade_changes')
      .select(['syndrome', 'at_ms', 'to_grade', 'fact_ids_json', 'status'])
      .where('patient_id', '=', id)
      .where('status', '!=', 'superseded')
      .orderBy('at_ms')
      .execute();
    const alertFacts = await trx
      .selectFrom('alerts')
      .select('fact_ids_json')
      .where('patient_id', '=', id)
      .execute();
    for (const r of [...decisions, ...alertFacts])
      for (const f of JSON.parse(r.fact_ids_json) as string[]) used.add(f);

    const request = { patientId: id, from, to, budget: q.points, used };
    const version = await courseVersion(trx, id);
    const { chart: vitals, cached } = await cachedVitalsChart(
      c.var.services.db,
      { ...request, version },
      () => readVitalsChart(trx, request),
    );
    c.header('X-Timeline-Cache', cached ? 'hit' : 'miss');
    const vitalSeries = Object.fromEntries(
      VITAL_SERIES.map((col) => [col, compact(vitals.series[col])]),
    ) as Record<VitalSeriesColumn, TimelineSeries>;

    const labs = await trx
      .selectFrom('lab_results')
      .select(['id', 'analyte', 'collected_at_ms', 'value'])
      .where('patient_id', '=', id)
      .where('analyte', 'in', LAB_SERIES)
      .where('collected_at_ms', '>=', from)
      .where('collected_at_ms', '<=', to)
      .where(notEnteredInError('lab_results'))
      .orderBy('collected_at_ms')
      .execute();
    const labSeries = Object.fromEntries(
      LAB_SERIES.map((analyte) => [
        analyte,
        compact(
          downsampleSeries(
            labs
              .filter((l) => l.analyte === analyte)
              .map((l) => ({ t: l.collected_at_ms, v: l.value, id: `lab_results:${l.id}` })),
            q.points,
            used,
          ),
        ),
      ]),
    ) as Timeline['labs'];

    const medications = await trx
      .selectFrom('medication_administrations')
      .select(['id', 'given_at_ms', 'drug', 'category', 'dose', 'dose_unit'])
      .where('patient_id', '=', id)
      .where('given_at_ms', '>=', from)
      .where('given_at_ms', '<=', to)
      .where(notEnteredInError('medication_administrations'))
      .orderBy('given_at_ms')
      .execute();
    const infusions = await trx
      .selectFrom('vasopressor_infusions')
      .leftJoin('vasopressor_stops', (j) =>
        j
          .onRef('vasopressor_stops.infusion_id', '=', 'vasopressor_infusions.id')
          .on(notEnteredInError('vasopressor_stops', 'vasopressor_stops.id')),
      )
      .select([
        'vasopressor_infusions.id',
        'vasopressor_infusions.drug',
        'vasopressor_infusions.started_at_ms',
        'vasopressor_stops.stopped_at_ms',
      ])
      .where('vasopressor_infusions.patient_id', '=', id)
      .where(notEnteredInError('vasopressor_infusions', 'vasopressor_infusions.id'))
      .orderBy('vasopressor_infusions.started_at_ms')
      .execute();

    const steps = (syndrome: 'crs' | 'icans') =>
      decisions
        .filter((d) => d.syndrome === syndrome)
        .map((d) => ({ t: d.at_ms, grade: d.to_grade, status: d.status }));
    return {
      patientId: id,
      infusionAt,
      range: { from: q.from ?? null, to: q.to ?? null },
      budget: q.points,
      vitals: {
        temperatureC: vitalSeries.temperature_c,
        heartRate: vitalSeries.heart_rate,
        systolic: vitalSeries.systolic,
        meanArterial: vitalSeries.mean_arterial,
        spo2: vitalSeries.spo2,
      },
      oxygen: vitals.oxygen,
      grades: { crs: steps('crs'), icans: steps('icans') },
      medications: medications.map((m) => ({
        id: m.id,
        t: m.given_at_ms,
        drug: m.drug,
        category: m.category,
        dose: m.dose,
        unit: m.dose_unit,
      })),
      vasopressors: infusions
        .filter((i) => i.started_at_ms <= to && (i.stopped_at_ms ?? Number.MAX_SAFE_INTEGER) >= from)
        .map((i) => ({ id: i.id, drug: i.drug, from: i.started_at_ms, to: i.stopped_at_ms ?? null })),
      labs: labSeries,
    };
  });
  return c.json(body, 200);
});

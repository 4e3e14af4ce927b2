import { downsampleSeries, type SeriesPoint } from '@cellwatch/clinical';
import { IdParam, TimelineQuery } from '@cellwatch/contracts';
import { Hono } from 'hono';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { AppEnv } from '../http/env.ts';
import { params, query } from '../http/validate.ts';
import { readPatientRecord } from '../patients/record.ts';

const VITAL_SERIES = ['temperature_c', 'heart_rate', 'systolic', 'mean_arterial', 'spo2'] as const;
const LAB_SERIES = ['crp', 'ferritin', 'il6', 'anc', 'platelets'] as const;
const compact = (s: { points: SeriesPoint[]; total: number }) => ({
  total: s.total,
  points: s.points.map((p) => [p.t, p.v, p.id ?? null] as const),
});

/**
 * Everything the patient timeline draws, on one time axis, for a range: vital-sign series,
 * oxygen support as spans, CRS/ICANS grade steps, medication markers, vasopressor spans and
 * lab series. Series longer than the chart can show are downsampled here, keeping every
 * extreme and every value a grade or alert used (packages/clinical downsampling.ts).
 * Entered-in-error facts are left out of the chart (the raw tables show them struck through).
 */
export const timelineRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { id } = params(c, IdParam);
  const q = query(c, TimelineQuery);
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

    const vitals = await trx
      .selectFrom('vital_sets')
      .select(['id', 'taken_at_ms', ...VITAL_SERIES, 'oxygen_device', 'oxygen_flow_lpm'])
      .where('patient_id', '=', id)
      .where('taken_at_ms', '>=', from)
      .where('taken_at_ms', '<=', to)
      .where(notEnteredInError('vital_sets'))
      .orderBy('taken_at_ms')
      .execute();
    const vitalSeries = Object.fromEntries(
      VITAL_SERIES.map((col) => {
        const points: SeriesPoint[] = [];
        for (const v of vitals) {
          const value = v[col];
          if (value !== null) points.push({ t: v.taken_at_ms, v: value, id: `vital_sets:${v.id}` });
        }
        return [col, compact(downsampleSeries(points, q.points, used))];
      }),
    );

    // Oxygen support as spans of unchanged device and flow.
    const oxygen: { from: number; to: number; device: string; flowLpm: number | null }[] = [];
    for (const v of vitals) {
      const last = oxygen[oxygen.length - 1];
      if (last && last.device === v.oxygen_device && last.flowLpm === v.oxygen_flow_lpm)
        last.to = v.taken_at_ms;
      else
        oxygen.push({
          from: v.taken_at_ms,
          to: v.taken_at_ms,
          device: v.oxygen_device,
          flowLpm: v.oxygen_flow_lpm,
        });
    }

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
    );

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
      oxygen,
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

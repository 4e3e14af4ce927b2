import {
  evaluateProphylaxis,
  evaluateRevaccination,
  type HbvCoreAntibody,
  prophylaxisAlerts,
  RULE_VERSION,
} from '@cellwatch/clinical';
import type { IdParam } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { FollowUpOptions } from '../config.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { conflict } from '../http/errors.ts';
import type { CheckedContext } from '../http/routes.ts';
import { activeInfusionEpisodes } from '../infusions/infusion-episodes.ts';
import { readPatientRecord } from '../patients/record.ts';

/** Charting is allowed five minutes ahead of the server clock (as in picture.ts). */
const SKEW_MS = 5 * 60_000;

/** The charted facts behind the prophylaxis and revaccination rules, not entered in error. */
async function readFacts(trx: Kysely<Database>, id: number) {
  const labs = await trx
    .selectFrom('lab_results')
    .select(['id', 'analyte', 'collected_at_ms', 'value'])
    .where('patient_id', '=', id)
    .where('analyte', 'in', ['cd4_absolute', 'anc', 'cd19_absolute', 'cmv_dna'])
    .where(notEnteredInError('lab_results'))
    .orderBy('collected_at_ms')
    .execute();
  const counts = (analyte: string) =>
    labs
      .filter((l) => l.analyte === analyte)
      .map((l) => ({ id: `lab_results:${l.id}`, at: l.collected_at_ms, perUl: l.value }));
  const records = await trx
    .selectFrom('prophylaxis_records')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('prophylaxis_records'))
    .orderBy('started_at_ms')
    .orderBy('id')
    .execute();
  const stops = await trx
    .selectFrom('prophylaxis_stops')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('prophylaxis_stops'))
    .execute();
  const screening = await trx
    .selectFrom('hbv_screenings')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('hbv_screenings'))
    .orderBy('screened_at_ms', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const steroids = await trx
    .selectFrom('medication_administrations')
    .select('given_at_ms')
    .where('patient_id', '=', id)
    .where('category', '=', 'corticosteroid')
    .where(notEnteredInError('medication_administrations'))
    .execute();
  const ivig = await trx
    .selectFrom('ivig_dose_outcomes')
    .select('at_ms')
    .where('patient_id', '=', id)
    .where('outcome', '=', 'given')
    .where(notEnteredInError('ivig_dose_outcomes'))
    .execute();
  const isStops = await trx
    .selectFrom('immunosuppressant_stops')
    .select('stopped_at_ms')
    .where('patient_id', '=', id)
    .where(notEnteredInError('immunosuppressant_stops'))
    .execute();
  const assessment = await trx
    .selectFrom('remission_assessments')
    .select('active_immunosuppressants_json')
    .where('patient_id', '=', id)
    .where(notEnteredInError('remission_assessments'))
    .orderBy('assessed_at_ms', 'desc')
    .executeTakeFirst();
  const vaccines = await trx
    .selectFrom('vaccine_doses')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('vaccine_doses'))
    .orderBy('given_at_ms')
    .execute();
  return { counts, records, stops, screening, steroids, ivig, isStops, assessment, vaccines };
}

/**
 * Lymphodepletion start (a calendar date) as 00:00 UTC of that date; a date after the infusion
 * (a charting slip the patient routes refuse elsewhere) is left out: the antiviral then runs from Day 0.
 */
function lymphodepletionAt(patient: Selectable<PatientsTable>): number | null {
  if (!patient.lymphodepletion_start || !patient.infusion_at) return null;
  const ms = Date.parse(`${patient.lymphodepletion_start}T00:00:00Z`);
  return Number.isFinite(ms) && ms <= Date.parse(patient.infusion_at) ? ms : null;
}

/**
 * A patient's infection prophylaxis and revaccination, computed by packages/clinical
 * (prophylaxis.ts, revaccination.ts) from the charted facts, with the coordinator alerts they raise.
 * Immunosuppression for live vaccines: running while the latest remission assessment lists an
 * active immunosuppressant; otherwise the year runs from the last immunosuppressant stop or the
 * last corticosteroid given, whichever is later.
 */
export async function prophylaxisPicture(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  now: number,
  options: FollowUpOptions = {},
) {
  if (!patient.infusion_at) return null;
  const engineNow = now + SKEW_MS;
  const f = await readFacts(trx, patient.id);
  const stopOf = (recordId: number) => f.stops.find((s) => s.record_id === recordId) ?? null;
  const hbv: HbvCoreAntibody = f.screening?.core_antibody ?? 'not_screened';
  const steroidTimes = f.steroids.map((s) => s.given_at_ms);
  // The clocks run from the latest infusion (a re-treatment repeats lymphodepletion). A
  // lymphodepletion date from before a re-treatment's previous infusion is the first
  // infusion's: it is left out and the antiviral runs from the new Day 0.
  const episodes = await activeInfusionEpisodes(trx, patient.id);
  const previous = episodes.at(-2)?.infused_at_ms ?? Number.NEGATIVE_INFINITY;
  const conditioning = lymphodepletionAt(patient);
  const prophylaxis = evaluateProphylaxis({
    infusionAt: patient.infusion_at,
    lymphodepletionAt: conditioning !== null && conditioning > previous ? conditioning : null,
    records: f.records.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      drug: r.drug,
      startedAt: r.started_at_ms,
      plannedStopAt: r.planned_stop_at_ms,
      stoppedAt: stopOf(r.id)?.stopped_at_ms ?? null,
    })),
    cd4: f.counts('cd4_absolute'),
    anc: f.counts('anc'),
    hbvCoreAntibody: hbv,
    corticosteroidGivenAt: steroidTimes,
    cmvPcr: f.counts('cmv_dna').map((r) => ({ id: r.id, at: r.at, iuPerMl: r.perUl })),
    now: engineNow,
    ...(options.prophylaxis && { protocol: options.prophylaxis }),
  });
  const active = f.assessment ? (JSON.parse(f.assessment.active_immunosuppressants_json) as string[]) : [];
  const lastImmunosuppression = [...f.isStops.map((s) => s.stopped_at_ms), ...steroidTimes];
  const vaccines = evaluateRevaccination({
    infusionAt: patient.infusion_at,
    ivigGivenAt: f.ivig.map((d) => d.at_ms),
    cd4: f.counts('cd4_absolute'),
    cd19: f.counts('cd19_absolute'),
    immunosuppression: {
      ongoing: active.length > 0,
      lastStoppedAt: lastImmunosuppression.length ? Math.max(...lastImmunosuppression) : null,
    },
    doses: f.vaccines.map((v) => ({
      id: String(v.id),
      group: v.vaccine_group,
      vaccine: v.vaccine,
      givenAt: v.given_at_ms,
    })),
    now: engineNow,
    ...(options.revaccination && { protocol: options.revaccination }),
  });
  return {
    ruleVersion: RULE_VERSION,
    prophylaxis,
    vaccines,
    alerts: prophylaxisAlerts(prophylaxis),
    /** The charted records behind the evaluation (ids to stop or mark entered-in-error). */
    records: f.records.map((r) => {
      const stop = stopOf(r.id);
      return {
        id: r.id,
        kind: r.kind,
        drug: r.drug,
        startedAt: r.started_at,
        plannedStopAt: r.planned_stop_at,
        note: r.note,
        stop: stop ? { id: stop.id, stoppedAt: stop.stopped_at, reason: stop.reason } : null,
      };
    }),
    hbvScreening: f.screening
      ? { id: f.screening.id, screenedAt: f.screening.screened_at, coreAntibody: f.screening.core_antibody }
      : null,
    vaccineDoses: f.vaccines.map((v) => ({
      id: v.id,
      group: v.vaccine_group,
      vaccine: v.vaccine,
      givenAt: v.given_at,
      lot: v.lot,
    })),
  };
}
export type ProphylaxisPicture = NonNullable<Awaited<ReturnType<typeof prophylaxisPicture>>>;

/**
 * GET handler of the prophylaxis and vaccine views: the picture read and audited as `entity`, shaped
 * by `shape`; a patient without an infusion date has none (409).
 */
export function pictureHandler<T>(entity: string, shape: (picture: ProphylaxisPicture) => T) {
  return async (c: CheckedContext<{ param: z.output<typeof IdParam> }>) => {
    const { id } = c.req.valid('param');
    const { now, followUp } = c.var.services;
    const picture = await readPatientRecord(c, id, entity, async (trx, patient) => {
      const p = await prophylaxisPicture(trx, patient, now(), followUp);
      if (!p) throw conflict('The patient has no infusion date yet: no prophylaxis or vaccine rules apply.');
      return p;
    });
    return c.json(shape(picture), 200);
  };
}

import { ivigDose, ivigPlanWarning, licatsGrade, planIvigSchedule } from '@cellwatch/clinical';
import type { z } from 'zod';
import type { FactRef } from '../charting/fact-ref.ts';
import { chartFacts, enteredInErrorHandler, impossibleTime, refuseImpossible } from '../charting/facts.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import { conflict, notFound } from '../http/errors.ts';
import { type CheckedContext, resourceRouter } from '../http/routes.ts';
import { PLANNING_HORIZON_MS } from '../patients/patients.ts';
import { readPatientRecord } from '../patients/record.ts';
import {
  type DoseParams,
  followUp,
  infectionEnteredInError,
  ivigDoseCancelled,
  ivigDoseGiven,
  ivigDoseMissed,
  logInfection,
  milestoneVisitEnteredInError,
  planIvigDoses,
  recordImmunosuppressantStop,
  recordLicats,
  recordMilestoneVisit,
  recordRemissionAssessment,
} from './follow-up.routes.ts';
import { followUpPicture } from './picture.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Records what became of a planned IVIG dose (given, missed or cancelled): once per dose. */
async function doseOutcome(
  c: CheckedContext<{ param: z.output<typeof DoseParams> }>,
  outcome: 'given' | 'missed' | 'cancelled',
  fields: { atMs: number; doseG?: number; lot?: string; reason?: string },
) {
  const { id, doseId } = c.req.valid('param');
  const result = await chartFacts(c, id, `ivig_dose_${outcome}`, async (trx, patient, at, user) => {
    const dose = await trx
      .selectFrom('ivig_doses')
      .selectAll()
      .where('id', '=', doseId)
      .where('patient_id', '=', id)
      .executeTakeFirst();
    if (!dose) throw notFound(`IVIG dose ${doseId} of patient ${id}`);
    const existing = await trx
      .selectFrom('ivig_dose_outcomes')
      .select('outcome')
      .where('dose_id', '=', doseId)
      .where(notEnteredInError('ivig_dose_outcomes'))
      .executeTakeFirst();
    if (existing) throw conflict(`This dose is already recorded as ${existing.outcome}.`);
    refuseImpossible([impossibleTime('at', fields.atMs, patient.birth_date, at.getTime())]);
    const row = await trx
      .insertInto('ivig_dose_outcomes')
      .values({
        dose_id: doseId,
        patient_id: id,
        outcome,
        at: iso(fields.atMs),
        at_ms: fields.atMs,
        dose_g: fields.doseG ?? null,
        lot: fields.lot ?? null,
        reason: fields.reason ?? null,
        recorded_by: user.id,
        recorded_at: at.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = {
      id: row.id,
      doseId,
      outcome,
      at: row.at,
      doseG: row.dose_g,
      lot: row.lot,
      reason: row.reason,
    };
    return { result: after, refs: [{ table: 'ivig_dose_outcomes', id: row.id }], entityId: row.id, after };
  });
  return c.json({ outcome: result }, 201);
}

/** Long-term follow-up for the coordinator: the picture, and the facts behind it. */
export const followUpRoutes = resourceRouter()
  .openapi(followUp, async (c) => {
    const { id } = c.req.valid('param');
    const { now, followUp } = c.var.services;
    const picture = await readPatientRecord(c, id, 'follow_up', (trx, patient) =>
      followUpPicture(trx, patient, now(), followUp),
    );
    return c.json(picture, 200);
  })
  .openapi(logInfection, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.onsetAt);
    const infection = await chartFacts(c, id, 'infection', async (trx, patient, at, user) => {
      refuseImpossible([impossibleTime('onsetAt', atMs, patient.birth_date, at.getTime())]);
      const row = await trx
        .insertInto('infections')
        .values({
          patient_id: id,
          onset_at: iso(atMs),
          onset_at_ms: atMs,
          site: body.site,
          organism: body.organism ?? null,
          bacterial: body.bacterial ? 1 : 0,
          ctcae_grade: body.ctcaeGrade,
          hospitalised: body.hospitalised ? 1 : 0,
          note: body.note ?? null,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { result: row, refs: [{ table: 'infections', id: row.id }], entityId: row.id, after: row };
    });
    return c.json({ infection }, 201);
  })
  .openapi(infectionEnteredInError, enteredInErrorHandler('infections', 'infection'))
  .openapi(planIvigDoses, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { followUp } = c.var.services;
    const planned = await chartFacts(c, id, 'ivig_plan', async (trx, patient, at, user) => {
      const firstDueMs = Date.parse(body.firstDueAt);
      refuseImpossible([
        firstDueMs > at.getTime() + PLANNING_HORIZON_MS
          ? { path: 'firstDueAt', message: 'is more than a year ahead' }
          : firstDueMs < Date.parse(`${patient.birth_date}T00:00:00Z`)
            ? { path: 'firstDueAt', message: 'is before the patient was born' }
            : null,
      ]);
      const doseG =
        body.doseG ??
        ivigDose(patient.weight_kg, followUp.vialSizesG ? { vialSizesG: followUp.vialSizesG } : {}).doseG;
      // Planning against an IgG that does not indicate IVIG is the clinician's call: accepted, with
      // the rule's warning shown and recorded on each planned dose (ivig.ts, ivigPlanWarning).
      const { ivig } = await followUpPicture(trx, patient, at.getTime(), followUp);
      const warning = ivigPlanWarning(ivig);
      const schedule = planIvigSchedule({
        firstDueAt: firstDueMs,
        count: body.count,
        ...(body.intervalWeeks && { intervalWeeks: body.intervalWeeks }),
      });
      const refs: FactRef[] = [];
      const rows = [];
      for (const s of schedule) {
        const row = await trx
          .insertInto('ivig_doses')
          .values({
            patient_id: id,
            due_at: iso(s.dueAt),
            due_at_ms: s.dueAt,
            planned_dose_g: doseG,
            plan_warning: warning?.message ?? null,
            recorded_by: user.id,
            recorded_at: at.toISOString(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        refs.push({ table: 'ivig_doses', id: row.id });
        rows.push({
          id: row.id,
          dueAt: row.due_at,
          plannedDoseG: row.planned_dose_g,
          planWarning: row.plan_warning,
        });
      }
      return {
        result: { rows, warning },
        refs,
        entityId: rows.map((r) => r.id).join(','),
        after: { doses: rows, warning, ivigStatus: ivig.status, reasons: ivig.reasons },
      };
    });
    return c.json({ doses: planned.rows, warning: planned.warning }, 201);
  })
  .openapi(ivigDoseGiven, async (c) => {
    const body = c.req.valid('json');
    return doseOutcome(c, 'given', { atMs: Date.parse(body.givenAt), doseG: body.doseG, lot: body.lot });
  })
  .openapi(ivigDoseMissed, async (c) => {
    const body = c.req.valid('json');
    return doseOutcome(c, 'missed', {
      atMs: Date.parse(body.at),
      ...(body.reason && { reason: body.reason }),
    });
  })
  .openapi(ivigDoseCancelled, async (c) => {
    const body = c.req.valid('json');
    return doseOutcome(c, 'cancelled', { atMs: c.var.services.now(), reason: body.reason });
  })
  .openapi(recordImmunosuppressantStop, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.stoppedAt);
    const stop = await chartFacts(c, id, 'immunosuppressant_stop', async (trx, patient, at, user) => {
      refuseImpossible([impossibleTime('stoppedAt', atMs, patient.birth_date, at.getTime())]);
      const row = await trx
        .insertInto('immunosuppressant_stops')
        .values({
          patient_id: id,
          drug: body.drug,
          stopped_at: iso(atMs),
          stopped_at_ms: atMs,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        result: row,
        refs: [{ table: 'immunosuppressant_stops', id: row.id }],
        entityId: row.id,
        after: row,
      };
    });
    return c.json({ stop }, 201);
  })
  .openapi(recordRemissionAssessment, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.assessedAt);
    const assessment = await chartFacts(c, id, 'remission_assessment', async (trx, patient, at, user) => {
      refuseImpossible([impossibleTime('assessedAt', atMs, patient.birth_date, at.getTime())]);
      const row = await trx
        .insertInto('remission_assessments')
        .values({
          patient_id: id,
          assessed_at: iso(atMs),
          assessed_at_ms: atMs,
          in_remission: body.inRemission ? 1 : 0,
          active_immunosuppressants_json: JSON.stringify(body.activeImmunosuppressants),
          note: body.note ?? null,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        result: row,
        refs: [{ table: 'remission_assessments', id: row.id }],
        entityId: row.id,
        after: row,
      };
    });
    return c.json({ assessment }, 201);
  })
  .openapi(recordLicats, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.onsetAt);
    // Hagen, Lancet Rheumatol 2025: the grade follows from treatment and setting of care.
    const grading = licatsGrade({
      resolvedWithoutTreatment: body.resolvedWithoutTreatment,
      glucocorticoidsDays: body.glucocorticoidDays,
      innerOrgan: body.innerOrgan,
      prolongedOrNewHospitalisation: body.prolongedOrNewHospitalisation,
      icu: body.icu,
    });
    const event = await chartFacts(c, id, 'licats_event', async (trx, patient, at, user) => {
      refuseImpossible([
        impossibleTime('onsetAt', atMs, patient.birth_date, at.getTime()),
        body.resolvedAt && Date.parse(body.resolvedAt) < atMs
          ? { path: 'resolvedAt', message: 'is before the onset' }
          : null,
      ]);
      const row = await trx
        .insertInto('licats_events')
        .values({
          patient_id: id,
          organ: body.organ,
          onset_at: iso(atMs),
          onset_at_ms: atMs,
          resolved_at: body.resolvedAt ? iso(Date.parse(body.resolvedAt)) : null,
          resolved_without_treatment: body.resolvedWithoutTreatment ? 1 : 0,
          glucocorticoid_days: body.glucocorticoidDays,
          inner_organ: body.innerOrgan ? 1 : 0,
          prolonged_or_new_hospitalisation: body.prolongedOrNewHospitalisation ? 1 : 0,
          icu: body.icu ? 1 : 0,
          treatment: body.treatment ?? null,
          grade: grading.grade,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = { ...row, reasons: grading.reasons, source: grading.source };
      return { result: after, refs: [{ table: 'licats_events', id: row.id }], entityId: row.id, after };
    });
    return c.json({ event }, 201);
  })
  .openapi(recordMilestoneVisit, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const atMs = Date.parse(body.completedAt);
    const visit = await chartFacts(c, id, 'milestone_visit', async (trx, patient, at, user) => {
      const infusionMs = patient.infusion_at ? Date.parse(patient.infusion_at) : null;
      refuseImpossible([
        impossibleTime('completedAt', atMs, patient.birth_date, at.getTime()),
        infusionMs === null
          ? { path: 'milestone', message: 'the patient has no infusion date: no follow-up visits yet' }
          : atMs < infusionMs
            ? { path: 'completedAt', message: 'is before the infusion' }
            : null,
      ]);
      const existing = await trx
        .selectFrom('milestone_visits')
        .select(['id', 'completed_at'])
        .where('patient_id', '=', id)
        .where('milestone', '=', body.milestone)
        .where(notEnteredInError('milestone_visits'))
        .executeTakeFirst();
      if (existing) {
        throw conflict(
          `This visit is already recorded as done (${existing.completed_at}); mark that entered-in-error first.`,
        );
      }
      const row = await trx
        .insertInto('milestone_visits')
        .values({
          patient_id: id,
          milestone: body.milestone,
          completed_at: iso(atMs),
          completed_at_ms: atMs,
          note: body.note ?? null,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { result: row, refs: [{ table: 'milestone_visits', id: row.id }], entityId: row.id, after: row };
    });
    return c.json({ visit }, 201);
  })
  .openapi(
    milestoneVisitEnteredInError,
    enteredInErrorHandler('milestone_visits', 'completed follow-up visit'),
  );

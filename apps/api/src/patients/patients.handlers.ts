import { ACTIVE_STATUSES } from '@cellwatch/contracts';
import { sql } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import { auditedList } from '../audit/audited-read.ts';
import { currentUser } from '../auth/current-user.ts';
import { isPostgres } from '../db/postgres.ts';
import { clinicallyImpossible, conflict } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { chartInfusionEpisode } from '../infusions/infusion-episodes.ts';
import { redateFirstInfusion } from '../infusions/redate-first-infusion.ts';
import { enrolPatient, getPatient, listPatients, updatePatient } from './patients.routes.ts';
import { impossiblePatientValues, toPatient } from './patients.ts';
import { readPatientRecord, writePatientRecord } from './record.ts';

const toUtc = (instant: string | null | undefined) =>
  instant == null ? instant : new Date(Date.parse(instant)).toISOString();

/** Patients: enrol, list, read, update demographics and course dates. Never deleted. */
export const patientRoutes = resourceRouter()
  .openapi(listPatients, async (c) => {
    const q = c.req.valid('query');
    const rows = await auditedList(c, 'patient', q, (trx) => {
      let sel = trx.selectFrom('patients').selectAll().orderBy('family_name').orderBy('given_name');
      if (q.status) sel = sel.where('status', '=', q.status);
      if (q.active === 'true') sel = sel.where('status', 'in', ACTIVE_STATUSES);
      if (q.active === 'false') sel = sel.where('status', 'not in', ACTIVE_STATUSES);
      if (q.product) sel = sel.where('product', '=', q.product);
      if (q.diagnosis) sel = sel.where('diagnosis', '=', q.diagnosis);
      if (q.q) {
        // Search text is matched literally: LIKE wildcards in it are escaped.
        // Case-insensitive in both stores: SQLite's LIKE is, PostgreSQL's ILIKE is.
        const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        const op = sql.raw(isPostgres(trx) ? 'ilike' : 'like');
        sel = sel.where(
          sql<boolean>`(mrn ${op} ${like} escape '\\' or family_name ${op} ${like} escape '\\' or given_name ${op} ${like} escape '\\')`,
        );
      }
      return sel.execute();
    });
    return c.json({ patients: rows.map(toPatient) }, 200);
  })
  .openapi(enrolPatient, async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.services;
    const impossible = impossiblePatientValues(body, now());
    if (impossible.length) throw clinicallyImpossible(impossible);
    const actor = currentUser(c);
    const patient = await db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('patients')
        .select('id')
        .where('mrn', '=', body.mrn)
        .executeTakeFirst();
      if (clash) throw conflict(`A patient with MRN ${body.mrn} is already enrolled.`);
      const at = new Date(now()).toISOString();
      const row = await trx
        .insertInto('patients')
        .values({
          mrn: body.mrn,
          given_name: body.givenName,
          family_name: body.familyName,
          birth_date: body.birthDate,
          sex: body.sex,
          weight_kg: body.weightKg,
          diagnosis: body.diagnosis,
          autoantibody: body.autoantibody ?? null,
          product: body.product,
          trial_id: body.trialId ?? null,
          lymphodepletion_start: body.lymphodepletionStart ?? null,
          infusion_at: toUtc(body.infusionAt) ?? null,
          status: body.status,
          is_demo: 0,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (row.infusion_at) {
        const first = {
          number: 1,
          product: row.product,
          infusedAt: row.infusion_at,
          reason: 'first_infusion' as const,
        };
        await chartInfusionEpisode(trx, row.id, { ...first, note: null }, actor.id, new Date(at));
      }
      const patient = toPatient(row);
      await appendAudit(
        trx,
        { actor, action: 'create', entity: 'patient', entityId: row.id, patientId: row.id, after: patient },
        new Date(now()),
      );
      return patient;
    });
    c.var.services.events.publish([{ type: 'patient_changed', patientId: patient.id, data: { patient } }]);
    return c.json({ patient }, 201);
  })
  .openapi(getPatient, async (c) => {
    const { id } = c.req.valid('param');
    const patient = await readPatientRecord(c, id, 'patient', async (_trx, row) => toPatient(row));
    return c.json({ patient }, 200);
  })
  .openapi(updatePatient, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const user = currentUser(c);
    const patient = await writePatientRecord(c, id, async (trx, before, at) => {
      const merged = {
        birthDate: body.birthDate ?? before.birth_date,
        weightKg: body.weightKg,
        infusionAt: body.infusionAt === undefined ? before.infusion_at : body.infusionAt,
        lymphodepletionStart:
          body.lymphodepletionStart === undefined ? before.lymphodepletion_start : body.lymphodepletionStart,
      };
      const impossible = impossiblePatientValues(merged, at.getTime());
      if (impossible.length) throw clinicallyImpossible(impossible);
      const row = await trx
        .updateTable('patients')
        .set({
          ...(body.givenName !== undefined && { given_name: body.givenName }),
          ...(body.familyName !== undefined && { family_name: body.familyName }),
          ...(body.birthDate !== undefined && { birth_date: body.birthDate }),
          ...(body.sex !== undefined && { sex: body.sex }),
          ...(body.weightKg !== undefined && { weight_kg: body.weightKg }),
          ...(body.diagnosis !== undefined && { diagnosis: body.diagnosis }),
          ...(body.autoantibody !== undefined && { autoantibody: body.autoantibody }),
          ...(body.product !== undefined && { product: body.product }),
          ...(body.trialId !== undefined && { trial_id: body.trialId }),
          ...(body.lymphodepletionStart !== undefined && {
            lymphodepletion_start: body.lymphodepletionStart,
          }),
          ...(body.infusionAt !== undefined && { infusion_at: toUtc(body.infusionAt) }),
          ...(body.status !== undefined && { status: body.status }),
          updated_at: at.toISOString(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (row.infusion_at !== before.infusion_at || row.product !== before.product) {
        await redateFirstInfusion(trx, row, user.id, at);
      }
      const after = toPatient(row);
      // Day 0 or the age changed: every grade is recomputed from the charted facts.
      const regraded =
        row.infusion_at !== before.infusion_at || row.birth_date !== before.birth_date
          ? await c.var.services.regrader.afterChange(trx, id, { kind: 'added', refs: [] }, at)
          : [];
      return {
        result: after,
        audit: [{ action: 'update', entity: 'patient', entityId: id, before: toPatient(before), after }],
        events: [{ type: 'patient_changed', patientId: id, data: { patient: after } }, ...regraded],
      };
    });
    return c.json({ patient }, 200);
  });

import type { InfusionEpisode } from '@cellwatch/contracts';
import type { Kysely } from 'kysely';
import { currentUser } from '../auth/current-user.ts';
import { correctionsOf, factMeta, recorderIds, refuseImpossible, userNames } from '../charting/facts.ts';
import type { Database } from '../db/schema.ts';
import { conflict } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { PLANNING_HORIZON_MS, toPatient } from '../patients/patients.ts';
import { readPatientRecord, writePatientRecord } from '../patients/record.ts';
import {
  activeInfusionEpisodes,
  chartInfusionEpisode,
  type InfusionEpisodeRow,
} from './infusion-episodes.ts';
import { listInfusions, recordInfusion } from './infusions.routes.ts';

/** Every infusion episode of a patient, entered-in-error ones included, read back with its marks. */
async function infusionEpisodeViews(trx: Kysely<Database>, patientId: number): Promise<InfusionEpisode[]> {
  const rows = await trx
    .selectFrom('infusion_episodes')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('infused_at_ms')
    .orderBy('id')
    .execute();
  const corrections = await correctionsOf(trx, 'infusion_episodes', patientId);
  const names = await userNames(trx, recorderIds(rows, corrections));
  return rows.map((row) => infusionView(row, factMeta(row, corrections, names)));
}

function infusionView(row: InfusionEpisodeRow, meta: ReturnType<typeof factMeta>): InfusionEpisode {
  return {
    ...meta,
    number: row.number,
    product: row.product as InfusionEpisode['product'],
    infusedAt: row.infused_at,
    reason: row.reason,
    note: row.note,
  };
}

/**
 * Infusion episodes: the first comes with the patient record's Day 0 (enrolment or PATCH); a
 * re-treatment is recorded here as a new episode with its own Day 0, which becomes the
 * patient's current Day 0 (patients.infusion_at) in the same transaction, regraded and audited.
 */
export const infusionRoutes = resourceRouter()
  .openapi(listInfusions, async (c) => {
    const { id } = c.req.valid('param');
    const infusions = await readPatientRecord(c, id, 'infusion_episode', (trx) =>
      infusionEpisodeViews(trx, id),
    );
    return c.json({ infusions }, 200);
  })
  .openapi(recordInfusion, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const user = currentUser(c);
    const infusion = await writePatientRecord(c, id, async (trx, patient, at) => {
      const episodes = await activeInfusionEpisodes(trx, id);
      const previousMs =
        episodes.at(-1)?.infused_at_ms ?? (patient.infusion_at ? Date.parse(patient.infusion_at) : null);
      if (previousMs === null) {
        throw conflict('This patient has no first infusion yet: set Day 0 on the patient record.');
      }
      if (previousMs > at.getTime()) {
        throw conflict('The previous infusion is still planned: a re-treatment follows a given infusion.');
      }
      const infusedMs = Date.parse(body.infusedAt);
      refuseImpossible([
        infusedMs <= previousMs
          ? {
              path: 'infusedAt',
              message: `is not after the previous infusion (${new Date(previousMs).toISOString()})`,
            }
          : null,
        body.lymphodepletionStart !== undefined &&
        (Date.parse(`${body.lymphodepletionStart}T00:00:00Z`) <= previousMs ||
          Date.parse(`${body.lymphodepletionStart}T00:00:00Z`) > infusedMs)
          ? { path: 'lymphodepletionStart', message: 'is not between the previous infusion and this one' }
          : null,
        infusedMs > at.getTime() + PLANNING_HORIZON_MS
          ? { path: 'infusedAt', message: 'is more than a year ahead' }
          : null,
      ]);
      const row = await chartInfusionEpisode(
        trx,
        id,
        {
          number: Math.max(episodes.length, 1) + 1,
          product: body.product,
          infusedAt: body.infusedAt,
          reason: body.reason,
          note: body.note ?? null,
        },
        user.id,
        at,
      );
      if (body.lymphodepletionStart !== undefined) {
        // A re-treatment repeats lymphodepletion: the record's date becomes this infusion's.
        await trx
          .updateTable('patients')
          .set({ lymphodepletion_start: body.lymphodepletionStart })
          .where('id', '=', id)
          .execute();
      }
      const view = (await infusionEpisodeViews(trx, id)).find((e) => e.id === row.id) as InfusionEpisode;
      const regraded = await c.var.services.regrader.afterChange(
        trx,
        id,
        { kind: 'added', refs: [{ table: 'infusion_episodes', id: row.id }] },
        at,
      );
      const after = toPatient(
        await trx.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      );
      return {
        result: view,
        audit: [{ action: 'create', entity: 'infusion_episode', entityId: row.id, after: view }],
        events: [
          { type: 'fact_charted', patientId: id, data: { kind: 'infusion_episode', id: row.id } },
          { type: 'patient_changed', patientId: id, data: { patient: after } },
          ...regraded,
        ],
      };
    });
    return c.json({ infusion }, 201);
  });

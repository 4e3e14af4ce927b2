import type { Kysely, Selectable } from 'kysely';
import type { Database, PatientsTable } from '../db/schema.ts';
import { conflict } from '../http/errors.ts';
import { activeInfusionEpisodes, chartInfusionEpisode } from './infusion-episodes.ts';

/**
 * The patient record's Day 0 or product was changed (PATCH /api/patients/:id: an infusion
 * planned, moved or corrected before any re-treatment). The first infusion episode follows it,
 * in the same transaction: the old episode is marked entered-in-error (facts never change) and
 * the new one charted. With re-treatments recorded, Day 0 belongs to the infusion episodes and
 * is refused here (409): the wrong episode is corrected there.
 */
export async function redateFirstInfusion(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  userId: number,
  at: Date,
): Promise<void> {
  const episodes = await activeInfusionEpisodes(trx, patient.id);
  if (episodes.length > 1) {
    if (episodes.at(-1)?.infused_at === patient.infusion_at) return; // only the product changed
    throw conflict(
      'This patient has re-treatments: change Day 0 by correcting the infusion episode (/infusions).',
    );
  }
  const [first] = episodes;
  if (first) {
    await trx
      .insertInto('corrections')
      .values({
        fact_table: 'infusion_episodes',
        fact_id: first.id,
        patient_id: patient.id,
        reason: 'Day 0 or product changed on the patient record',
        recorded_by: userId,
        recorded_at: at.toISOString(),
      })
      .execute();
  }
  if (patient.infusion_at) {
    await chartInfusionEpisode(
      trx,
      patient.id,
      {
        number: 1,
        product: patient.product,
        infusedAt: patient.infusion_at,
        reason: 'first_infusion',
        note: null,
      },
      userId,
      at,
    );
  }
}

import type { Kysely, Selectable } from 'kysely';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, InfusionEpisodesTable, PatientsTable } from '../db/schema.ts';
import type { InfusionReason } from '../db/schema-infusions.ts';

export type InfusionEpisodeRow = Selectable<InfusionEpisodesTable>;

/** A patient's infusion episodes not entered in error, in order of infusion. */
const activeEpisodes = (db: Kysely<Database>, patientId: number) =>
  db
    .selectFrom('infusion_episodes')
    .where('patient_id', '=', patientId)
    .where(notEnteredInError('infusion_episodes'))
    .orderBy('infused_at_ms')
    .orderBy('id');

/**
 * A patient's infusion episodes not entered in error, first infusion first. They are the one
 * source of truth of Day 0: patients.infusion_at is derived from them (`syncCurrentDayZero`).
 */
export function activeInfusionEpisodes(
  db: Kysely<Database>,
  patientId: number,
): Promise<InfusionEpisodeRow[]> {
  return activeEpisodes(db, patientId).selectAll().execute();
}

/**
 * The Day 0 the CRS/ICANS course is graded from: the first infusion, so that one course over
 * time holds every infusion episode's toxicity (grouped per episode in the toxicity view). A
 * patient row written without an episode (older test fixtures) falls back to its infusion_at;
 * with one infusion both are the same instant.
 */
export async function courseDayZero(
  db: Kysely<Database>,
  patient: Selectable<PatientsTable>,
): Promise<string | null> {
  if (!patient.infusion_at) return null;
  const first = await activeEpisodes(db, patient.id).select('infused_at').limit(1).executeTakeFirst();
  return first?.infused_at ?? patient.infusion_at;
}

export interface NewInfusion {
  number: number;
  product: string;
  infusedAt: string;
  reason: InfusionReason;
  note: string | null;
}

/**
 * Charts an infusion episode and brings patients.infusion_at (the current Day 0: the latest
 * episode) in line, in the caller's transaction, so the two are never seen apart.
 */
export async function chartInfusionEpisode(
  trx: Kysely<Database>,
  patientId: number,
  infusion: NewInfusion,
  recordedBy: number,
  at: Date,
): Promise<InfusionEpisodeRow> {
  const ms = Date.parse(infusion.infusedAt);
  const row = await trx
    .insertInto('infusion_episodes')
    .values({
      patient_id: patientId,
      number: infusion.number,
      product: infusion.product,
      infused_at: new Date(ms).toISOString(),
      infused_at_ms: ms,
      reason: infusion.reason,
      note: infusion.note,
      recorded_by: recordedBy,
      recorded_at: at.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncCurrentDayZero(trx, patientId, at);
  return row;
}

/** patients.infusion_at := the latest active episode's Day 0 (null without one). */
export async function syncCurrentDayZero(trx: Kysely<Database>, patientId: number, at: Date): Promise<void> {
  const episodes = await activeInfusionEpisodes(trx, patientId);
  const latest = episodes.at(-1)?.infused_at ?? null;
  const patient = await trx
    .selectFrom('patients')
    .select('infusion_at')
    .where('id', '=', patientId)
    .executeTakeFirstOrThrow();
  if (patient.infusion_at === latest) return;
  await trx
    .updateTable('patients')
    .set({ infusion_at: latest, updated_at: at.toISOString() })
    .where('id', '=', patientId)
    .execute();
}

import type { Patient } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PatientsTable } from '../db/schema.ts';
import { type FieldError, notFound } from '../http/errors.ts';

export function toPatient(row: Selectable<PatientsTable>): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    sex: row.sex as Patient['sex'],
    weightKg: row.weight_kg,
    diagnosis: row.diagnosis as Patient['diagnosis'],
    autoantibody: row.autoantibody,
    product: row.product as Patient['product'],
    trialId: row.trial_id,
    lymphodepletionStart: row.lymphodepletion_start,
    infusionAt: row.infusion_at,
    status: row.status as Patient['status'],
    isDemo: row.is_demo === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findPatientRow(db: Kysely<Database>, id: number): Promise<Selectable<PatientsTable>> {
  const row = await db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Patient');
  return row;
}

/** Age in whole years on a date (UTC calendar), for the paediatric ICANS rules. */
export function ageInYears(birthDate: string, at: number): number {
  const birth = new Date(`${birthDate}T00:00:00Z`);
  const now = new Date(at);
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < birth.getUTCMonth() ||
    (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

/** How far ahead an infusion or lymphodepletion may be planned. */
export const PLANNING_HORIZON_MS = 366 * 24 * 3_600_000;

/**
 * What no real patient record can hold: refused with 422. Weight is in kg: 0.5 kg to 400 kg
 * covers neonates to the heaviest adults; outside it is a unit or typing error.
 */
export function impossiblePatientValues(
  p: {
    birthDate?: string;
    weightKg?: number;
    infusionAt?: string | null;
    lymphodepletionStart?: string | null;
  },
  now: number,
): FieldError[] {
  const errors: FieldError[] = [];
  if (p.weightKg !== undefined && (p.weightKg < 0.5 || p.weightKg > 400)) {
    errors.push({ path: 'weightKg', message: `${p.weightKg} kg is outside 0.5–400 kg` });
  }
  const birth = p.birthDate ? Date.parse(`${p.birthDate}T00:00:00Z`) : undefined;
  if (birth !== undefined) {
    if (birth > now) errors.push({ path: 'birthDate', message: 'the birth date is in the future' });
    if (birth < Date.parse('1900-01-01T00:00:00Z'))
      errors.push({ path: 'birthDate', message: 'the birth date is before 1900' });
  }
  // A planned infusion is booked weeks ahead (manufacturing takes 2–6 weeks); more than a year
  // ahead is a typing error, and Day numbers and ages computed from it would be nonsense.
  const latestPlanned = now + PLANNING_HORIZON_MS;
  if (p.infusionAt && Date.parse(p.infusionAt) > latestPlanned) {
    errors.push({ path: 'infusionAt', message: 'the infusion is more than a year ahead' });
  }
  if (p.lymphodepletionStart && Date.parse(`${p.lymphodepletionStart}T00:00:00Z`) > latestPlanned) {
    errors.push({ path: 'lymphodepletionStart', message: 'lymphodepletion is more than a year ahead' });
  }
  if (p.infusionAt && birth !== undefined && Date.parse(p.infusionAt) < birth) {
    errors.push({ path: 'infusionAt', message: 'the infusion is before the birth date' });
  }
  if (
    p.lymphodepletionStart &&
    birth !== undefined &&
    Date.parse(`${p.lymphodepletionStart}T00:00:00Z`) < birth
  ) {
    errors.push({ path: 'lymphodepletionStart', message: 'lymphodepletion is before the birth date' });
  }
  return errors;
}

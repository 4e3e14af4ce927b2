import {
  checkTocilizumab,
  DRUGS,
  type DrugName,
  TOCILIZUMAB_MAX_MG,
  type TocilizumabCheck,
} from '@cellwatch/clinical';
import type { MedicationAdministration } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import { currentUser } from '../auth/current-user.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, MedicationAdministrationsTable, PatientsTable } from '../db/schema.ts';
import { ApiError, aboveDoseCap } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { readPatientRecord } from '../patients/record.ts';
import {
  type CorrectionRow,
  chartFacts,
  enteredInErrorHandler,
  factMeta,
  impossibleTime,
  listFactsHandler,
  refuseImpossible,
  type UserNames,
} from './facts.ts';
import {
  chartMedication,
  checkTocilizumabDose,
  listMedications,
  medicationEnteredInError,
} from './medications.routes.ts';

function toMedication(
  row: Selectable<MedicationAdministrationsTable>,
  corrections: Map<number, CorrectionRow>,
  names: UserNames,
): MedicationAdministration {
  return {
    ...factMeta(row, corrections, names),
    givenAt: row.given_at,
    drug: row.drug as MedicationAdministration['drug'],
    category: row.category,
    dose: row.dose ?? 0,
    doseUnit: row.dose_unit ?? '',
    route: row.route,
    lot: row.lot,
    overrideReason: row.override_reason,
    note: row.note,
  };
}

/** The tocilizumab rules for a proposed dose, against the patient's valid prior doses. */
async function tocilizumabCheck(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  at: number,
  mg: number,
): Promise<TocilizumabCheck> {
  const prior = await trx
    .selectFrom('medication_administrations')
    .select(['given_at_ms', 'dose'])
    .where('patient_id', '=', patient.id)
    .where('drug', '=', 'tocilizumab')
    .where(notEnteredInError('medication_administrations'))
    .execute();
  return checkTocilizumab({
    weightKg: patient.weight_kg,
    priorDoses: prior.map((d) => ({ at: d.given_at_ms, mg: d.dose ?? 0 })),
    proposed: { at, mg },
  });
}

/**
 * Medication administrations. Tocilizumab goes through the engine's checks: over the 800 mg cap
 * is refused; past the count limits (3 in 24 h, 4 in total) or above the weight-based dose it
 * needs a hematologist's override with a reason.
 */
export const medicationRoutes = resourceRouter()
  .openapi(
    listMedications,
    listFactsHandler({
      table: 'medication_administrations',
      timeColumn: 'given_at_ms',
      key: 'medications',
      toDto: toMedication,
    }),
  )
  .openapi(checkTocilizumabDose, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const { now } = c.var.services;
    const check = await readPatientRecord(c, id, 'tocilizumab_check', async (trx, patient) => {
      const at = q.at ? Date.parse(q.at) : now();
      // Without a proposed dose, check the weight-based dose itself.
      const probe = await tocilizumabCheck(trx, patient, at, Math.min(patient.weight_kg * 8, 800));
      return q.dose === undefined ? probe : tocilizumabCheck(trx, patient, at, q.dose);
    });
    return c.json({ check }, 200);
  })
  .openapi(chartMedication, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const user = currentUser(c);
    const drug = DRUGS[body.drug as DrugName];
    const atMs = Date.parse(body.givenAt);
    const medication = await chartFacts(c, id, 'medication_administration', async (trx, patient, at) => {
      refuseImpossible([
        impossibleTime('givenAt', atMs, patient.birth_date, at.getTime()),
        body.drug !== 'tocilizumab' && body.dose > drug.maxSingleDose
          ? {
              path: 'dose',
              message: `${body.dose} ${drug.doseUnit} of ${drug.label} is above any single dose (${drug.maxSingleDose} ${drug.doseUnit})`,
            }
          : null,
      ]);
      let check: TocilizumabCheck | null = null;
      if (body.drug === 'tocilizumab') {
        check = await tocilizumabCheck(trx, patient, atMs, body.dose);
        if (check.status === 'refused') {
          // The only refusal of the check is the cap per dose (TOCILIZUMAB_MAX_MG, 800 mg).
          throw aboveDoseCap(
            `${body.dose} mg of tocilizumab is above the ${TOCILIZUMAB_MAX_MG} mg cap per dose.`,
            [{ path: 'dose', message: check.reasons.filter((r) => r.includes('refused')).join('; ') }],
          );
        }
        if (check.status === 'needs_hematologist_override') {
          if (user.role !== 'hematologist' || !body.overrideReason) {
            throw new ApiError(
              409,
              'override_required',
              "This tocilizumab dose needs a hematologist's override with a reason.",
              check.reasons
                .filter((r) => r.includes('override'))
                .map((message) => ({ path: 'dose', message })),
            );
          }
        }
      }
      if (body.overrideReason && (body.drug !== 'tocilizumab' || check?.status === 'allowed')) {
        throw new ApiError(
          400,
          'validation_failed',
          'An override reason is only for a tocilizumab dose that needs one.',
          [{ path: 'overrideReason', message: 'no override is needed' }],
        );
      }
      const row = await trx
        .insertInto('medication_administrations')
        .values({
          patient_id: id,
          given_at: new Date(atMs).toISOString(),
          given_at_ms: atMs,
          drug: body.drug,
          category: drug.category,
          dose: body.dose,
          dose_unit: drug.doseUnit,
          route: body.route ?? null,
          lot: body.lot ?? null,
          override_reason: body.overrideReason ?? null,
          note: body.note ?? null,
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const medication = {
        ...toMedication(row, new Map(), { get: () => user.displayName }),
        tocilizumabCheck: check,
      };
      return {
        result: medication,
        refs: [{ table: 'medication_administrations', id: row.id }],
        entityId: row.id,
        after: medication,
      };
    });
    return c.json({ medication }, 201);
  })
  .openapi(
    medicationEnteredInError,
    enteredInErrorHandler('medication_administrations', 'medication_administration'),
  );

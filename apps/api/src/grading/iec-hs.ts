import {
  type Course,
  crsImprovements,
  IEC_HS_ANALYTES,
  type IecHsAnalyte,
  type IecHsSignal,
  iecHsSignal,
} from '@cellwatch/clinical';
import type { Kysely, Selectable } from 'kysely';
import { engineFactId } from '../charting/fact-ref.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';

/**
 * The IEC-HS watch signal of one patient now (packages/clinical iec-hs.ts): the valid ferritin,
 * fibrinogen, LDH, ALT, AST and blood counts, and when the course's CRS episodes first improved.
 * Null before the infusion (no course).
 */
export async function patientIecHs(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  course: Course | null,
): Promise<IecHsSignal | null> {
  if (!course || !patient.infusion_at) return null;
  const rows = await trx
    .selectFrom('lab_results')
    .select(['id', 'analyte', 'value', 'collected_at_ms'])
    .where('patient_id', '=', patient.id)
    .where('analyte', 'in', IEC_HS_ANALYTES)
    .where(notEnteredInError('lab_results'))
    .orderBy('collected_at_ms')
    .orderBy('id')
    .execute();
  const result = course.result();
  return iecHsSignal({
    infusionAt: Date.parse(patient.infusion_at),
    crsImprovements: crsImprovements(result.points, result.crsEpisodes),
    labs: rows.map((r) => ({
      id: engineFactId({ table: 'lab_results', id: r.id }),
      at: r.collected_at_ms,
      analyte: r.analyte as IecHsAnalyte,
      value: r.value,
    })),
  });
}

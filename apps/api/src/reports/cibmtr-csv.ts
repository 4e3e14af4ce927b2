import { type CibmtrRow, FORM_4100_COLUMNS } from './cibmtr.ts';
import { toCsv } from './csv.ts';

/**
 * One line per infusion episode: identifiers and the infusion's Day 0, each Form 4100 field
 * followed by its `_basis` column, then which infusion it is (number, product, reason).
 */
export function cibmtrCsv(rows: readonly CibmtrRow[]): string {
  return toCsv(
    [
      'patient_id',
      'mrn',
      'trial_id',
      'day0_date',
      ...FORM_4100_COLUMNS.flatMap(([name]) => [name, `${name}_basis`]),
      'infusion_number',
      'infusion_product',
      'infusion_reason',
    ],
    rows.map((r) => [
      r.patientId,
      r.mrn,
      r.trialId,
      r.day0,
      ...FORM_4100_COLUMNS.flatMap(([, key]) => [r.fields[key].value, r.fields[key].basis]),
      r.infusion.number,
      r.infusion.product,
      r.infusion.reason,
    ]),
  );
}

export const CIBMTR_ROUTE_HEADERS = {
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': 'attachment; filename="cellwatch-cibmtr-4100.csv"',
};

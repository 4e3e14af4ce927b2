import { type CibmtrRow, FORM_4100_COLUMNS } from './cibmtr.ts';
import { toCsv } from './csv.ts';

/** One line per patient: identifiers, then each Form 4100 field followed by its `_basis` column. */
export function cibmtrCsv(rows: readonly CibmtrRow[]): string {
  return toCsv(
    [
      'patient_id',
      'mrn',
      'trial_id',
      'day0_date',
      ...FORM_4100_COLUMNS.flatMap(([name]) => [name, `${name}_basis`]),
    ],
    rows.map((r) => [
      r.patientId,
      r.mrn,
      r.trialId,
      r.day0,
      ...FORM_4100_COLUMNS.flatMap(([, key]) => [r.fields[key].value, r.fields[key].basis]),
    ]),
  );
}

export const CIBMTR_ROUTE_HEADERS = {
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': 'attachment; filename="cellwatch-cibmtr-4100.csv"',
};

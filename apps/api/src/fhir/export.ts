import { ANALYTES, type Analyte, DRUGS, type DrugName } from '@cellwatch/clinical';
import type { EnrolPatientRequest } from '@cellwatch/contracts';
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  MedicationAdministration,
  Observation,
  Patient,
  Quantity,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PatientsTable } from '../db/schema.ts';
import { validSignature } from '../grading/grade-of-record.ts';

/**
 * FHIR R4 export of a patient's record: Patient, an Observation per vital sign and lab result
 * (LOINC code, UCUM unit, vital-signs or laboratory category, status `final` or
 * `entered-in-error`), MedicationAdministration, and the CRS/ICANS grade steps as Observations:
 * a signed step is `final`, carries the signed grade, the signer as performer, the signing time
 * as `issued`, the signature's meaning in a note and the computed grade in an extension; an
 * unsigned (or returned) step is `preliminary` with the computed grade.
 * Codes per shared/clinical-reference.md; the FHIR vital-signs profile's codes where it has them.
 */
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const MRN_SYSTEM = 'urn:cellwatch:mrn';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** The grade the ASTCT 2019 engine computed for a step, beside the signed grade in valueInteger. */
export const COMPUTED_GRADE_EXTENSION = 'urn:cellwatch:fhir:computed-grade';

export const VITAL_CODES = {
  temperature_c: { loinc: '8310-5', display: 'Body temperature', unit: 'Cel', human: '°C' },
  heart_rate: { loinc: '8867-4', display: 'Heart rate', unit: '/min', human: 'beats/minute' },
  systolic: { loinc: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', human: 'mmHg' },
  diastolic: { loinc: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', human: 'mmHg' },
  mean_arterial: { loinc: '8478-0', display: 'Mean blood pressure', unit: 'mm[Hg]', human: 'mmHg' },
  respiratory_rate: { loinc: '9279-1', display: 'Respiratory rate', unit: '/min', human: 'breaths/minute' },
  spo2: { loinc: '59408-5', display: 'Oxygen saturation by pulse oximetry', unit: '%', human: '%' },
  oxygen_flow_lpm: { loinc: '3151-8', display: 'Inhaled oxygen flow rate', unit: 'L/min', human: 'L/min' },
  fio2: { loinc: '3150-0', display: 'Inhaled oxygen concentration', unit: '%', human: '%' },
} as const;
export type VitalColumn = keyof typeof VITAL_CODES;

const quantity = (value: number, unit: string, human: string): Quantity => ({
  value,
  unit: human,
  system: UCUM,
  code: unit,
});
const category = (code: 'vital-signs' | 'laboratory' | 'survey'): CodeableConcept[] => [
  { coding: [{ system: CATEGORY, code }] },
];

export async function fhirBundle(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  base: string,
  now: number,
): Promise<Bundle> {
  const id = patient.id;
  const subject: Reference<Patient> = { reference: `Patient/${id}` };
  const corrected = new Set(
    (
      await trx
        .selectFrom('corrections')
        .select(['fact_table', 'fact_id'])
        .where('patient_id', '=', id)
        .execute()
    ).map((c) => `${c.fact_table}:${c.fact_id}`),
  );
  const status = (table: string, rowId: number) =>
    corrected.has(`${table}:${rowId}`) ? ('entered-in-error' as const) : ('final' as const);
  const entries: BundleEntry[] = [];
  const add = <T extends Resource>(resource: T & { id: string }) =>
    entries.push({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource });

  add<Patient>({
    resourceType: 'Patient',
    id: String(id),
    identifier: [{ system: MRN_SYSTEM, value: patient.mrn }],
    name: [{ family: patient.family_name, given: [patient.given_name] }],
    // Stored as enrolled (the contract's Sex), whose values are FHIR's administrative genders.
    gender: patient.sex as EnrolPatientRequest['sex'],
    birthDate: patient.birth_date,
  });

  const vitals = await trx
    .selectFrom('vital_sets')
    .selectAll()
    .where('patient_id', '=', id)
    .orderBy('taken_at_ms')
    .execute();
  for (const v of vitals) {
    for (const column of Object.keys(VITAL_CODES) as VitalColumn[]) {
      const value = v[column];
      if (value === null) continue;
      const code = VITAL_CODES[column];
      add<Observation>({
        resourceType: 'Observation',
        id: `vital-${v.id}-${code.loinc}`,
        status: status('vital_sets', v.id),
        category: category('vital-signs'),
        code: { coding: [{ system: LOINC, code: code.loinc, display: code.display }], text: code.display },
        subject,
        effectiveDateTime: v.taken_at,
        valueQuantity: quantity(value, code.unit, code.human),
      });
    }
  }

  const labs = await trx
    .selectFrom('lab_results')
    .selectAll()
    .where('patient_id', '=', id)
    .orderBy('collected_at_ms')
    .execute();
  for (const l of labs) {
    const def = ANALYTES[l.analyte as Analyte];
    add<Observation>({
      resourceType: 'Observation',
      id: `lab-${l.id}`,
      status: status('lab_results', l.id),
      category: category('laboratory'),
      code: {
        ...(def?.loinc && { coding: [{ system: LOINC, code: def.loinc, display: def.name }] }),
        text: l.analyte === 'autoantibody' ? (patient.autoantibody ?? def?.name) : def?.name,
      },
      subject,
      effectiveDateTime: l.collected_at,
      valueQuantity: quantity(l.value, l.unit, l.unit),
    });
  }

  const meds = await trx
    .selectFrom('medication_administrations')
    .selectAll()
    .where('patient_id', '=', id)
    .orderBy('given_at_ms')
    .execute();
  for (const m of meds) {
    const drug = DRUGS[m.drug as DrugName];
    add<MedicationAdministration>({
      resourceType: 'MedicationAdministration',
      id: `med-${m.id}`,
      status: status('medication_administrations', m.id) === 'final' ? 'completed' : 'entered-in-error',
      medicationCodeableConcept: { text: drug?.label ?? m.drug },
      subject,
      effectiveDateTime: m.given_at,
      ...(m.dose !== null && {
        dosage: {
          dose: quantity(m.dose, m.dose_unit ?? 'mg', m.dose_unit ?? 'mg'),
          ...(m.route && { route: { text: m.route } }),
        },
      }),
    });
  }

  const steps = await trx
    .selectFrom('grade_changes')
    .selectAll()
    .where('patient_id', '=', id)
    .where('status', '!=', 'superseded')
    .orderBy('at_ms')
    .execute();
  const signatures = steps.length
    ? await trx
        .selectFrom('grade_signatures')
        .selectAll()
        .where('patient_id', '=', id)
        .orderBy('id')
        .execute()
    : [];
  for (const s of steps) {
    const name =
      s.syndrome === 'crs' ? 'Cytokine release syndrome grade (ASTCT 2019)' : 'ICANS grade (ASTCT 2019)';
    const signed = validSignature(s, signatures);
    const computedNote = `${JSON.parse(s.reasons_json).join('; ')} (rule ${s.rule_version}; review ${s.status})`;
    const notes = [{ text: computedNote }];
    if (signed) {
      notes.push({
        text: `Signed by ${signed.signer_name} at ${signed.signed_at}: ${signed.meaning}${signed.reason ? ` (reason: ${signed.reason})` : ''}`,
      });
    } else if (s.returned_reason) {
      notes.push({ text: `Returned for review, unsigned: ${s.returned_reason}` });
    }
    add<Observation>({
      resourceType: 'Observation',
      id: `grade-${s.id}`,
      status: signed ? 'final' : 'preliminary',
      category: category('survey'),
      code: { coding: [{ system: 'urn:cellwatch:grade', code: s.syndrome, display: name }], text: name },
      subject,
      effectiveDateTime: s.at,
      ...(signed && {
        issued: signed.signed_at,
        // A logical reference (the bundle holds no Practitioner resources): the CellWatch user id.
        performer: [
          {
            type: 'Practitioner',
            identifier: { system: 'urn:cellwatch:user', value: String(signed.signer_id) },
            display: signed.signer_name,
          },
        ],
      }),
      valueInteger: signed ? signed.signed_grade : s.to_grade,
      extension: [{ url: COMPUTED_GRADE_EXTENSION, valueInteger: s.to_grade }],
      note: notes,
    });
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date(now).toISOString(),
    total: entries.length,
    entry: entries,
  };
}

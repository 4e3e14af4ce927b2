import {
  ANALYTES,
  type Analyte,
  analyteByLoinc,
  checkVitalSigns,
  fahrenheitToCelsius,
  meanArterialPressure,
  toStoredUnit,
} from '@cellwatch/clinical';
import { type FhirBundleRequest, Instant } from '@cellwatch/contracts';
import type { CodeableConcept, OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database, PatientsTable } from '../db/schema.ts';
import { VITAL_CODES, type VitalColumn } from './export.ts';

/** The one FHIR issue shape CellWatch answers with (OperationOutcome.issue), of the codes it uses. */
export interface FhirIssue extends OperationOutcomeIssue {
  severity: 'error' | 'warning' | 'information';
  code: 'invalid' | 'not-found' | 'not-supported' | 'value' | 'business-rule' | 'forbidden' | 'informational';
  diagnostics: string;
  expression?: string[];
}

const Coding = z.object({ system: z.string().optional(), code: z.string().optional() }).passthrough();
const Quantity = z
  .object({
    value: z.number().finite(),
    unit: z.string().optional(),
    system: z.string().optional(),
    code: z.string().optional(),
  })
  .passthrough();
/** What an imported Observation must have (the rest passes through unread). */
const ImportedObservation = z
  .object({
    resourceType: z.literal('Observation'),
    status: z.string(),
    code: z.object({ coding: z.array(Coding).optional() }).passthrough(),
    subject: z
      .object({
        reference: z.string().optional(),
        identifier: z.object({ value: z.string() }).passthrough().optional(),
      })
      .passthrough(),
    effectiveDateTime: Instant,
    valueQuantity: Quantity.optional(),
    component: z
      .array(
        z
          .object({
            code: z.object({ coding: z.array(Coding).optional() }).passthrough(),
            valueQuantity: Quantity,
          })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

const LOINC = 'http://loinc.org';
const BP_PANEL = '85354-9';
const VITAL_BY_LOINC = new Map<string, VitalColumn>(
  (Object.keys(VITAL_CODES) as VitalColumn[]).map((c) => [VITAL_CODES[c].loinc, c]),
);
/** UCUM units accepted for each vital sign, with the conversion into CellWatch's unit. */
const VITAL_UNITS: Partial<Record<VitalColumn, Record<string, (v: number) => number>>> = {
  temperature_c: { Cel: (v) => v, '[degF]': fahrenheitToCelsius },
};

/** The coding CellWatch knows (an Observation may carry several LOINC codes), else the first LOINC one. */
const loincOf = (code: CodeableConcept) => {
  const loinc = (code.coding ?? []).filter((c) => (c.system === LOINC || c.system === undefined) && c.code);
  const known = loinc.find(
    (c) => c.code === BP_PANEL || VITAL_BY_LOINC.has(c.code as string) || analyteByLoinc(c.code as string),
  );
  return (known ?? loinc[0])?.code;
};

export interface MappedVitalSet {
  patientId: number;
  at: number;
  values: Partial<Record<VitalColumn, number>>;
}
export interface MappedLab {
  patientId: number;
  at: number;
  analyte: Analyte;
  value: number;
  unit: string;
  enteredValue: number | null;
  enteredUnit: string | null;
}
export interface MappedImport {
  vitals: MappedVitalSet[];
  labs: MappedLab[];
  skipped: number;
  outcomes: { index: number; issues: FhirIssue[] }[];
}

/**
 * Maps a Bundle of Observations to CellWatch facts without writing anything: each entry is
 * validated on its own, matched to a known patient by MRN (the subject's identifier, or a
 * reference to a Patient in the same Bundle carrying the MRN identifier), its LOINC code mapped
 * to a vital sign or lab analyte and its UCUM unit converted. Every problem becomes an
 * OperationOutcome issue for that entry.
 */
/**
 * What the importing user may chart, from the same permissions as the routes that chart each
 * kind of fact: an import is not a way around `POST …/vitals` or `POST …/labs`.
 */
export interface ImportPermissions {
  vitals: boolean;
  labs: boolean;
}

export async function mapFhirBundle(
  trx: Kysely<Database>,
  bundle: FhirBundleRequest,
  now: number,
  may: ImportPermissions,
): Promise<MappedImport> {
  const patientsByMrn = new Map<string, Selectable<PatientsTable>>();
  const referenced = new Map<string, string>(); // "Patient/123" → MRN, from Patient entries of the Bundle
  for (const e of bundle.entry) {
    // Not validated beyond being an object: every field may be missing.
    const r = e.resource as Partial<Resource>;
    if (r.resourceType !== 'Patient') continue;
    const mrn = r.identifier?.[0]?.value;
    if (r.id && mrn) referenced.set(`Patient/${r.id}`, mrn);
  }
  const findPatient = async (mrn: string) => {
    if (!patientsByMrn.has(mrn)) {
      const row = await trx.selectFrom('patients').selectAll().where('mrn', '=', mrn).executeTakeFirst();
      if (row) patientsByMrn.set(mrn, row);
    }
    return patientsByMrn.get(mrn);
  };

  const out: MappedImport = { vitals: [], labs: [], skipped: 0, outcomes: [] };
  const vitalSets = new Map<string, MappedVitalSet>();
  for (const [index, entry] of bundle.entry.entries()) {
    const issues: FhirIssue[] = [];
    const error = (code: FhirIssue['code'], diagnostics: string, expression?: string) =>
      issues.push({
        severity: 'error',
        code,
        diagnostics,
        ...(expression && { expression: [`Bundle.entry[${index}].resource.${expression}`] }),
      });
    const r = entry.resource as Partial<Resource>;
    if (r.resourceType === 'Patient') continue; // patients are matched, never created, by an import
    const parsed = ImportedObservation.safeParse(entry.resource);
    if (!parsed.success) {
      for (const i of parsed.error.issues) error('invalid', i.message, i.path.join('.'));
      out.outcomes.push({ index, issues });
      continue;
    }
    const obs = parsed.data;
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') {
      out.skipped++;
      continue;
    }
    const mrn =
      obs.subject.identifier?.value ??
      (obs.subject.reference ? referenced.get(obs.subject.reference) : undefined);
    const patient = mrn ? await findPatient(mrn) : undefined;
    if (!patient) error('not-found', `no enrolled patient with MRN ${mrn ?? '(none given)'}`, 'subject');
    const at = Date.parse(obs.effectiveDateTime);
    if (at > now + 5 * 60_000) error('value', 'effectiveDateTime is in the future', 'effectiveDateTime');
    if (patient && at < Date.parse(`${patient.birth_date}T00:00:00Z`))
      error('value', 'effectiveDateTime is before the patient was born', 'effectiveDateTime');
    const code = loincOf(obs.code);
    const components =
      code === BP_PANEL
        ? (obs.component ?? []).map((c) => ({ code: loincOf(c.code), q: c.valueQuantity }))
        : [{ code, q: obs.valueQuantity }];
    const vitalValues: Partial<Record<VitalColumn, number>> = {};
    for (const { code: c, q } of components) {
      if (!c) {
        error('not-supported', 'no LOINC code', 'code');
        continue;
      }
      if (!q) {
        error('invalid', 'valueQuantity is required', 'valueQuantity');
        continue;
      }
      const column = VITAL_BY_LOINC.get(c);
      const analyte = column ? undefined : analyteByLoinc(c);
      if ((column && !may.vitals) || (analyte && !may.labs)) {
        error(
          'forbidden',
          `your role may not chart ${column ? 'vital signs' : 'lab results'}, so it may not import them`,
          'code',
        );
        continue;
      }
      if (column) {
        const expected = VITAL_CODES[column].unit;
        const unit = q.code ?? q.unit ?? expected;
        const convert = VITAL_UNITS[column]?.[unit] ?? (unit === expected ? (v: number) => v : undefined);
        if (!convert)
          error(
            'value',
            `unit ${unit} is not accepted for LOINC ${c} (use ${expected})`,
            'valueQuantity.code',
          );
        else vitalValues[column] = convert(q.value);
      } else if (analyte && patient) {
        const converted = toStoredUnit(analyte, q.value, q.code ?? q.unit);
        if (!converted.ok) error('value', converted.reason, 'valueQuantity.code');
        else {
          const def = ANALYTES[analyte];
          if (converted.value < def.limits.min || converted.value > def.limits.max)
            error(
              'value',
              `${def.name} ${converted.value} ${def.unit} is clinically impossible`,
              'valueQuantity.value',
            );
          else
            out.labs.push({
              patientId: patient.id,
              at,
              analyte,
              value: converted.value,
              unit: converted.unit,
              enteredValue: converted.converted ? q.value : null,
              enteredUnit: converted.converted ? (q.code ?? q.unit ?? null) : null,
            });
        }
      } else if (!analyte) {
        error('not-supported', `LOINC ${c} is not a code CellWatch charts`, 'code.coding');
      }
    }
    if (Object.keys(vitalValues).length) {
      const check = checkVitalSigns({
        temperatureC: vitalValues.temperature_c,
        heartRate: vitalValues.heart_rate,
        systolic: vitalValues.systolic,
        diastolic: vitalValues.diastolic,
        respiratoryRate: vitalValues.respiratory_rate,
        spo2: vitalValues.spo2,
        oxygenFlowLpm: vitalValues.oxygen_flow_lpm,
        fio2: vitalValues.fio2,
      });
      for (const f of check.impossible) error('value', f.message, 'valueQuantity.value');
      if (patient && !issues.length) {
        const key = `${patient.id}|${at}`;
        const set = vitalSets.get(key) ?? { patientId: patient.id, at, values: {} };
        Object.assign(set.values, vitalValues);
        vitalSets.set(key, set);
      }
    }
    if (issues.length) out.outcomes.push({ index, issues });
  }
  out.vitals = [...vitalSets.values()];
  for (const v of out.vitals) {
    const { systolic, diastolic } = v.values;
    if (systolic !== undefined && diastolic !== undefined && v.values.mean_arterial === undefined)
      v.values.mean_arterial = meanArterialPressure(systolic, diastolic);
  }
  return out;
}

export function operationOutcome(issues: FhirIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

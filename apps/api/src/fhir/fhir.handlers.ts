import { ANALYTES } from '@cellwatch/clinical';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { appendAudit } from '../audit/audit-log.ts';
import { currentUser } from '../auth/current-user.ts';
import { engineFactId, type FactRef } from '../charting/fact-ref.ts';
import { enterLabPanel } from '../charting/labs.routes.ts';
import { chartVitalSet } from '../charting/vitals.routes.ts';
import { mayCall } from '../http/route-declaration.ts';
import { resourceRouter } from '../http/routes.ts';
import { readPatientRecord } from '../patients/record.ts';
import { adverseEvents } from './adverse-events.ts';
import { fhirBundle } from './export.ts';
import { exportFhirAdverseEvents, exportFhirRecord, importFhirBundle } from './fhir.routes.ts';
import { type FhirIssue, mapFhirBundle, operationOutcome } from './import.ts';
import { patientToxicities } from './toxicity-episodes.ts';

const FHIR_JSON = { 'Content-Type': 'application/fhir+json; charset=utf-8' };

/** FHIR R4 export of one patient's record, as a Bundle (application/fhir+json). */
export const fhirExportRoutes = resourceRouter()
  .openapi(exportFhirRecord, async (c) => {
    const { id } = c.req.valid('param');
    const base = `${new URL(c.req.url).origin}/fhir`;
    const bundle = await readPatientRecord(c, id, 'fhir_export', (trx, patient) =>
      fhirBundle(trx, patient, base, c.var.services.now()),
    );
    return c.body(JSON.stringify(bundle), 200, FHIR_JSON);
  })
  // The toxicity episodes as AdverseEvents (adverse-events.ts), a collection Bundle of their own.
  .openapi(exportFhirAdverseEvents, async (c) => {
    const { id } = c.req.valid('param');
    const base = `${new URL(c.req.url).origin}/fhir`;
    const { regrader, now } = c.var.services;
    const bundle = await readPatientRecord(c, id, 'fhir_adverse_events', async (trx, patient) => {
      const { episodes } = await patientToxicities(trx, regrader, patient);
      const resources = adverseEvents(episodes, { reference: `Patient/${id}` }, now());
      return {
        resourceType: 'Bundle',
        type: 'collection',
        timestamp: new Date(now()).toISOString(),
        entry: resources.map((resource) => ({ fullUrl: `${base}/AdverseEvent/${resource.id}`, resource })),
      } satisfies Bundle;
    });
    return c.body(JSON.stringify(bundle), 200, FHIR_JSON);
  });

/**
 * FHIR import: a transaction or batch Bundle of Observations (e.g. from a lab system) for
 * enrolled patients, written all-or-nothing. Any entry in error refuses the whole Bundle with an
 * OperationOutcome per failing entry; otherwise every vital set and lab result is charted, the
 * patients regraded and audited, in one transaction.
 */
export const fhirImportRoutes = resourceRouter().openapi(importFhirBundle, async (c) => {
  const bundle = c.req.valid('json');
  const { db, now, regrader, events } = c.var.services;
  const user = currentUser(c);
  const result = await db.transaction().execute(async (trx) => {
    const at = new Date(now());
    const may = {
      vitals: mayCall(chartVitalSet, user.role),
      labs: mayCall(enterLabPanel, user.role),
    };
    const mapped = await mapFhirBundle(trx, bundle, at.getTime(), may);
    if (mapped.outcomes.length) return { ok: false as const, mapped };
    const refsByPatient = new Map<number, FactRef[]>();
    const push = (patientId: number, ref: FactRef) =>
      refsByPatient.set(patientId, [...(refsByPatient.get(patientId) ?? []), ref]);
    for (const v of mapped.vitals) {
      const row = await trx
        .insertInto('vital_sets')
        .values({
          patient_id: v.patientId,
          taken_at: new Date(v.at).toISOString(),
          taken_at_ms: v.at,
          temperature_c: v.values.temperature_c ?? null,
          heart_rate: v.values.heart_rate ?? null,
          systolic: v.values.systolic ?? null,
          diastolic: v.values.diastolic ?? null,
          mean_arterial: v.values.mean_arterial ?? null,
          respiratory_rate: v.values.respiratory_rate ?? null,
          spo2: v.values.spo2 ?? null,
          oxygen_device: v.values.oxygen_flow_lpm ? 'nasal_cannula' : 'room_air',
          oxygen_flow_lpm: v.values.oxygen_flow_lpm ?? null,
          fio2: v.values.fio2 ?? null,
          hypotension_recorded: null,
          flags_json: null,
          note: 'imported from FHIR',
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      push(v.patientId, { table: 'vital_sets', id: row.id });
    }
    for (const l of mapped.labs) {
      const row = await trx
        .insertInto('lab_results')
        .values({
          patient_id: l.patientId,
          collected_at: new Date(l.at).toISOString(),
          collected_at_ms: l.at,
          analyte: l.analyte,
          loinc: ANALYTES[l.analyte].loinc,
          value: l.value,
          unit: l.unit,
          entered_value: l.enteredValue,
          entered_unit: l.enteredUnit,
          flags_json: null,
          panel_id: 'fhir-import',
          recorded_by: user.id,
          recorded_at: at.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      push(l.patientId, { table: 'lab_results', id: row.id });
    }
    const published = [];
    for (const [patientId, refs] of refsByPatient) {
      published.push(...(await regrader.afterChange(trx, patientId, { kind: 'added', refs }, at)));
      await appendAudit(
        trx,
        {
          actor: user,
          action: 'fhir_import',
          entity: 'observation_bundle',
          patientId,
          after: { facts: refs.map(engineFactId) },
        },
        at,
      );
      published.push({
        type: 'fact_charted' as const,
        patientId,
        data: { kind: 'fhir_import', count: refs.length },
      });
    }
    return { ok: true as const, mapped, refsByPatient, published };
  });
  if (!result.ok) {
    const forbidden = (issues: FhirIssue[] | undefined) => issues?.some((i) => i.code === 'forbidden');
    const outcomes = bundle.entry.map((_, index): BundleEntry => {
      const found = result.mapped.outcomes.find((o) => o.index === index);
      return {
        response: {
          status: forbidden(found?.issues)
            ? '403 Forbidden'
            : found
              ? '422 Unprocessable Entity'
              : '424 Failed Dependency',
          outcome: operationOutcome(
            found?.issues ?? [
              {
                severity: 'information',
                code: 'informational',
                diagnostics: 'not written: another entry failed (all-or-nothing)',
              },
            ],
          ),
        },
      };
    });
    const refused: Bundle = {
      resourceType: 'Bundle',
      type: `${bundle.type === 'batch' ? 'batch' : 'transaction'}-response`,
      entry: outcomes,
    };
    return c.body(
      JSON.stringify(refused),
      result.mapped.outcomes.some((o) => forbidden(o.issues)) ? 403 : 422,
      {
        'Content-Type': 'application/fhir+json; charset=utf-8',
      },
    );
  }
  events.publish(result.published);
  const written = [...result.refsByPatient.values()].flat();
  // `skipped` (entered-in-error or cancelled entries) is CellWatch's, beside the Bundle's own fields.
  const response: Bundle & { skipped: number } = {
    resourceType: 'Bundle',
    type: `${bundle.type === 'batch' ? 'batch' : 'transaction'}-response`,
    entry: written.map((ref) => ({ response: { status: '201 Created', location: engineFactId(ref) } })),
    total: written.length,
    skipped: result.mapped.skipped,
  };
  return c.body(JSON.stringify(response), 200, { 'Content-Type': 'application/fhir+json; charset=utf-8' });
});

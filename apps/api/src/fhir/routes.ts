import { IdParam } from '@cellwatch/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { params } from '../http/validate.ts';
import { readPatientRecord } from '../patients/record.ts';
import { fhirBundle } from './export.ts';

/** FHIR R4 export of one patient's record, as a Bundle (application/fhir+json). */
export const fhirExportRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { id } = params(c, IdParam);
  const base = `${new URL(c.req.url).origin}/fhir`;
  const bundle = await readPatientRecord(c, id, 'fhir_export', (trx, patient) =>
    fhirBundle(trx, patient, base, c.var.services.now()),
  );
  return c.body(JSON.stringify(bundle), 200, { 'Content-Type': 'application/fhir+json; charset=utf-8' });
});

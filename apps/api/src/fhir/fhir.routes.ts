import { FhirBundleRequest, IdParam } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, fhirBody, REPORTS } from '../http/route-declaration.ts';

export const exportFhirRecord = createRoute({
  method: 'get',
  path: '/',
  summary: "FHIR R4 Bundle of the patient's record: Patient, Observations, MedicationAdministrations, grades",
  ...allow(REPORTS),
  request: { params: IdParam },
  responses: answers(
    "FHIR R4 Bundle of the patient's record: Patient, Observations, MedicationAdministrations, grades",
  ),
});

export const exportFhirAdverseEvents = createRoute({
  method: 'get',
  path: '/adverse-events',
  summary:
    'FHIR R4 Bundle of AdverseEvents (after mCODE CTCAdverseEvent): every CRS, ICANS, ICAHT and LICATS episode, graded',
  ...allow(REPORTS),
  request: { params: IdParam },
  responses: answers('FHIR R4 Bundle of AdverseEvents, one per toxicity episode'),
});

export const importFhirBundle = createRoute({
  method: 'post',
  path: '/',
  summary: 'Import a FHIR R4 transaction/batch Bundle of Observations for enrolled patients (all-or-nothing)',
  ...allow(CARE_TEAM),
  request: { body: fhirBody(FhirBundleRequest) },
  responses: answers('Import a FHIR R4 transaction/batch Bundle of Observations for enrolled patients'),
});

import {
  EnteredInErrorRequest,
  FactCorrectionResponse,
  FactRangeQuery,
  IdParam,
  MedicationList,
  MedicationRequest,
  MedicationResponse,
  TocilizumabCheckQuery,
  TocilizumabCheckResponse,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, BEDSIDE, CARE_TEAM, jsonBody } from '../http/route-declaration.ts';
import { FactParams } from './facts.ts';

export const listMedications = createRoute({
  method: 'get',
  path: '/',
  summary: 'Medication administrations',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Medication administrations', MedicationList),
});

export const chartMedication = createRoute({
  method: 'post',
  path: '/',
  summary: 'Chart a medication (tocilizumab checked against weight, cap and counts)',
  ...allow(BEDSIDE),
  request: { params: IdParam, body: jsonBody(MedicationRequest) },
  responses: answers('Chart a medication', MedicationResponse, 201),
});

export const checkTocilizumabDose = createRoute({
  method: 'get',
  path: '/tocilizumab-check',
  summary: 'What tocilizumab dose is allowed next, and why',
  ...allow(CARE_TEAM),
  request: { query: TocilizumabCheckQuery, params: IdParam },
  responses: answers('What tocilizumab dose is allowed next, and why', TocilizumabCheckResponse),
});

export const medicationEnteredInError = createRoute({
  method: 'post',
  path: '/{factId}/entered-in-error',
  summary: 'Mark a medication administration entered-in-error (kept, ignored by the rules)',
  ...allow(BEDSIDE),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a medication administration entered-in-error', FactCorrectionResponse),
});

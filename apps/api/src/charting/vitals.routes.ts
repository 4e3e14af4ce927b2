import {
  EnteredInErrorRequest,
  FactRangeQuery,
  IdParam,
  VitalSetList,
  VitalSetRequest,
  VitalSetResponse,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, BEDSIDE, CARE_TEAM, jsonBody } from '../http/route-declaration.ts';
import { FactParams } from './facts.ts';

export const listVitalSets = createRoute({
  method: 'get',
  path: '/',
  summary: 'Vital sets, newest first',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Vital sets, newest first', VitalSetList),
});

export const chartVitalSet = createRoute({
  method: 'post',
  path: '/',
  summary: 'Chart a vital set',
  ...allow(BEDSIDE),
  request: { params: IdParam, body: jsonBody(VitalSetRequest) },
  responses: answers('Chart a vital set', VitalSetResponse, 201),
});

export const vitalSetEnteredInError = createRoute({
  method: 'post',
  path: '/{factId}/entered-in-error',
  summary: 'Mark a vital set entered-in-error (kept, ignored by the rules)',
  ...allow(BEDSIDE),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a vital set entered-in-error'),
});

import {
  EnteredInErrorRequest,
  FactCorrectionResponse,
  FactRangeQuery,
  IdParam,
  LabPanelRequest,
  LabPanelResponse,
  LabResultList,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, jsonBody } from '../http/route-declaration.ts';
import { FactParams } from './facts.ts';

export const listLabResults = createRoute({
  method: 'get',
  path: '/',
  summary: 'Lab results',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Lab results', LabResultList),
});

export const enterLabPanel = createRoute({
  method: 'post',
  path: '/',
  summary: 'Enter a lab panel (all-or-nothing)',
  ...allow(CARE_TEAM),
  request: { params: IdParam, body: jsonBody(LabPanelRequest) },
  responses: answers('Enter a lab panel', LabPanelResponse, 201),
});

export const labResultEnteredInError = createRoute({
  method: 'post',
  path: '/{factId}/entered-in-error',
  summary: 'Mark a lab result entered-in-error (kept, ignored by the rules)',
  ...allow(CARE_TEAM),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a lab result entered-in-error', FactCorrectionResponse),
});

import {
  EnteredInErrorRequest,
  FactRangeQuery,
  IdParam,
  NeuroAssessmentList,
  NeuroAssessmentRequest,
  NeuroAssessmentResponse,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, BEDSIDE, CARE_TEAM, jsonBody } from '../http/route-declaration.ts';
import { FactParams } from './facts.ts';

export const listNeuroAssessments = createRoute({
  method: 'get',
  path: '/',
  summary: 'Neuro assessments',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Neuro assessments', NeuroAssessmentList),
});

export const chartNeuroAssessment = createRoute({
  method: 'post',
  path: '/',
  summary: 'Chart a neuro assessment (ICE computed from its items)',
  ...allow(BEDSIDE),
  request: { params: IdParam, body: jsonBody(NeuroAssessmentRequest) },
  responses: answers('Chart a neuro assessment', NeuroAssessmentResponse, 201),
});

export const neuroAssessmentEnteredInError = createRoute({
  method: 'post',
  path: '/{factId}/entered-in-error',
  summary: 'Mark a neuro assessment entered-in-error (kept, ignored by the rules)',
  ...allow(BEDSIDE),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a neuro assessment entered-in-error'),
});

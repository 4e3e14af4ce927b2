import { AnnotationRequest, EnteredInErrorRequest, FactRangeQuery, IdParam } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, HEMATOLOGIST, jsonBody } from '../http/route-declaration.ts';
import { FactParams } from './facts.ts';

export const listAnnotations = createRoute({
  method: 'get',
  path: '/',
  summary: 'Clinician annotations',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Clinician annotations'),
});

export const addAnnotation = createRoute({
  method: 'post',
  path: '/',
  summary: 'Add a clinician annotation',
  ...allow(HEMATOLOGIST),
  request: { params: IdParam, body: jsonBody(AnnotationRequest) },
  responses: answers('Add a clinician annotation'),
});

export const annotationEnteredInError = createRoute({
  method: 'post',
  path: '/{factId}/entered-in-error',
  summary: 'Mark a annotation entered-in-error (kept, ignored by the rules)',
  ...allow(HEMATOLOGIST),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a annotation entered-in-error'),
});

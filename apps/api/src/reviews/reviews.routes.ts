import {
  ConfirmGradeRequest,
  IdParam,
  OverrideGradeRequest,
  ReviewQuery,
  ReviewQueue,
  SignedReview,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, HEMATOLOGIST, jsonBody } from '../http/route-declaration.ts';

export const listReviews = createRoute({
  method: 'get',
  path: '/',
  summary: 'Grade changes and their review status, most urgent first, with the facts used in words',
  ...allow(CARE_TEAM),
  request: { query: ReviewQuery },
  responses: answers(
    'Grade changes and their review status, most urgent first, with the facts used in words',
    ReviewQueue,
  ),
});

export const confirmGrade = createRoute({
  method: 'post',
  path: '/{id}/confirm',
  summary: 'Confirm a computed grade (signed)',
  ...allow(HEMATOLOGIST),
  request: { params: IdParam, body: jsonBody(ConfirmGradeRequest) },
  responses: answers('Confirm a computed grade', SignedReview),
});

export const overrideGrade = createRoute({
  method: 'post',
  path: '/{id}/override',
  summary: 'Override a computed grade with a reason (signed)',
  ...allow(HEMATOLOGIST),
  request: { params: IdParam, body: jsonBody(OverrideGradeRequest) },
  responses: answers('Override a computed grade with a reason', SignedReview),
});

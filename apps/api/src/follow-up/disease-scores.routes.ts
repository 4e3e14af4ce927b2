import { DiseaseScoreRequest, EnteredInErrorRequest, FactRangeQuery, IdParam } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { FactParams } from '../charting/facts.ts';
import { allow, answers, CARE_TEAM, FOLLOW_UP, jsonBody } from '../http/route-declaration.ts';

/** Disease activity scores (disease-scores.ts); the remission view is part of GET …/follow-up. */
export const listDiseaseScores = createRoute({
  method: 'get',
  path: '/disease-scores',
  summary: 'Charted disease activity scores, newest first, with entered-in-error marks',
  ...allow(CARE_TEAM),
  request: { query: FactRangeQuery, params: IdParam },
  responses: answers('Charted disease activity scores, newest first, with entered-in-error marks'),
});

export const chartDiseaseScore = createRoute({
  method: 'post',
  path: '/disease-scores',
  summary: 'Chart a disease activity score with its date (SLEDAI-2K with its DORIS components)',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(DiseaseScoreRequest) },
  responses: answers('Chart a disease activity score with its date'),
});

export const diseaseScoreEnteredInError = createRoute({
  method: 'post',
  path: '/disease-scores/{factId}/entered-in-error',
  summary: 'Mark a disease activity score entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a disease activity score entered-in-error'),
});

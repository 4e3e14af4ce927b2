import { IdParam, InfusionEpisodeList, RecordedInfusion, RecordInfusionRequest } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, FOLLOW_UP, jsonBody } from '../http/route-declaration.ts';

/** A patient's infusion episodes (infusions.ts). */
export const listInfusions = createRoute({
  method: 'get',
  path: '/infusions',
  summary: 'Infusion episodes, first infusion first, each with its Day 0, product and corrections',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers(
    'Infusion episodes, first infusion first, each with its Day 0, product and corrections',
    InfusionEpisodeList,
  ),
});

export const recordInfusion = createRoute({
  method: 'post',
  path: '/infusions',
  summary: 'Record a re-treatment: a new infusion episode (product, Day 0, reason)',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(RecordInfusionRequest) },
  responses: answers(
    'Record a re-treatment: a new infusion episode (product, Day 0, reason)',
    RecordedInfusion,
    201,
  ),
});

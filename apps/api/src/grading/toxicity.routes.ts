import { IdParam, Toxicity } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM } from '../http/route-declaration.ts';

export const currentToxicity = createRoute({
  method: 'get',
  path: '/',
  summary: 'Current CRS/ICANS grades with reasons, facts, missing data, episodes, daily maxima, ICAHT',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers(
    'Current CRS/ICANS grades with reasons, facts, missing data, episodes, daily maxima, ICAHT',
    Toxicity,
  ),
});

import { IdParam, Timeline, TimelineQuery } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM } from '../http/route-declaration.ts';

export const patientTimeline = createRoute({
  method: 'get',
  path: '/',
  summary: 'Everything the patient timeline draws, downsampled to the chart, extremes and graded values kept',
  ...allow(CARE_TEAM),
  request: { query: TimelineQuery, params: IdParam },
  responses: answers(
    'Everything the patient timeline draws, downsampled to the chart, extremes and graded values kept',
    Timeline,
  ),
});

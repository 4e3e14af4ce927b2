import { WorklistQuery, WorklistResponse } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM } from '../http/route-declaration.ts';

export const listWorklist = createRoute({
  method: 'get',
  path: '/worklist',
  summary: 'Due and overdue IVIG doses, IgG checks and visits, by date',
  ...allow(CARE_TEAM),
  request: { query: WorklistQuery },
  responses: answers('Due and overdue IVIG doses, IgG checks and visits, by date', WorklistResponse),
});

export const worklistAsCalendar = createRoute({
  method: 'get',
  path: '/worklist.ics',
  summary: 'The worklist (IVIG doses, IgG checks, visits) as an iCalendar file, without names',
  ...allow(CARE_TEAM),
  request: { query: WorklistQuery },
  responses: answers('The worklist'),
});

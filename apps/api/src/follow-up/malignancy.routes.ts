import {
  EnteredInErrorRequest,
  IdParam,
  MalignancyRequest,
  TransgeneTestingDoneRequest,
  TransgeneTestingTaskParams,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { FactParams } from '../charting/facts.ts';
import { allow, answers, CARE_TEAM, FOLLOW_UP, jsonBody } from '../http/route-declaration.ts';

/** Second malignancies and their CAR transgene-testing tasks (malignancy.ts). */
export const listMalignancies = createRoute({
  method: 'get',
  path: '/malignancies',
  summary: 'New malignancies after CAR-T, each with its CAR transgene-testing task (open or done)',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers('New malignancies after CAR-T, each with its CAR transgene-testing task (open or done)'),
});

export const chartMalignancy = createRoute({
  method: 'post',
  path: '/malignancies',
  summary: 'Chart a new malignancy; creates the task to arrange CAR transgene testing of the tumour',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(MalignancyRequest) },
  responses: answers(
    'Chart a new malignancy; creates the task to arrange CAR transgene testing of the tumour',
  ),
});

export const malignancyEnteredInError = createRoute({
  method: 'post',
  path: '/malignancies/{factId}/entered-in-error',
  summary: 'Mark a malignancy entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a malignancy entered-in-error'),
});

export const transgeneTestingDone = createRoute({
  method: 'post',
  path: '/transgene-testing-tasks/{taskId}/done',
  summary: 'Mark a transgene-testing task done (the manufacturer contacted, testing arranged)',
  ...allow(FOLLOW_UP),
  request: { params: TransgeneTestingTaskParams, body: jsonBody(TransgeneTestingDoneRequest) },
  responses: answers('Mark a transgene-testing task done (the manufacturer contacted, testing arranged)'),
});

export const transgeneTestingDoneEnteredInError = createRoute({
  method: 'post',
  path: '/transgene-testing-done/{factId}/entered-in-error',
  summary: 'Mark a transgene-testing completion entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a transgene-testing completion entered-in-error'),
});

import { Ward } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM } from '../http/route-declaration.ts';

export const wardBoard = createRoute({
  method: 'get',
  path: '/',
  summary:
    'Patients under active monitoring, most acute first, with grades, latest vitals, alerts and checks due',
  ...allow(CARE_TEAM),
  responses: answers(
    'Patients under active monitoring, most acute first, with grades, latest vitals, alerts and checks due',
    Ward,
  ),
});

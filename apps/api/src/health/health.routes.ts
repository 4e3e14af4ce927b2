import { createRoute } from '@hono/zod-openapi';
import { allow, answers, PUBLIC } from '../http/route-declaration.ts';

export const checkHealth = createRoute({
  method: 'get',
  path: '/',
  summary: 'Liveness, with the database checked',
  ...allow(PUBLIC),
  responses: answers('Liveness, with the database checked'),
});

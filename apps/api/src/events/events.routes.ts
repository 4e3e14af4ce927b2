import { createRoute } from '@hono/zod-openapi';
import { allow, answers, EVERYONE } from '../http/route-declaration.ts';

export const openEventStream = createRoute({
  method: 'get',
  path: '/',
  summary: 'Server-sent events for the signed-in user',
  ...allow(EVERYONE),
  responses: answers('Server-sent events for the signed-in user'),
});

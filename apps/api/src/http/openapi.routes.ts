import { createRoute } from '@hono/zod-openapi';
import { allow, answers, EVERYONE } from './route-declaration.ts';

export const describeApi = createRoute({
  method: 'get',
  path: '/',
  summary: 'This API as an OpenAPI 3 document',
  ...allow(EVERYONE),
  responses: answers('This API as an OpenAPI 3 document'),
});

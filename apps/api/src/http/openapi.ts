import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';
import { describeApi } from './openapi.routes.ts';
import { resourceRouter } from './routes.ts';

/** Paths as Hono serves them: a resource's own root (`/api/alerts/`) has no trailing '/'. */
function withoutTrailingSlash<T>(paths: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(paths).map(([path, ops]) => [path.replace(/(.)\/$/, '$1'), ops]));
}

/**
 * The OpenAPI 3 document, generated from the route declarations: the same zod contracts that
 * validate requests, and the roles (`x-roles`) the permission check reads, so it cannot drift
 * from what the API accepts.
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'cellwatch_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'deviceKey', { type: 'http', scheme: 'bearer' });
  const document = app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: { title: 'CellWatch API', version: '0.1.0', description: 'Post-infusion adverse-event monitor' },
  });
  return { ...document, paths: withoutTrailingSlash(document.paths ?? {}) };
}

/** Serves the document of `app` (the whole API), generated once on first request. */
export function openApiRoutes(app: OpenAPIHono<AppEnv>) {
  let cached: ReturnType<typeof openApiDocument> | undefined;
  return resourceRouter().openapi(describeApi, (c) => {
    cached ??= openApiDocument(app);
    return c.json(cached, 200);
  });
}

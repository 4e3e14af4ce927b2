import { ErrorBody } from '@cellwatch/contracts';
import { z } from 'zod';
import type { AppEnv } from './env.ts';
import { describeApi } from './openapi.routes.ts';
import { DEVICE, PUBLIC, ROUTES } from './permissions.ts';
import { resourceRouter } from './routes.ts';

const schema = (s: z.ZodType) =>
  z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });

/**
 * The OpenAPI 3 document, generated from the route table and the same zod contracts that
 * validate requests, so it cannot drift from what the API accepts.
 */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, spec] of Object.entries(ROUTES)) {
    const [method, path] = key.split(' ') as [string, string];
    const openApiPath = path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'integer', minimum: 1 },
    }));
    if (spec.query) {
      const q = schema(spec.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema: s });
      }
    }
    paths[openApiPath] ??= {};
    (paths[openApiPath] as Record<string, unknown>)[method.toLowerCase()] = {
      summary: spec.summary,
      'x-roles': spec.allow,
      ...(parameters.length && { parameters }),
      ...(spec.body && {
        requestBody: { required: true, content: { 'application/json': { schema: schema(spec.body) } } },
      }),
      ...(spec.allow !== PUBLIC && {
        security: [spec.allow === DEVICE ? { deviceKey: [] } : { session: [] }],
      }),
      responses: {
        default: { description: 'Error', content: { 'application/json': { schema: schema(ErrorBody) } } },
        '2XX': { description: 'Success' },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'CellWatch API', version: '0.1.0', description: 'Post-infusion adverse-event monitor' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'cellwatch_session' },
        deviceKey: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}

let cached: ReturnType<typeof openApiDocument> | undefined;
export const openApiRoutes = resourceRouter().openapi(describeApi, (c) => {
  cached ??= openApiDocument();
  return c.json(cached, 200);
});

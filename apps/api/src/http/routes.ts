import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Input, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { z } from 'zod';
import type { AppEnv } from './env.ts';
import { ApiError, badRequest, zodFields } from './errors.ts';
import type { Permission } from './route-declaration.ts';

/**
 * Route declarations: every route is declared once, with `createRoute` from @hono/zod-openapi, in
 * its resource's `*.routes.ts`: method, path, request schemas (the contracts), responses and the
 * roles that may call it (`x-roles`). The handlers register against the declaration
 * (`app.openapi(route, handler)`), which validates the request before the handler runs; the
 * permission check, admission control, the OpenAPI document and the route × role test all read
 * the same declarations, so a route cannot be forgotten: a route not declared is refused to
 * everyone (fail closed).
 */

/** A resource's router: its routes registered against their declarations, refused as `refuseInvalidRequest` says. */
export const resourceRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalidRequest });

/**
 * The context of a handler shared by several declarations (the same request parts, different
 * paths): the checked request it reads with `c.req.valid('json' | 'param' | 'query')`.
 */
export type CheckedContext<Checked extends NonNullable<Input['out']>> = Context<
  AppEnv,
  string,
  { out: Checked }
>;

/** The declared routes of an app, by `METHOD /path` as Hono registers them. */
export interface DeclaredRoute {
  key: string;
  allow: Permission;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
}

interface RegistryRoute {
  method: string;
  path: string;
  summary?: string;
  'x-roles'?: Permission;
  request?: {
    query?: z.ZodType;
    body?: { content?: Record<string, { schema?: unknown }> };
  };
}

/** Every route declared in the app (and the sub-apps mounted on it), with its permission. */
export function declaredRoutes(app: OpenAPIHono<AppEnv>): DeclaredRoute[] {
  return app.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== 'route') return [];
    const route = d.route as unknown as RegistryRoute;
    const path = route.path.replace(/\{(\w+)\}/g, ':$1').replace(/(.)\/$/, '$1');
    const body = route.request?.body?.content?.['application/json']?.schema as z.ZodType | undefined;
    return [
      {
        key: `${route.method.toUpperCase()} ${path}`,
        // An undeclared permission is no permission: refused to everyone.
        allow: route['x-roles'] ?? [],
        summary: route.summary ?? '',
        ...(body && { body }),
        ...(route.request?.query && { query: route.request.query }),
      },
    ];
  });
}

/** The permission table read at request time, filled once every route is mounted. */
export class RouteTable {
  private readonly byKey = new Map<string, DeclaredRoute>();

  load(app: OpenAPIHono<AppEnv>): void {
    this.byKey.clear();
    for (const route of declaredRoutes(app)) this.byKey.set(route.key, route);
  }

  get(method: string, path: string): DeclaredRoute | undefined {
    return this.byKey.get(`${method} ${path}`);
  }

  permissionFor(method: string, path: string): Permission | undefined {
    return this.get(method, path)?.allow;
  }
}

/** The route a request matched: the first that is not middleware or a catch-all. */
export function matchedEndpoint(c: Context) {
  return matchedRoutes(c).find((r) => r.method !== 'ALL' && !r.path.endsWith('*'));
}

/**
 * A declared JSON body must come as JSON (415 otherwise) and parse (400 with the `(body)` field),
 * before the declaration's contract is checked; the parsed body is kept for the validator.
 */
export const requireJsonBodies =
  (routes: RouteTable): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const endpoint = matchedEndpoint(c);
    if (!endpoint || !routes.get(endpoint.method, endpoint.path)?.body) return next();
    const type = c.req.header('content-type') ?? '';
    // FHIR clients send application/fhir+json, which is JSON too.
    if (!/^application\/(fhir\+)?json\s*(;|$)/i.test(type)) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the request body as application/json.');
    }
    try {
      await c.req.json();
    } catch {
      throw badRequest('The request body is not valid JSON.', [{ path: '(body)', message: 'invalid JSON' }]);
    }
    await next();
  };

const INVALID: Record<string, string> = {
  json: 'The request body is not valid.',
  query: 'The query string is not valid.',
  param: 'The path is not valid.',
};

/** A request that fails its declared contract: 400 with each field and its reason. */
export const refuseInvalidRequest: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (!result.success) {
    throw badRequest(
      INVALID[result.target] ?? 'The request is not valid.',
      zodFields(result.error as z.ZodError),
    );
  }
};

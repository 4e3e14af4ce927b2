import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, badRequest, zodFields } from './errors.ts';

/**
 * Request validation against the shared contracts. Every body, query and path parameter goes
 * through one of these; unknown fields are refused by the strict schemas themselves.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  // FHIR clients send application/fhir+json, which is JSON too.
  if (!/^application\/(fhir\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the request body as application/json.');
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw badRequest('The request body is not valid JSON.', [{ path: '(body)', message: 'invalid JSON' }]);
  }
  return parse(schema, raw, 'The request body is not valid.');
}

export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parse(schema, c.req.query(), 'The query string is not valid.');
}

export function params<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parse(schema, c.req.param(), 'The path is not valid.');
}

function parse<S extends z.ZodType>(schema: S, raw: unknown, message: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw badRequest(message, zodFields(result.error));
  return result.data;
}

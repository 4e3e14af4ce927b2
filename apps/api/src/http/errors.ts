import type { ErrorBody } from '@cellwatch/contracts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export type FieldError = { path: string; message: string };

/** A refusal the client can act on. Rendered as the one JSON error shape of DESIGN.md. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: FieldError[]) =>
  new ApiError(400, 'validation_failed', message, fields);
export const unauthorized = () => new ApiError(401, 'not_signed_in', 'Sign in to continue.');
export const forbidden = () => new ApiError(403, 'forbidden', 'Your role may not do this.');
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const clinicallyImpossible = (fields: FieldError[]) =>
  new ApiError(422, 'clinically_impossible', 'A value is outside what is clinically possible.', fields);
/**
 * A dose above a drug's maximum per dose (tocilizumab: 800 mg, clinical-reference.md). Refused like
 * an impossible value (422) but not called impossible: the dose exists, it is above the cap.
 */
export const aboveDoseCap = (message: string, fields: FieldError[]) =>
  new ApiError(422, 'above_dose_cap', message, fields);

export function zodFields(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

export function errorBody(code: string, message: string, fields?: FieldError[]): ErrorBody {
  return { error: fields?.length ? { code, message, fields } : { code, message } };
}

/**
 * The app-wide error handler: known refusals keep their status; anything else is logged on
 * the server and answered with a bare 500, never a stack trace.
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(errorBody(err.code, err.message, err.fields), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : status === 400 ? 'bad_request' : 'http_error';
    const message = status === 413 ? 'The request body is too large.' : err.message || 'Request refused.';
    return c.json(errorBody(code, message), status);
  }
  // A calendar feed's path holds its secret token: never in a log line.
  const path = c.req.path.replace(/\/calendar-feeds\/[^/]+/, '/calendar-feeds/[token]');
  console.error(`[cellwatch] unhandled error on ${c.req.method} ${path}:`, err);
  return c.json(errorBody('internal_error', 'Something went wrong on the server; nothing was saved.'), 500);
}

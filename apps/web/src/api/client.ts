import { ErrorBody } from '@cellwatch/contracts';
import type { z } from 'zod';

export type FieldError = { path: string; message: string };

/**
 * A refusal or failure from the API, in the one error shape of DESIGN.md. `status` 0 means
 * the server could not be reached; `code` is the API's machine-readable code.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** From `Retry-After` on 429 (and 503): seconds to wait before trying again. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldError[] = [],
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The message for one form field (by its path in the request body), if the API named it. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

type SessionEndedListener = () => void;
const sessionEndedListeners = new Set<SessionEndedListener>();

/**
 * The auth layer subscribes here: any 401 except from the sign-in call itself means the session
 * is gone (idle timeout, sign-out elsewhere, deactivated, password reset).
 */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

const LOGIN_PATH = '/api/auth/login';

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON; writes always send a JSON body (the API answers 415 otherwise). */
  body?: unknown;
  /** Validates the response body; omit for responses without one (204). */
  schema?: z.ZodType<T>;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

function withQuery(path: string, query: RequestOptions<unknown>['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a generic message.
  }
  const parsed = ErrorBody.safeParse(payload);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    return new ApiError(response.status, code, message, fields ?? [], retryAfter);
  }
  return new ApiError(
    response.status,
    'http_error',
    `The server answered ${response.status} ${response.statusText}`.trim(),
    [],
    retryAfter,
  );
}

/**
 * Idempotency keys for writes: one per submission. The same write (method, path and body)
 * sent again while the first is still on its way (a double click), or within two minutes of a
 * failure to get an answer (a retry after a dropped connection), carries the same key, so the
 * API charts it once and answers the repeat with the first answer. Once answered, the same
 * write again is a new submission (a second "new calendar URL" is meant).
 */
const SUBMISSION_REUSE_AFTER_FAILURE_MS = 120_000;
const submissionKeys = new Map<string, { key: string; until: number }>();

/** cyrb53, a fast 53-bit string hash: the body (which may hold a password) is not kept as text. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function newKey(): string {
  // getRandomValues works on plain http too, where randomUUID does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `cw-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The key for this submission: the pending one for the same write, or a new one. */
export function submissionKey(method: string, path: string, body: string, at = Date.now()): string {
  for (const [print, entry] of submissionKeys) if (entry.until < at) submissionKeys.delete(print);
  const print = fingerprint(`${method} ${path}\n${body}`);
  const entry = submissionKeys.get(print) ?? { key: newKey(), until: 0 };
  entry.until = Number.POSITIVE_INFINITY; // in flight
  submissionKeys.set(print, entry);
  return entry.key;
}

/** After the answer: the key is kept for a retry only when no answer came (network error, 5xx). */
function settleSubmission(
  method: string,
  path: string,
  body: string,
  outcome: 'answered' | 'failed' | 'refused',
) {
  const print = fingerprint(`${method} ${path}\n${body}`);
  const entry = submissionKeys.get(print);
  if (!entry) return;
  if (outcome === 'failed') entry.until = Date.now() + SUBMISSION_REUSE_AFTER_FAILURE_MS;
  else submissionKeys.delete(print);
}

/**
 * The one way the dashboard talks to the API: same-origin cookies, JSON both ways, errors as
 * `ApiError`, responses validated against the shared contracts.
 */
export async function apiRequest<T = void>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  const url = withQuery(path, options.query);
  const idempotent = method !== 'GET' && path !== LOGIN_PATH;
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
  }
  if (idempotent) headers['idempotency-key'] = submissionKey(method, url, body ?? '');
  const settle = (outcome: 'answered' | 'failed' | 'refused') => {
    if (idempotent) settleSubmission(method, url, body ?? '', outcome);
  };
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    settle('failed');
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'CellWatch could not reach the server. Check the connection.');
  }
  settle(response.ok ? 'answered' : response.status >= 500 ? 'failed' : 'refused');

  if (!response.ok) {
    const error = await errorFrom(response);
    // A refused signature (wrong password when signing) is a 401 too, but the session lives on.
    if (response.status === 401 && path !== LOGIN_PATH && error.code !== 'signature_refused') {
      for (const listener of sessionEndedListeners) listener();
    }
    throw error;
  }
  if (!options.schema) return undefined as T;
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    throw new ApiError(response.status, 'bad_response', 'The server sent a response CellWatch cannot read.');
  }
  const parsed = options.schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'bad_response',
      'The server sent a response this version of CellWatch does not understand.',
    );
  }
  return parsed.data;
}

/** A short sentence for an error, for the error states of pages and forms. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return 'Your role may not see or do this.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

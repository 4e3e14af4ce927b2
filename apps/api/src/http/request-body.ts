import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

const WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BodyRules {
  /** Larger bodies are refused with 413. */
  maxBytes: number;
  /** The whole body must have arrived within this long of the request's start, else 408. */
  deadlineMs: number;
}

const tooLarge = () => new ApiError(413, 'payload_too_large', 'The request body is too large.');

/**
 * Receives a request's whole body before anything else works on it: within `maxBytes` (413)
 * and within `deadlineMs` (408, and the connection is closed). A client that sends its body a
 * byte at a time so holds its socket for at most the deadline, and never holds a place that
 * other requests wait for: admission control only counts requests whose bodies have arrived.
 * The body is kept, so the routes read it as usual (`c.req.json()`).
 */
export function receiveBody(rules: BodyRules): MiddlewareHandler {
  return async (c, next) => {
    if (WITHOUT_BODY.has(c.req.method) || !c.req.raw.body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > rules.maxBytes) throw tooLarge();
    const reader = c.req.raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), rules.deadlineMs);
    });
    try {
      for (;;) {
        const read = reader.read();
        const result = await Promise.race([read, deadline]);
        if (result === 'late') {
          // The read still pending fails when the socket closes; nobody waits for it.
          read.catch(() => undefined);
          reader.cancel().catch(() => undefined);
          throw new ApiError(
            408,
            'request_timeout',
            `The request body did not arrive within ${Math.round(rules.deadlineMs / 1000)} s; nothing was saved.`,
            undefined,
            { Connection: 'close' },
          );
        }
        if (result.done) break;
        size += result.value.byteLength;
        if (size > rules.maxBytes) {
          reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(result.value);
      }
    } finally {
      clearTimeout(timer);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body });
    return next();
  };
}

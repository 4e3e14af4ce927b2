import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { WRITE_METHODS } from './admission.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

/** Letters, digits, dash, underscore, dot, colon: a UUID fits, a header injection does not. */
const KEY_FORMAT = /^[A-Za-z0-9._:-]{8,128}$/;
/** How long a key is remembered: a retry comes within seconds; a day covers a lost connection. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/** How long a repeat waits for the first request with its key to finish before saying so. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` on writes (the IETF httpapi draft's semantics): the dashboard sends one key
 * per form submission, so a double click, or a retry after a lost answer, charts once.
 *
 * The first request with a key reserves it (a row whose primary key is user + key, so two
 * requests racing on any instance cannot both reserve it), runs, and stores its 2xx answer. A
 * repeat with the same method, path and body waits for the first to finish and gets its answer
 * again (marked `Idempotent-Replayed: true`); the same key with another request is refused
 * with 409. A first request that was refused (4xx) or failed wrote nothing: its key is
 * released, so the corrected form may be sent with it. If the server stopped between the write
 * and storing its answer, the key stays reserved and a repeat gets 409: the chart, not a
 * second write, tells what happened.
 */
export function idempotentWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !WRITE_METHODS.has(c.req.method)) return next();
    if (!KEY_FORMAT.test(key)) {
      throw new ApiError(400, 'validation_failed', 'The Idempotency-Key header is malformed.', [
        { path: 'Idempotency-Key', message: '8 to 128 letters, digits, or . _ : -' },
      ]);
    }
    const user = c.var.user;
    if (!user) return next(); // writes without a session are refused by the routes themselves
    const { db } = c.var.services;
    const body = await c.req.text();
    const fingerprint = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n`)
      .update(body)
      .digest('hex');

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      if (await reserve(c, user.id, key, fingerprint)) break;
      const row = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('user_id', '=', user.id)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) continue; // the first request was refused and released the key: run afresh
      if (row.fingerprint !== fingerprint) {
        throw new ApiError(
          409,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
        );
      }
      if (row.status !== null) {
        return new Response(row.status === 204 ? null : row.body, {
          status: row.status,
          headers: {
            ...(row.content_type && { 'Content-Type': row.content_type }),
            'Idempotent-Replayed': 'true',
          },
        });
      }
      if (Date.now() > deadline) {
        throw new ApiError(
          409,
          'idempotency_key_in_progress',
          'A request with this key is still being saved, or its outcome is unknown. Check the chart before saving again.',
        );
      }
      await sleep(POLL_MS);
    }

    let answered = false;
    try {
      await next();
      if (c.res.status >= 200 && c.res.status < 300 && !c.error) {
        const text = await c.res.clone().text();
        await db
          .updateTable('idempotency_keys')
          .set({ status: c.res.status, content_type: c.res.headers.get('content-type'), body: text })
          .where('user_id', '=', user.id)
          .where('key', '=', key)
          .execute();
        answered = true;
      }
    } finally {
      if (!answered) {
        await db
          .deleteFrom('idempotency_keys')
          .where('user_id', '=', user.id)
          .where('key', '=', key)
          .execute();
      }
    }
  };
}

/** Takes the key for this request (dropping the user's expired keys first); false if it is taken. */
async function reserve(
  c: Context<AppEnv>,
  userId: number,
  key: string,
  fingerprint: string,
): Promise<boolean> {
  const { db, now } = c.var.services;
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('idempotency_keys')
      .where('user_id', '=', userId)
      .where('created_at_ms', '<', now() - IDEMPOTENCY_KEY_TTL_MS)
      .execute();
    const inserted = await trx
      .insertInto('idempotency_keys')
      .values({
        user_id: userId,
        key,
        fingerprint,
        status: null,
        content_type: null,
        body: null,
        created_at_ms: now(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  });
}

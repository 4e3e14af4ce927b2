import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../http/env.ts';

/** Liveness with the database checked: a query must round-trip. */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  try {
    await sql`select 1`.execute(c.var.services.db);
    return c.json({ status: 'ok' }, 200);
  } catch {
    return c.json(
      { status: 'unavailable', error: { code: 'database_unavailable', message: 'Database check failed.' } },
      503,
    );
  }
});

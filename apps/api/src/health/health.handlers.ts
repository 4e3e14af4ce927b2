import { sql } from 'kysely';
import { resourceRouter } from '../http/routes.ts';
import { checkHealth } from './health.routes.ts';

/**
 * Liveness with the database checked: a query must round-trip. With several instances on one
 * PostgreSQL, an instance that has lost its LISTEN connection would show its screens no alert
 * charted through the others, so it reports itself unavailable until it listens again (a load
 * balancer then sends its users elsewhere).
 */
export const healthRoutes = resourceRouter().openapi(checkHealth, async (c) => {
  try {
    await sql`select 1`.execute(c.var.services.db);
    if (!c.var.services.events.delivering) {
      return c.json(
        {
          status: 'unavailable',
          error: {
            code: 'events_unavailable',
            message: 'Live events from other instances are not arriving.',
          },
        },
        503,
      );
    }
    return c.json({ status: 'ok' }, 200);
  } catch {
    return c.json(
      { status: 'unavailable', error: { code: 'database_unavailable', message: 'Database check failed.' } },
      503,
    );
  }
});

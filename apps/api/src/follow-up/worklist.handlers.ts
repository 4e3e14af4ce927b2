import type { WorklistResponse } from '@cellwatch/contracts';
import type { Context } from 'hono';
import { auditedList } from '../audit/audited-read.ts';
import type { AppEnv } from '../http/env.ts';
import { resourceRouter } from '../http/routes.ts';
import { listWorklist, worklistAsCalendar } from './worklist.routes.ts';
import { CALENDAR_HEADERS, readUnitWorklist, worklistCalendar } from './worklist.ts';

async function unitWorklist(c: Context<AppEnv>, horizonDays: number) {
  const { now, followUp } = c.var.services;
  const t = now();
  return auditedList(c, 'worklist', { horizonDays }, (trx) =>
    readUnitWorklist(trx, t, followUp, horizonDays),
  );
}

/** The coordinator's worklist, and the same items as an iCalendar file (the session's own download). */
export const worklistRoutes = resourceRouter()
  .openapi(listWorklist, async (c) => {
    const q = c.req.valid('query');
    const items = (await unitWorklist(c, q.horizonDays)).map(({ feedLabel: _, ...item }) => item);
    return c.json({ items } satisfies WorklistResponse, 200);
  })
  .openapi(worklistAsCalendar, async (c) => {
    const q = c.req.valid('query');
    const items = await unitWorklist(c, q.horizonDays);
    return c.body(worklistCalendar(items, c.var.services.now()), 200, CALENDAR_HEADERS);
  });

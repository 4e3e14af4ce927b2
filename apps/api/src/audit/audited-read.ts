import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { currentUser } from '../auth/current-user.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { appendAudit } from './audit-log.ts';

/**
 * A read across patients (ward, queues, worklists): the read and one audit row saying who
 * listed what, with which filters and how many records, in one transaction.
 */
export async function auditedList<T>(
  c: Context<AppEnv>,
  entity: string,
  filters: unknown,
  read: (trx: Kysely<Database>) => Promise<T[]>,
): Promise<T[]> {
  const { db, now } = c.var.services;
  const actor = currentUser(c);
  return db.transaction().execute(async (trx) => {
    const rows = await read(trx);
    await appendAudit(
      trx,
      { actor, action: 'list', entity, after: { filters, count: rows.length } },
      new Date(now()),
    );
    return rows;
  });
}

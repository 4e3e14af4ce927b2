import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AuditKeyring } from './audit-key.ts';
import { keyedChainingStart } from './audit-log.ts';
import { COVERED_TABLES, type CoveredTable } from './fact-coverage.ts';

/**
 * A database upgraded from before keyed chaining gets its first keyed audit row as soon as it is
 * opened with a keyring, before anything else is written. Until then the only record of how far
 * its old, uncovered facts go would be the writer's marks, which someone with the file can
 * change; after it, a trail stripped back to plain hashes shows as facts in no audit row.
 */

const HIGHEST = `select ${COVERED_TABLES.map((t) => `(select max(id) from ${t}) as ${t}`).join(', ')}`;

function highestOf(row: Record<string, unknown> | undefined): { table: CoveredTable; top: number }[] {
  return COVERED_TABLES.map((table) => ({ table, top: Number(row?.[table] ?? 0) }));
}

/** SQLite, on the raw connection (opening is synchronous there). */
export function startKeyedChainingSqlite(sqlite: BetterSqlite3.Database, keyring: AuditKeyring): void {
  sqlite
    .transaction(() => {
      const last = sqlite
        .prepare('select seq, hash, key_id from audit_log order by seq desc limit 1')
        .get() as { seq: number; hash: string; key_id: string | null } | undefined;
      if (!last || last.key_id !== null) return;
      const highest = highestOf(sqlite.prepare(HIGHEST).get() as Record<string, unknown>);
      const row = keyedChainingStart(keyring, last, highest, new Date());
      const columns = Object.keys(row);
      sqlite
        .prepare(
          `insert into audit_log (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
        )
        .run(row);
      const mark = sqlite.prepare(
        'insert into audit_fact_marks (fact_table, covered_through) values (?, ?) on conflict (fact_table) do update set covered_through = excluded.covered_through',
      );
      for (const { table, top } of highest) if (top > 0) mark.run(table, top);
    })
    .immediate();
}

/** Any store, in one write transaction (on PostgreSQL, under the write lock: one instance does it). */
export async function startKeyedChaining(db: Kysely<Database>, keyring: AuditKeyring): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash', 'key_id'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last || last.key_id !== null) return;
    const highest = highestOf((await sql<Record<string, unknown>>`${sql.raw(HIGHEST)}`.execute(trx)).rows[0]);
    await trx
      .insertInto('audit_log')
      .values(keyedChainingStart(keyring, last, highest, new Date()))
      .execute();
    for (const { table, top } of highest) {
      if (top === 0) continue;
      await trx
        .insertInto('audit_fact_marks')
        .values({ fact_table: table, covered_through: top })
        .onConflict((oc) => oc.column('fact_table').doUpdateSet({ covered_through: top }))
        .execute();
    }
  });
}

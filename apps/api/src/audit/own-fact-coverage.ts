import { createHash } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { FACT_FLOOR_SETTING } from '../db/write-locks.ts';
import {
  COVERED_TABLES,
  type CoveredTable,
  canonicalFact,
  type FactRange,
  LEGACY_COUNT,
} from './fact-coverage.ts';

/**
 * Fact coverage on PostgreSQL, where writes for different patients run in parallel (db/postgres.ts).
 * Ids are then handed out in one order and committed in another: a write may commit fact 101
 * while fact 100, another patient's, is still being written and not yet visible. "Everything
 * since the previous covering row" would miss fact 100 for good. So each audit row covers the
 * facts of its own transaction instead (the rows whose xmin is the transaction's id), as ranges of
 * consecutive ids; the verifier checks that the ranges of all rows together cover every fact once
 * (fact-coverage.ts).
 *
 * Their search starts above the highest ids committed when the transaction took its locks (the
 * floor set by write-locks.ts): later ids are the only ones it can have written. Returns null when
 * the transaction has no floor (a statement outside a locked transaction), and on SQLite: the
 * caller then covers everything since the previous covering row, which is exact for a lone writer.
 */
export async function coverOwnFacts(
  trx: Kysely<Database>,
  firstKeyedRow: boolean,
): Promise<FactRange[] | null> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return null;
  const setting = (
    await sql<{ floor: string | null }>`select current_setting(${FACT_FLOOR_SETTING}, true) as floor`.execute(
      trx,
    )
  ).rows[0]?.floor;
  if (!setting) return null;
  const floor = JSON.parse(setting) as Record<CoveredTable, number>;
  // The transaction's own id as its rows' xmin shows it (xid8 without the epoch).
  const ownRows = sql.join(
    COVERED_TABLES.map(
      (t) =>
        sql`select ${sql.lit(t)} as fact_table, min(id) as low, max(id) as high from ${sql.table(t)} where id > ${floor[t] ?? 0} and xmin::text = (pg_current_xact_id()::text::bigint % 4294967296)::text`,
    ),
    sql` union all `,
  );
  const found = (
    await sql<{ fact_table: CoveredTable; low: number | null; high: number | null }>`${ownRows}`.execute(trx)
  ).rows;
  const ranges: FactRange[] = [];
  if (firstKeyedRow) {
    // The first keyed row says, under its HMAC, how far each table's unkeyed facts go.
    const marks = await trx
      .selectFrom('audit_fact_marks')
      .select(['fact_table', 'covered_through'])
      .execute();
    for (const m of marks) {
      if (m.covered_through > 0)
        ranges.push([m.fact_table as CoveredTable, 0, m.covered_through, LEGACY_COUNT, '']);
    }
  }
  for (const { fact_table: table, low, high } of found) {
    if (low === null || high === null) continue;
    const rows = (await trx
      .selectFrom(table as 'vital_sets')
      .selectAll()
      .where('id', '>=', Number(low))
      .where('id', '<=', Number(high))
      .where(sql<boolean>`xmin::text = (pg_current_xact_id()::text::bigint % 4294967296)::text`)
      .orderBy('id')
      .execute()) as unknown as (Record<string, unknown> & { id: number })[];
    // Consecutive ids make one range; an id between them written by another transaction (or
    // left unused by a rolled-back one) splits them.
    let start = 0;
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && rows[i]?.id === (rows[i - 1]?.id ?? 0) + 1) continue;
      const run = rows.slice(start, i);
      const hash = createHash('sha256');
      for (const row of run) hash.update(canonicalFact(table, row)).update('\n');
      const first = run[0]?.id ?? 0;
      ranges.push([table, first - 1, run[run.length - 1]?.id ?? first, run.length, hash.digest('hex')]);
      start = i;
    }
    floor[table] = Number(high);
    // The mark stays the highest id covered, for a later row written outside a locked transaction.
    await sql`insert into audit_fact_marks (fact_table, covered_through) values (${table}, ${Number(high)})
      on conflict (fact_table) do update set covered_through = greatest(audit_fact_marks.covered_through, excluded.covered_through)`.execute(
      trx,
    );
  }
  if (found.some((f) => f.high !== null)) {
    // A second audit row in the same transaction covers only what was written after this one.
    await sql`select set_config(${FACT_FLOOR_SETTING}, ${JSON.stringify(floor)}, true)`.execute(trx);
  }
  return ranges;
}

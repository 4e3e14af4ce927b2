import type { Insertable, Kysely } from 'kysely';
import type { Database } from './schema.ts';

type TableWithId = {
  [T in keyof Database]: Database[T] extends { id: unknown } ? T : never;
}[keyof Database];

/**
 * Inserts many rows of one table with one statement text: it is compiled once, for the first
 * row, and run again with each row's values, so the store prepares it once (the SQLite driver
 * keeps prepared statements by text, db/group-commit.ts) and no query is built per row. Every
 * row must have the first row's columns in the same order. Returns the new ids, in row order.
 */
export async function insertRows<T extends TableWithId>(
  trx: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<number[]> {
  const first = rows[0];
  if (!first) return [];
  const columns = Object.keys(first);
  // The table name comes from code; the builder is typed loosely because T is generic.
  const compiled = (trx as unknown as Kysely<Record<string, { id: number }>>)
    .insertInto(table)
    .values(first as never)
    .returning('id')
    .compile();
  // The compiled statement binds the first row's values in column order, nothing else.
  const bound = columns.map((c) => (first as Record<string, unknown>)[c]);
  if (compiled.parameters.length !== bound.length || compiled.parameters.some((p, i) => p !== bound[i])) {
    throw new Error(`insertRows(${table}): the statement does not bind one value per column`);
  }
  const ids: number[] = [];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    const parameters = columns.map((c) => {
      if (!(c in values)) throw new Error(`insertRows(${table}): a row lacks column ${c}`);
      return values[c];
    });
    if (Object.keys(values).length !== columns.length) {
      throw new Error(`insertRows(${table}): the rows do not all have the same columns`);
    }
    const result = await trx.executeQuery<{ id: number }>({ ...compiled, parameters });
    ids.push(Number(result.rows[0]?.id));
  }
  return ids;
}

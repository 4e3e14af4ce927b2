import type { FactTable } from '../db/schema.ts';

/** A charted fact by table and row id; the engine knows it as `table:id`. */
export interface FactRef {
  table: FactTable;
  id: number;
}

export const engineFactId = (ref: FactRef) => `${ref.table}:${ref.id}`;

export function parseEngineFactId(id: string): FactRef {
  const [table, num] = id.split(':');
  return { table: table as FactTable, id: Number(num) };
}

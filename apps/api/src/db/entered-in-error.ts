import { sql } from 'kysely';
import type { FactTable } from './schema.ts';

/**
 * The condition "this fact is not marked entered-in-error", for any fact table: facts are
 * never deleted, so every rule and view that uses them filters the corrected ones out here.
 */
export const notEnteredInError = (table: FactTable, idColumn = 'id') =>
  sql<boolean>`${sql.ref(idColumn)} not in (select fact_id from corrections where fact_table = ${table})`;

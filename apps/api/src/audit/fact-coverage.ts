import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, FactTable } from '../db/schema.ts';

/**
 * The audit trail covers the charted facts themselves, not only the record that they were
 * written (21 CFR 11.10(e): the audit trail must let changes to records be detected). Each keyed
 * audit row carries, per fact table, the range of fact ids written since the previous covering
 * row, their count and a SHA-256 of their canonical form; its HMAC covers those, so a fact
 * changed, removed or slipped in through the database file no longer matches any keyed row.
 *
 * On SQLite writes are serial, so ids grow in commit order and each range starts where the
 * previous one of its table ended. On PostgreSQL writes for different patients run in parallel
 * and each audit row covers its own transaction's facts (own-fact-coverage.ts); either way every
 * fact lies in exactly one range.
 */

/** The tables whose rows never change once written: the facts, their corrections, the signatures. */
export const COVERED_TABLES = [
  'vital_sets',
  'neuro_assessments',
  'medication_administrations',
  'vasopressor_infusions',
  'vasopressor_stops',
  'lab_results',
  'annotations',
  'infections',
  'ivig_doses',
  'ivig_dose_outcomes',
  'immunosuppressant_stops',
  'remission_assessments',
  'licats_events',
  'milestone_visits',
  'malignancy_events',
  'transgene_testing_tasks',
  'transgene_testing_done',
  'disease_scores',
  'prophylaxis_records',
  'prophylaxis_stops',
  'hbv_screenings',
  'vaccine_doses',
  'infusion_episodes',
  'corrections',
  'grade_signatures',
] as const satisfies readonly (FactTable | 'corrections' | 'grade_signatures')[];
export type CoveredTable = (typeof COVERED_TABLES)[number];

// Every fact table is covered: adding one to FactTable without listing it here fails to compile.
const everyFactTable: Exclude<FactTable, CoveredTable> extends never ? true : never = true;
void everyFactTable;

/**
 * Columns left out of a row's canonical form: a signature's `invalidated_at` is the one mark a
 * signature may receive later (a fact behind it was corrected; see migration 003).
 */
const MUTABLE_COLUMNS: Partial<Record<CoveredTable, readonly string[]>> = {
  grade_signatures: ['invalidated_at'],
};

/**
 * `[table, afterId, throughId, count, sha256]`: the rows with afterId < id ≤ throughId. A count of
 * LEGACY_COUNT marks the facts charted before keyed chaining (first keyed row only; no hash).
 */
export type FactRange = [
  table: CoveredTable,
  afterId: number,
  throughId: number,
  count: number,
  hash: string,
];

export const LEGACY_COUNT = -1;

const PAGE = 2000;

/**
 * Columns added to a covered table after keyed chaining began, left out of the canonical form
 * while null: a row charted before the column existed hashes as it did when it was covered.
 */
const LATER_COLUMNS: Partial<Record<CoveredTable, readonly string[]>> = {
  vital_sets: ['oxygen_for_comfort'], // migration 014
};

/** The canonical bytes of one fact row: column names sorted, the mutable ones left out. */
export function canonicalFact(table: CoveredTable, row: Record<string, unknown>): string {
  const skip = MUTABLE_COLUMNS[table] ?? [];
  const later = LATER_COLUMNS[table] ?? [];
  const columns = Object.keys(row)
    .filter((c) => !skip.includes(c) && !(later.includes(c) && row[c] == null))
    .sort();
  return JSON.stringify([table, ...columns.map((c) => [c, row[c] ?? null])]);
}

/** Rows of a covered table with afterId < id ≤ throughId, in id order, a page at a time. */
export async function* factRows(
  db: Kysely<Database>,
  table: CoveredTable,
  afterId: number,
  throughId = Number.MAX_SAFE_INTEGER,
): AsyncGenerator<Record<string, unknown> & { id: number }> {
  let after = afterId;
  for (;;) {
    // The table name comes from COVERED_TABLES, never from input.
    const page = (await db
      .selectFrom(table as 'vital_sets')
      .selectAll()
      .where('id', '>', after)
      .where('id', '<=', throughId)
      .orderBy('id')
      .limit(PAGE)
      .execute()) as unknown as (Record<string, unknown> & { id: number })[];
    for (const row of page) yield row;
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return;
    after = last.id;
  }
}

export interface RangeDigest {
  count: number;
  hash: string;
}

export async function digestRange(
  db: Kysely<Database>,
  table: CoveredTable,
  afterId: number,
  throughId: number,
): Promise<RangeDigest> {
  const hash = createHash('sha256');
  let count = 0;
  for await (const row of factRows(db, table, afterId, throughId)) {
    hash.update(canonicalFact(table, row)).update('\n');
    count++;
  }
  return { count, hash: hash.digest('hex') };
}

/**
 * Rows a write has just inserted, by table, in id order and exactly as stored (every column),
 * so that covering them needs no read back. Used only when they are the whole range to cover.
 */
export type WrittenFacts = ReadonlyMap<CoveredTable, readonly (Record<string, unknown> & { id: number })[]>;

/** The digest of afterId < id ≤ throughId from the written rows, or null when they are not exactly that range. */
function digestWritten(
  table: CoveredTable,
  rows: readonly (Record<string, unknown> & { id: number })[] | undefined,
  afterId: number,
  throughId: number,
): RangeDigest | null {
  if (!rows || rows.length !== throughId - afterId) return null;
  const hash = createHash('sha256');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown> & { id: number };
    if (row.id !== afterId + 1 + i) return null;
    hash.update(canonicalFact(table, row)).update('\n');
  }
  return { count: rows.length, hash: hash.digest('hex') };
}

/**
 * The facts written since the last covering audit row, as ranges for the next audit row, and
 * the marks moved on. Call it inside the transaction that appends that row. A range that is
 * exactly the rows the write passes in (`written`) is hashed from them; any other is read.
 */
export async function coverNewFacts(
  trx: Kysely<Database>,
  firstKeyedRow: boolean,
  written?: WrittenFacts,
): Promise<FactRange[]> {
  const marks = new Map(
    (await trx.selectFrom('audit_fact_marks').select(['fact_table', 'covered_through']).execute()).map(
      (m) => [m.fact_table, m.covered_through],
    ),
  );
  // One statement for the highest id of every table (each an index lookup).
  const highest = sql.join(
    COVERED_TABLES.map(
      (t) => sql`select ${sql.lit(t)} as fact_table, (select max(id) from ${sql.table(t)}) as top`,
    ),
    sql` union all `,
  );
  const tops = (await sql<{ fact_table: CoveredTable; top: number | null }>`${highest}`.execute(trx)).rows;
  const ranges: FactRange[] = [];
  for (const { fact_table: table, top } of tops) {
    const after = marks.get(table) ?? 0;
    // The first keyed row says, under its HMAC, how far each table's unkeyed facts go.
    if (firstKeyedRow && after > 0) ranges.push([table, 0, after, LEGACY_COUNT, '']);
    if (top === null || Number(top) <= after) continue;
    const through = Number(top);
    const { count, hash } =
      digestWritten(table, written?.get(table), after, through) ??
      (await digestRange(trx, table, after, through));
    ranges.push([table, after, through, count, hash]);
    if (marks.has(table)) {
      await trx
        .updateTable('audit_fact_marks')
        .set({ covered_through: through })
        .where('fact_table', '=', table)
        .execute();
    } else {
      await trx
        .insertInto('audit_fact_marks')
        .values({ fact_table: table, covered_through: through })
        .execute();
    }
  }
  return ranges;
}

export function parseFactRanges(json: string | null): FactRange[] {
  if (json === null) return [];
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed)) throw new Error('facts_json is not a list');
  return parsed as FactRange[];
}

/** A fact-level finding of the verifier: where, and what. */
export interface FactProblem {
  seq: number | null;
  table: CoveredTable;
  /** First and last fact id concerned. */
  rowIds: [number, number];
  message: string;
}

function rowsLabel(table: string, from: number, through: number): string {
  return from === through ? `${table} row ${from}` : `${table} rows ${from}..${through}`;
}

/**
 * Reads one table once, in id order, for the verifier: each range is digested from the rows
 * that follow the previous one (one query per page, not one per audit row).
 */
class TableCursor {
  readonly #rows: AsyncGenerator<Record<string, unknown> & { id: number }>;
  #next: (Record<string, unknown> & { id: number }) | null | undefined;
  #position: number;

  constructor(
    db: Kysely<Database>,
    readonly table: CoveredTable,
    after: number,
  ) {
    this.#rows = factRows(db, table, after);
    this.#position = after;
  }

  async #peek() {
    if (this.#next === undefined) {
      const r = await this.#rows.next();
      this.#next = r.done ? null : r.value;
    }
    return this.#next;
  }

  /** The digest of the rows with after < id ≤ through; null when the cursor has passed `after`. */
  async digest(after: number, through: number): Promise<RangeDigest | null> {
    if (after < this.#position) return null;
    const hash = createHash('sha256');
    let count = 0;
    for (let row = await this.#peek(); row && row.id <= through; row = await this.#peek()) {
      if (row.id > after) {
        hash.update(canonicalFact(this.table, row)).update('\n');
        count++;
      }
      this.#next = undefined;
    }
    this.#position = through;
    return { count, hash: hash.digest('hex') };
  }

  /** The first and last id with after < id ≤ through, or null; null also when the cursor has passed `after`. */
  async between(after: number, through: number): Promise<[number, number] | null> {
    if (after < this.#position) return null;
    let first: number | null = null;
    let last = 0;
    for (let row = await this.#peek(); row && row.id <= through; row = await this.#peek()) {
      if (row.id > after) {
        first ??= row.id;
        last = row.id;
      }
      this.#next = undefined;
    }
    this.#position = through;
    return first === null ? null : [first, last];
  }

  /** The first and last id beyond `after` (rows no range covers), or null. */
  async beyond(after: number): Promise<[number, number] | null> {
    let first: number | null = null;
    let last = 0;
    for (let row = await this.#peek(); row; row = await this.#peek()) {
      if (row.id > after) {
        first ??= row.id;
        last = row.id;
      }
      this.#next = undefined;
    }
    return first === null ? null : [first, last];
  }
}

/** A range as the verifier collects it: with the audit row that recorded it. */
export interface CoverageRange {
  seq: number;
  range: FactRange;
}

/**
 * Re-reads every covered table and compares it with the ranges of the keyed audit rows (in id
 * order): no range may overlap another, each must hold the same rows, and no row may lie
 * between ranges or beyond the last one. A legacy range (count -1,
 * facts charted before keyed chaining) is accepted only in the first keyed row (`legacySeq`).
 */
export async function verifyFactCoverage(
  db: Kysely<Database>,
  ranges: CoverageRange[],
  legacySeq: number | null,
  limit = 50,
): Promise<{ problems: FactProblem[]; legacyFacts: Partial<Record<CoveredTable, number>> }> {
  const problems: FactProblem[] = [];
  const legacyFacts: Partial<Record<CoveredTable, number>> = {};
  for (const table of COVERED_TABLES) {
    let expectedAfter = 0;
    let cursor: TableCursor | undefined;
    // In id order: on PostgreSQL, writes for different patients commit in parallel, so a row's
    // ranges may come before an earlier one's in the chain (audit/own-fact-coverage.ts).
    const ofTable = ranges.filter((r) => r.range[0] === table).sort((x, y) => x.range[1] - y.range[1]);
    for (const { seq, range } of ofTable) {
      const [, after, through, count, hash] = range;
      if (after > expectedAfter) {
        // Ids no range covers (left unused by a rolled-back write) must hold no fact.
        cursor ??= new TableCursor(db, table, expectedAfter);
        const uncovered = await cursor.between(expectedAfter, after);
        if (uncovered) {
          const [first, last] = uncovered;
          problems.push({
            seq: null,
            table,
            rowIds: [first, last],
            message: `${rowsLabel(table, first, last)} ${first === last ? 'is' : 'are'} in no audit row`,
          });
        }
      } else if (after < expectedAfter) {
        problems.push({
          seq,
          table,
          rowIds: [after + 1, expectedAfter],
          message: `audit row ${seq} covers ${table} from id ${after + 1}, but another covering row already covers through id ${expectedAfter}`,
        });
      }
      if (count === LEGACY_COUNT) {
        if (seq === legacySeq) legacyFacts[table] = through;
        else {
          problems.push({
            seq,
            table,
            rowIds: [after + 1, through],
            message: `audit row ${seq} claims ${rowsLabel(table, after + 1, through)} predate keyed chaining, but it is not the first keyed row`,
          });
        }
      } else {
        cursor ??= new TableCursor(db, table, after);
        const found = (await cursor.digest(after, through)) ?? (await digestRange(db, table, after, through));
        if (found.count !== count || found.hash !== hash) {
          problems.push({
            seq,
            table,
            rowIds: [after + 1, through],
            message:
              found.count === count
                ? `${rowsLabel(table, after + 1, through)} changed since audit row ${seq} recorded ${count === 1 ? 'it' : 'them'}`
                : `${rowsLabel(table, after + 1, through)}: audit row ${seq} recorded ${count} row(s), the table holds ${found.count}`,
          });
        }
      }
      expectedAfter = Math.max(expectedAfter, through);
    }
    const stray = await (cursor ?? new TableCursor(db, table, expectedAfter)).beyond(expectedAfter);
    if (stray) {
      const [first, last] = stray;
      problems.push({
        seq: null,
        table,
        rowIds: [first, last],
        message: `${rowsLabel(table, first, last)} ${first === last ? 'is' : 'are'} in no audit row`,
      });
    }
    if (problems.length >= limit) break;
  }
  return { problems: problems.slice(0, limit), legacyFacts };
}

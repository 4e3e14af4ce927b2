import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresDriver,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { type AuditKeySource, bindAuditKeyring, loadAuditKeyring } from '../audit/audit-key.ts';
import { startKeyedChaining } from '../audit/keyed-start.ts';
import { migratePostgres } from './migrate-postgres.ts';
import type { Database } from './schema.ts';

/**
 * The PostgreSQL store: the same tables, the same Kysely queries, for a network of centres that
 * shares one replicated server. SQLite stays the default (see store.ts).
 *
 * One write at a time, as in SQLite. Every request's transaction first takes one transaction-level
 * advisory lock, shared by every CellWatch process on the database, so transactions run one after
 * another whatever instance they come from. That keeps what the embedded store guarantees and the
 * code relies on: the audit chain's next sequence number and previous hash are read and written
 * without a gap, "one open alert per rule" is checked and inserted as one step, and a regrade sees
 * every fact committed before it. Plain reads outside a transaction do not wait for it.
 */

/** Distinct statements each connection keeps prepared; beyond, statements are planned each time. */
const PREPARED_PER_CONNECTION = 500;

/**
 * Has a connection prepare each distinct statement once (a named statement) and reuse it, as
 * the SQLite store does with its statement cache: PostgreSQL then parses and plans it once per
 * connection, not on every request. Each write holds the write lock for its whole transaction,
 * so time saved per statement is throughput for the whole deployment.
 */
function prepareStatements(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || args.length !== 2) return query(...args);
    let name = names.get(text);
    if (!name && names.size < PREPARED_PER_CONNECTION) {
      name = `cw${names.size + 1}`;
      names.set(text, name);
    }
    return name ? query({ name, text, values }) : query(text, values);
  };
}

/** The advisory lock key (any fixed 64-bit number; this one spells nothing). */
export const WRITE_LOCK_KEY = 7_338_265_020;

class SerialTransactionDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`));
  }
}

class SerialTransactionDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }
  override createDriver() {
    return new SerialTransactionDriver({ pool: this.#pool });
  }
}

/**
 * Column types as the SQLite store returns them: bigint (ids, epoch milliseconds, counts) and
 * numeric (sums) as JavaScript numbers. Epoch milliseconds and row counts stay far below 2^53.
 */
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface OpenedPostgres {
  kind: 'postgres';
  db: Kysely<Database>;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

/**
 * Connects, migrates (once, whichever instance gets there first) and returns the store. Every
 * instance on one database must have the same audit keyring (CELLWATCH_AUDIT_KEY or
 * CELLWATCH_AUDIT_KEY_FILE, unless given): one whose keys do not sign the newest row is refused.
 */
export async function openPostgres(
  url: string,
  poolSize = 10,
  auditKeys: AuditKeySource = { env: process.env },
): Promise<OpenedPostgres> {
  await migratePostgres(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  // An idle client that loses its server (a failover, say) must not crash the process.
  pool.on('error', (err) => console.error('[cellwatch] postgres connection error:', err.message));
  pool.on('connect', prepareStatements);
  const db = new Kysely<Database>({ dialect: new SerialTransactionDialect(pool) });
  try {
    const newest = await db
      .selectFrom('audit_log')
      .select('key_id')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const keyring = loadAuditKeyring(auditKeys, newest?.key_id ?? null);
    bindAuditKeyring(db, keyring);
    await startKeyedChaining(db, keyring);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    kind: 'postgres',
    db,
    pool,
    url,
    // Kysely's destroy ends the pool too.
    close: () => db.destroy(),
  };
}

/** Whether a query builder (or a transaction of one) talks to PostgreSQL, for the few dialect-specific fragments. */
export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

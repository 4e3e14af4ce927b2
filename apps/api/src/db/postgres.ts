import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresDriver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { type AuditKeySource, bindAuditKeyring, loadAuditKeyring } from '../audit/audit-key.ts';
import { startKeyedChaining } from '../audit/keyed-start.ts';
import { migratePostgres } from './migrate-postgres.ts';
import type { Database } from './schema.ts';
import { EXCLUSIVE_WRITE_LOCK_SQL, factFloorSql, isPatientLock } from './write-locks.ts';

/**
 * The PostgreSQL store: the same tables, the same Kysely queries, for a network of centres that
 * shares one replicated server. SQLite stays the default (see store.ts).
 *
 * Writes for different patients run in parallel, from any instance; writes for one patient run one
 * after another. Every write transaction's first statement takes transaction-level advisory locks
 * shared by every CellWatch process on the database (write-locks.ts):
 * - a write to a patient's record (charting, regrading, the per-patient sweeps) calls
 *   `lockPatients` first: the write lock shared, then that patient's lock. So a regrade sees every
 *   fact committed for the patient before it, and "one open alert per rule and patient" is checked
 *   and inserted as one step;
 * - any other write (users, settings, devices, a write for several patients) takes the write lock
 *   exclusively, as every write did before: it runs alone.
 * The audit chain's next sequence number and previous hash are read under a third, short lock
 * that appendAudit takes as the last step of the transaction (audit-log.ts). Locks are always taken
 * in that order (write lock, patients in ascending id, audit chain), so two writes cannot wait for
 * each other. Plain reads outside a transaction do not wait for any of them.
 */

/** Distinct statements each connection keeps prepared; beyond, statements are planned each time. */
const PREPARED_PER_CONNECTION = 500;

/**
 * Has a connection prepare each distinct statement once (a named statement) and reuse it, as
 * the SQLite store does with its statement cache: PostgreSQL then parses and plans it once per
 * connection, not on every request. Each write holds its patient's lock for its whole
 * transaction, so time saved per statement is throughput for that patient and the chain.
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

interface LockState {
  /** Set by BEGIN: the next statement takes the transaction's locks. */
  pending: boolean;
  /** The write lock exclusively (no patient lock is then needed). */
  exclusive: boolean;
}

/**
 * Takes each write transaction's locks with its first statement: the statement of `lockPatients`
 * when it comes first, otherwise the write lock exclusively.
 */
class PatientLockingDriver extends PostgresDriver {
  readonly #states = new WeakMap<DatabaseConnection, LockState>();

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    if (!this.#states.has(connection)) {
      const state: LockState = { pending: false, exclusive: false };
      this.#states.set(connection, state);
      const execute = connection.executeQuery.bind(connection);
      connection.executeQuery = (<R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const patientLock = isPatientLock(query.sql);
        if (state.pending) {
          state.pending = false;
          if (patientLock) return execute<R>(query);
          state.exclusive = true;
          return execute(CompiledQuery.raw(EXCLUSIVE_WRITE_LOCK_SQL))
            .then(() => execute(CompiledQuery.raw(factFloorSql())))
            .then(() => execute<R>(query));
        }
        if (patientLock && state.exclusive) return Promise.resolve({ rows: [] });
        if (patientLock) {
          return Promise.reject(
            new Error('a transaction takes its patient locks together, as its first statement'),
          );
        }
        return execute<R>(query);
      }) as DatabaseConnection['executeQuery'];
    }
    return connection;
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await super.beginTransaction(connection, settings);
    const state = this.#states.get(connection);
    if (state) {
      state.pending = true;
      state.exclusive = false;
    }
  }

  override async releaseConnection(connection: Parameters<PostgresDriver['releaseConnection']>[0]) {
    const state = this.#states.get(connection);
    if (state) {
      state.pending = false;
      state.exclusive = false;
    }
    await super.releaseConnection(connection);
  }
}

class PatientLockingDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }
  override createDriver() {
    return new PatientLockingDriver({ pool: this.#pool });
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
  const db = new Kysely<Database>({ dialect: new PatientLockingDialect(pool) });
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

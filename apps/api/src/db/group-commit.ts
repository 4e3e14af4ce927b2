import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * Group commit for the embedded database.
 *
 * Every write request runs in its own transaction, and `synchronous=FULL` makes each COMMIT wait
 * for the disk (an fsync, a few milliseconds here). Committed one by one, the disk, not the
 * server, caps how many vital sets a ward can chart per second, and every fsync blocks the event
 * loop (better-sqlite3 is synchronous), delaying alerts to every screen.
 *
 * So requests' transactions are savepoints inside one open database transaction, and one COMMIT
 * (one fsync) makes all of them durable together, on the next turn of the event loop. A request
 * is never answered before the COMMIT that holds its writes has returned: `transaction().execute`
 * resolves only then, and if that COMMIT fails every request in it gets the error (nothing it
 * wrote is acknowledged). A request that fails rolls back to its own savepoint and leaves the
 * others untouched. Plain statements outside a transaction simply join the open one.
 *
 * One connection, one writer at a time (a mutex, as in Kysely's own SQLite driver).
 */

const STATEMENT_CACHE_SIZE = 500;

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Resolves with the function that releases the lock, in call order. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
}

/** A connection that prepares each distinct SQL text once (better-sqlite3 statements are reusable). */
class CachedStatementConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      // Most recently used last, so the oldest is evicted first.
      this.#statements.delete(sql);
    } else {
      statement = this.#db.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  run(sql: string): void {
    this.#prepare(sql).run();
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by this driver
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported');
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommitDriver implements Driver {
  readonly #db: BetterSqlite3.Database;
  readonly #connection: CachedStatementConnection;
  readonly #mutex = new Mutex();
  #release: (() => void) | null = null;
  /** Whether this connection's shared transaction is open. */
  #open = false;
  /** Requests whose savepoint was released and that wait for the next COMMIT. */
  #waiting: Waiter[] = [];
  /** Set by commitTransaction, read by releaseConnection of the same (locked) use. */
  #releasedSavepoint = false;
  #flushScheduled = false;
  /** Counts for the benchmark and the tests: how many COMMITs, how many request transactions. */
  readonly stats = { commits: 0, transactions: 0 };

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#connection = new CachedStatementConnection(db);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    if (!this.#open || !this.#db.inTransaction) {
      this.#connection.run('begin immediate');
      this.#open = true;
    }
    this.#connection.run('savepoint request');
  }

  async commitTransaction(): Promise<void> {
    this.#connection.run('release request');
    this.#releasedSavepoint = true;
    this.stats.transactions++;
  }

  async rollbackTransaction(): Promise<void> {
    // An error that ended the whole database transaction (a full disk, say) leaves no savepoint
    // to return to; the COMMIT that follows then fails for everyone waiting on it.
    if (!this.#db.inTransaction) return;
    this.#connection.run('rollback to request');
    this.#connection.run('release request');
  }

  async releaseConnection(): Promise<void> {
    const mustWait = this.#releasedSavepoint;
    this.#releasedSavepoint = false;
    const durable = mustWait
      ? new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }))
      : null;
    if (this.#open) this.#scheduleFlush();
    this.#unlock();
    if (durable) await durable;
  }

  #unlock() {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  #scheduleFlush() {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      void this.#flush();
    });
  }

  /** One COMMIT for every savepoint released since the last one. */
  async #flush(): Promise<void> {
    const release = await this.#mutex.lock();
    this.#flushScheduled = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    try {
      if (!this.#open) {
        for (const w of waiting) w.resolve();
        return;
      }
      this.#open = false;
      try {
        this.#connection.run('commit');
        this.stats.commits++;
      } catch (error) {
        if (this.#db.inTransaction) this.#db.exec('rollback');
        for (const w of waiting) w.reject(error);
        return;
      }
      for (const w of waiting) w.resolve();
    } finally {
      release();
    }
  }

  /** Commits what is open and closes the database. */
  async destroy(): Promise<void> {
    await this.#flush();
    this.#db.close();
  }
}

/** Kysely's SQLite dialect (compiler, adapter, introspector) with the group-commit driver. */
export class GroupCommitSqliteDialect implements Dialect {
  readonly driver: GroupCommitDriver;
  constructor(database: BetterSqlite3.Database) {
    this.driver = new GroupCommitDriver(database);
  }
  createDriver() {
    return this.driver;
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

import { dirname, join } from 'node:path';
import {
  AUDIT_KEY_FILE_NAME,
  copySqliteToPostgres,
  type OpenedStore,
  openPostgres,
  openSqlite,
} from '@cellwatch/api/store';
import { startTestPostgres, type TestPostgres } from '@cellwatch/api/testing';
import pg from 'pg';
import { type labPanels, rawCommitsPerSecond, rawLabInsertRowsPerSecond } from './cohort.ts';

/**
 * The store a bench run measures: the embedded SQLite file (default) or PostgreSQL (`--store
 * postgres`). Both get the same cohort: the bulk loader writes SQLite, and the PostgreSQL run
 * copies that file into a throwaway server's database (pnpm copy-to-postgres's code). The raw
 * references are the same operations on the same store, without CellWatch.
 */
export interface BenchStore {
  kind: 'sqlite' | 'postgres';
  /** Environment that points CellWatch at the store. */
  env: Record<string, string>;
  open(): Promise<OpenedStore>;
  /** One-row autocommitted inserts per second: the store's floor for single writes. */
  rawCommitsPerSecond(seconds: number): Promise<number>;
  /** The same lab rows as single-row prepared inserts in one transaction, rows per second. */
  rawLabRowsPerSecond(panels: ReturnType<typeof labPanels>): Promise<number>;
  /** What the raw references are, in the results. */
  rawLabel: string;
  commitLabel: string;
  stop(): Promise<void>;
}

export function sqliteStore(file: string, dir: string): BenchStore {
  return {
    kind: 'sqlite',
    env: { CELLWATCH_DB: file },
    open: async () => openSqlite(file),
    rawCommitsPerSecond: async (seconds) => rawCommitsPerSecond(`${dir}/commit-floor.db`, seconds),
    rawLabRowsPerSecond: async (panels) => rawLabInsertRowsPerSecond(`${dir}/raw-insert.db`, panels),
    rawLabel: 'raw better-sqlite3 prepared inserts, same rows, one transaction',
    commitLabel: 'one-row commits/s with WAL + synchronous=FULL (fsync per commit)',
    stop: async () => undefined,
  };
}

/**
 * A PostgreSQL server for the run, durable as in production (fsync, synchronous_commit on; the
 * test suite's server turns them off), holding a copy of the SQLite cohort.
 */
export async function postgresStore(file: string, log: (l: string) => void): Promise<BenchStore> {
  const server: TestPostgres = await startTestPostgres({ durable: true });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query('create database cellwatch_bench');
    await admin.query('create database cellwatch_raw');
  } finally {
    await admin.end();
  }
  const url = server.urlFor('cellwatch_bench');
  const rawUrl = server.urlFor('cellwatch_raw');
  log(`  copying the cohort into PostgreSQL ${server.version} (port ${server.port})`);
  const copy = await copySqliteToPostgres(file, url);
  log(`  copied in ${(copy.ms / 1000).toFixed(1)} s; audit chain ok (${copy.auditChain.rows} rows)`);
  const withRaw = async <T>(use: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: rawUrl });
    await c.connect();
    try {
      return await use(c);
    } finally {
      await c.end();
    }
  };
  // The copy keeps the cohort's audit rows, signed with the key next to the SQLite file.
  const auditKeyFile = join(dirname(file), AUDIT_KEY_FILE_NAME);
  return {
    kind: 'postgres',
    env: { CELLWATCH_DATABASE_URL: url, CELLWATCH_AUDIT_KEY_FILE: auditKeyFile },
    open: () => openPostgres(url, 4, { defaultKeyFile: auditKeyFile }),
    rawCommitsPerSecond: (seconds) =>
      withRaw(async (c) => {
        await c.query(
          'create table if not exists bench_commit (id bigint generated always as identity, v text)',
        );
        const t0 = performance.now();
        let n = 0;
        while (performance.now() - t0 < seconds * 1000) {
          await c.query({ name: 'commit', text: 'insert into bench_commit (v) values ($1)', values: ['x'] });
          n++;
        }
        return n / ((performance.now() - t0) / 1000);
      }),
    rawLabRowsPerSecond: (panels) =>
      withRaw(async (c) => {
        await c.query(`create table if not exists raw_labs (id bigint generated always as identity primary key,
          patient_id bigint, collected_at text, collected_at_ms bigint, analyte text, value double precision,
          unit text, panel_id text, recorded_at text)`);
        const at = new Date().toISOString();
        const t0 = performance.now();
        let n = 0;
        await c.query('begin');
        for (const [p, panel] of panels.entries()) {
          for (const r of panel.results) {
            await c.query({
              name: 'lab',
              text: `insert into raw_labs (patient_id, collected_at, collected_at_ms, analyte, value, unit, panel_id,
                recorded_at) values (1, $1, $2, $3, $4, '-', $5, $6)`,
              values: [r.collectedAt, Date.parse(r.collectedAt), r.analyte, r.value, `panel-${p}`, at],
            });
            n++;
          }
        }
        await c.query('commit');
        return n / ((performance.now() - t0) / 1000);
      }),
    rawLabel: 'raw node-postgres prepared inserts, same rows, one transaction',
    commitLabel: 'one-row autocommitted inserts/s (fsync and synchronous_commit on)',
    stop: async () => server.stop(),
  };
}

import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './apps/api/test/postgres-server.ts';

// The API suite runs on PostgreSQL too when its server binaries (initdb, pg_ctl) are here. With
// CI=true it always does, and fails if they are missing; elsewhere it says so and runs on SQLite.
const onPostgres = process.env.CI === 'true' || findPostgresBin() !== null;
if (!onPostgres) {
  console.warn(
    '[api-postgres] NOT RUN: PostgreSQL server binaries (initdb, pg_ctl) were not found. ' +
      'Install them with `apt-get install -y postgresql` to run the API suite on PostgreSQL as well; with CI=true it fails instead.',
  );
}

const apiOnPostgres = {
  // The same API suite on PostgreSQL: its global setup starts a throwaway server (initdb,
  // pg_ctl) in a temporary directory on a free loopback port and stops it at the end.
  // Left out: the tests of SQLite's own machinery (its group-commit driver, user_version
  // migrations, the bulk loader, file backup/restore, and the crash and time-zone runs, which
  // start server processes on SQLite files); PostgreSQL's own are in test/postgres.
  test: {
    name: 'api-postgres',
    root: './apps/api',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [
      'src/db/group-commit.test.ts',
      'src/db/migrate.test.ts',
      '**/*.sqlite.test.ts',
      'test/reliability/backup.int.test.ts',
      'test/reliability/crash.int.test.ts',
      'test/reliability/timezones.int.test.ts',
    ],
    globalSetup: ['./test/postgres-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
};

// One test run for the whole workspace: each package is a project so its tests run with the
// right environment. Full benchmarks never run here (see bench/README.md).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'clinical',
          root: './packages/clinical',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'contracts',
          root: './packages/contracts',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          root: './apps/api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.postgres.test.ts'],
          testTimeout: 30_000,
        },
      },
      ...(onPostgres ? [apiOnPostgres] : []),
      {
        test: {
          name: 'web',
          root: './apps/web',
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A busy two-core machine runs the API, Chromium and Vite builds at once.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // Only the quick smoke run of `pnpm bench`: it checks every metric is measured, never a timing.
        test: {
          name: 'bench',
          root: './bench',
          include: ['bench.smoke.test.ts'],
          env: { CELLWATCH_BENCH_STORES: onPostgres ? 'sqlite,postgres' : 'sqlite' },
          testTimeout: 180_000,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

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
      {
        // The same API suite on PostgreSQL: its global setup starts a throwaway server (initdb,
        // pg_ctl) in a temporary directory on a free loopback port and stops it at the end.
        // Left out: the tests of SQLite's own machinery (its group-commit driver, user_version
        // migrations, file backup/restore); PostgreSQL's counterparts are tested in test/postgres.
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
      },
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
          testTimeout: 180_000,
        },
      },
    ],
  },
});

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
          testTimeout: 30_000,
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

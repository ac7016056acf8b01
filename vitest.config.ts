import { defineConfig } from 'vitest/config';

// Test files in parallel. Vitest's default on a 2-core machine is one worker, yet most files spend
// their time waiting (on PostgreSQL, on sockets, on a child process starting): more workers than
// cores keeps both cores busy. TEST_WORKERS overrides it.
const workers = Number(process.env.TEST_WORKERS ?? 3);

export default defineConfig({
  test: {
    maxWorkers: workers,
    globalSetup: ['server/test/support/global-setup.ts'],
    projects: [
      { test: { name: 'unit', include: ['server/test/unit/**/*.test.ts', 'web/src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['server/test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['web/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          // A page waits on the server, which shares two cores with the whole suite in CI: one
          // second (Vitest's default) is too short for a list reload under that load.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});

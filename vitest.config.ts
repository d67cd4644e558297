import { defineConfig } from 'vitest/config';

// Unit and integration tests (`npm test`). Sized for a 2-core machine: two test files at a time
// in worker threads; tests that start their own Piscina pools or spawn the CLI use at most
// 2 threads themselves, so the machine is never oversubscribed more than 2x.
// System tests (a real browser, a real Slurm) are in test/system, run by vitest.system.config.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/system/**', 'node_modules/**'],
    pool: 'threads',
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

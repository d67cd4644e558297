import { defineConfig } from 'vitest/config';

// System tests (`npm run test:system`): they need services (Debian chromium, Slurm) that .ci/run
// installs. One file at a time: they are heavy and share those services.
export default defineConfig({
  test: {
    include: ['test/system/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});

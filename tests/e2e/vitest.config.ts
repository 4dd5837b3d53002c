import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/serve.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // A poll waits for the page; it asserts no time. Imports of thousands of records take seconds
    // on a loaded 2-core machine, so the default second is too short to wait.
    expect: { poll: { timeout: 15_000 } },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/serve.ts'],
    // A test's own waits are its polls (below) and Playwright's actions (30 s each); the test's whole time is
    // only a guard against a hang. On the CI's slower 2-core machine, beside another file's 10,000-document
    // import, a test that takes 1.3 s here once passed 60 s with no wait of its own failing.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // A poll waits for the page; it asserts no time. Imports of thousands of records take seconds
    // on a loaded 2-core machine, so the default second is too short to wait.
    expect: { poll: { timeout: 15_000 } },
  },
});

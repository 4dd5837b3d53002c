import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// The test files that replace a module with vi.mock: they need modules of their own, as every file has by default.
const mocking = [
  'tests/unit/workers/patternsClient.test.ts',
  'tests/component/editor/TextView.test.ts',
  'tests/component/editor/DocumentView.test.ts',
];

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20000,
    // Worker threads, two of them: Vitest's default is one fewer than the cores, one on a 2-core machine.
    pool: 'threads',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'isolated', include: mocking },
      },
      {
        // The other files share their worker's modules and window (isolate: false) instead of importing Svelte,
        // Dexie, tiptap and happy-dom afresh for each of 211 files. tests/setup.ts empties the page and storage
        // before each file, and the tests name their own databases. On this 2-core machine: 127-157 s against
        // 300 s isolated (and 417 s with one worker).
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/unit/**/*.test.ts', 'tests/component/**/*.test.ts'],
          exclude: mocking,
          isolate: false,
        },
      },
    ],
  },
});

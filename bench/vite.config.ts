import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The bench harness page (bench/harness.html): the app's storage and formats modules without the
 * UI, driven by bench/run.js. Built next to the app, never into dist/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist/harness',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: { input: fileURLToPath(new URL('./harness.html', import.meta.url)) },
  },
  preview: { host: '127.0.0.1' },
});

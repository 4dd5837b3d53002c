// The app built for the team-sync e2e tests: a build whose security policy lets the page reach the
// test's servers on 127.0.0.1 (SPANWRIGHT_SYNC_ORIGINS; the default build reaches none), served by vite preview.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { preview, type PreviewServer } from 'vite';

/**
 * Serves that build: the one `npm run test:e2e` made for the run (tests/e2e/run.js, SPANWRIGHT_E2E_SYNC_DIST), or,
 * for a file run by Vitest directly, one built here into `folder`/dist. `close` stops it and clears the variable.
 */
export async function serveSyncApp(folder: string): Promise<{ url: string; close(): Promise<void> }> {
  process.env.SPANWRIGHT_SYNC_ORIGINS = 'ws://127.0.0.1:*'; // run.js builds with the same
  const built = process.env.SPANWRIGHT_E2E_SYNC_DIST;
  const outDir = built ?? join(folder, 'dist');
  if (!built)
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
      stdio: 'inherit',
      env: process.env,
    });
  const app: PreviewServer = await preview({
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  return {
    url: app.resolvedUrls!.local[0],
    async close() {
      await app.close();
      delete process.env.SPANWRIGHT_SYNC_ORIGINS;
    },
  };
}

// `npm run test:e2e`: make sure Chromium is there, build the app, then run the *.e2e.ts files
// with Vitest in Node against the built app served on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from '../../scripts/chromium.js';

const chromium = ensureChromium();
console.log(`End-to-end tests use ${chromium}`);
const args = process.argv.slice(2);
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
// The team-sync files' build (syncApp.ts), once for the three of them rather than once in each: 10 CPU-s a build.
const env = { ...process.env, CHROMIUM_PATH: chromium };
const syncFiles = /sync|presence|unreachable/u;
const syncDist = args.length === 0 || args.some((arg) => syncFiles.test(arg)) ? buildSyncApp() : null;
if (syncDist) env.SPANWRIGHT_E2E_SYNC_DIST = syncDist;
try {
  execFileSync('npx', ['vitest', 'run', '--config', 'tests/e2e/vitest.config.ts', ...args], { stdio: 'inherit', env });
} catch {
  process.exitCode = 1;
} finally {
  if (syncDist) rmSync(syncDist, { recursive: true, force: true });
}

function buildSyncApp() {
  const outDir = mkdtempSync(join(tmpdir(), 'spanwright-sync-app-'));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    stdio: 'inherit',
    env: { ...process.env, SPANWRIGHT_SYNC_ORIGINS: 'ws://127.0.0.1:*' }, // as syncApp.ts builds it
  });
  return outDir;
}

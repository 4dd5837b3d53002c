// `npm run test:e2e`: make sure Chromium is there, build the app, then run the *.e2e.ts files
// with Vitest in Node against the built app served on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { ensureChromium } from '../../scripts/chromium.js';

const chromium = ensureChromium();
console.log(`End-to-end tests use ${chromium}`);
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
try {
  execFileSync('npx', ['vitest', 'run', '--config', 'tests/e2e/vitest.config.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  });
} catch {
  process.exit(1);
}

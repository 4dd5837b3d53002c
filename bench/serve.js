// Builds the app and the bench harness into bench/dist, and serves a build on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { preview } from 'vite';
import { ROOT } from './config.js';

export function buildApp({ outDir, minify, sourcemap = false }) {
  // Its own output folder: dist/ belongs to the e2e tests, which may be rebuilding it right now.
  const args = ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  if (!minify) args.push('--minify', 'false');
  if (sourcemap) args.push('--sourcemap');
  execFileSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
}

export function buildHarness() {
  execFileSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
}

export async function serve(config) {
  const server = await preview({
    ...config,
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const workerFile = join(root, 'dist/sw.js');
/** Held while one test publishes a version: test files run side by side, and each must see its own. */
const lock = join(root, 'dist/.publishing-new-version');

/**
 * Runs `test` while the served app has a "new version": a byte-different service worker with the same
 * precache. One test at a time (a directory made atomically is the lock); the published file is put
 * back after, whatever happens.
 */
export async function withNewVersion(test: () => Promise<void>): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) throw new Error(`${lock} has been held for two minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const published = readFileSync(workerFile, 'utf8');
  try {
    writeFileSync(workerFile, `${published}\n// next version ${Date.now()}\n`);
    await test();
  } finally {
    writeFileSync(workerFile, published);
    rmSync(lock, { recursive: true, force: true });
  }
}

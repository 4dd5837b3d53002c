import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { Workbench } from '../../src/lib/state/workbench.svelte';

const corpusFolder = join(import.meta.dirname, '../../public/corpus');

/** A started workbench over a fresh fake-indexeddb database holding the default corpus. */
export async function startedWorkbench(): Promise<Workbench> {
  const workbench = new Workbench({
    database: new SpanwrightDatabase(`component-${Math.random()}`),
    fetchCorpusFile: async (path) => new Response(readFileSync(join(corpusFolder, path))),
    now: () => 1_700_000_000_000,
  });
  await workbench.start();
  await until(() => workbench.current !== null && workbench.labels.length > 0);
  return workbench;
}

export async function until(condition: () => boolean, timeout = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeout) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A started workbench for each test of the calling file, stopped and deleted after it:
 * call at the top of a test file, then `await workbench()` inside a test.
 */
export function useWorkbench(): () => Promise<Workbench> {
  let current: Workbench | null = null;
  afterEach(async () => {
    current?.stop();
    await current?.database.delete();
    current = null;
  });
  return async () => (current = await startedWorkbench());
}

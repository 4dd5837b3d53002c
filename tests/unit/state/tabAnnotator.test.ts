import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';
import { Workbench } from '../../../src/lib/state/workbench.svelte';

const corpusFolder = join(import.meta.dirname, '../../../public/corpus');
const name = `tab-annotator-${Math.random()}`;
const open: Workbench[] = [];
afterEach(async () => {
  for (const workbench of open.splice(0)) workbench.stop();
  await new SpanwrightDatabase(name).delete();
});

/** A tab's own storage, as sessionStorage is: kept through a reload of that tab only. */
function tabStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

/** A tab of the app over the one database of this browser (started again: a reload). */
async function tab(storage: ReturnType<typeof tabStorage>): Promise<Workbench> {
  const workbench = new Workbench({
    store: new Store(new SpanwrightDatabase(name)),
    fetchCorpusFile: async (path) => new Response(readFileSync(join(corpusFolder, path))),
    now: () => 1_700_000_000_000,
    tabStorage: storage,
  });
  open.push(workbench);
  await workbench.start();
  return workbench;
}

describe('the annotator a tab works as', () => {
  it('is kept through a reload of that tab, whatever another tab chose meanwhile; a new tab starts with the last chosen', async () => {
    const first = tabStorage();
    const second = tabStorage();
    expect(await (await tab(first)).setAnnotator('ann')).toBe(true);
    expect(await (await tab(second)).setAnnotator('bob')).toBe(true);
    // The first tab reloads: it is still ann's, not bob's.
    expect((await tab(first)).session.annotator).toBe('ann');
    expect((await tab(second)).session.annotator).toBe('bob');
    expect((await tab(tabStorage())).session.annotator).toBe('bob');
  });
});

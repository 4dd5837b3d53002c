import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';
import { STORAGE_GONE_MESSAGE } from '../../../src/lib/state/session.svelte';
import { Workbench } from '../../../src/lib/state/workbench.svelte';

const corpusFolder = join(import.meta.dirname, '../../../public/corpus');
const name = `storage-gone-${Math.random()}`;
const open: Workbench[] = [];
afterEach(async () => {
  for (const workbench of open.splice(0)) workbench.stop();
  await new SpanwrightDatabase(name).delete();
});

/** This origin's localStorage, as the browser keeps it apart from IndexedDB. */
function localStore() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

/** The app started in this browser (started again: a reload). */
async function start(local: ReturnType<typeof localStore>): Promise<Workbench> {
  const workbench = new Workbench({
    store: new Store(new SpanwrightDatabase(name)),
    fetchCorpusFile: async (path) => new Response(readFileSync(join(corpusFolder, path))),
    now: () => 1_700_000_000_000,
    localStore: local,
  });
  open.push(workbench);
  await workbench.start();
  return workbench;
}

describe('a start that finds the storage gone', () => {
  it('says the browser deleted it when IndexedDB alone went, and nothing on a first start or after site data is cleared', async () => {
    const local = localStore();
    // The first start in this browser: the sample corpus, said nothing of.
    expect((await start(local)).session.storageGone).toBeNull();
    // A reload with the storage there: nothing said either.
    expect((await start(local)).session.storageGone).toBeNull();
    // The browser deletes IndexedDB (a full disk during a write) but not localStorage.
    for (const workbench of open.splice(0)) workbench.stop();
    await new SpanwrightDatabase(name).delete();
    const after = await start(local);
    expect(after.session.storageGone).toBe(STORAGE_GONE_MESSAGE);
    expect(STORAGE_GONE_MESSAGE).toContain('restore a backup');
    // Said until dismissed, whatever the status line says meanwhile.
    after.session.notify('A note you were writing was on a span that is gone.', 'error');
    expect(after.session.storageGone).toBe(STORAGE_GONE_MESSAGE);
    after.session.dismissStorageGone();
    expect(after.session.storageGone).toBeNull();
    // All site data cleared (localStorage too): a first start again, said nothing of.
    for (const workbench of open.splice(0)) workbench.stop();
    await new SpanwrightDatabase(name).delete();
    expect((await start(localStore())).session.storageGone).toBeNull();
  });
});

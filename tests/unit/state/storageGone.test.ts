import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { STORAGE_GONE_MESSAGE } from '../../../src/lib/state/session.svelte';
import { memoryStorage } from '../../support/memoryStorage';
import { tabsOver } from '../../support/startedTab';

const name = `storage-gone-${Math.random()}`;
const tabs = tabsOver(name);
afterEach(() => tabs.stopAll());

/** The app started in this browser, over its localStorage (started again: a reload). */
const start = (local: ReturnType<typeof memoryStorage>) => tabs.start({ localStore: local });

describe('a start that finds the storage gone', () => {
  it('says the browser deleted it when IndexedDB alone went, and nothing on a first start or after site data is cleared', async () => {
    const local = memoryStorage();
    // The first start in this browser: the sample corpus, said nothing of.
    expect((await start(local)).session.storageGone).toBeNull();
    // A reload with the storage there: nothing said either.
    expect((await start(local)).session.storageGone).toBeNull();
    // The browser deletes IndexedDB (a full disk during a write) but not localStorage.
    tabs.stop();
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
    tabs.stop();
    await new SpanwrightDatabase(name).delete();
    expect((await start(memoryStorage())).session.storageGone).toBeNull();
  });
});

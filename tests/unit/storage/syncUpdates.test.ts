import { afterEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';

/**
 * A shared document's stored updates (team sync) are compacted at start: the updates read are
 * merged into one. An update another tab stores between the read and the compaction stays kept.
 */
let store: Store | null = null;
afterEach(async () => {
  await store?.destroy();
  store = null;
});

const bytes = (...values: number[]) => new Uint8Array(values);

describe('compacting the stored updates of a shared document', () => {
  it('replaces only the updates that were read, keeping one another tab stored since', async () => {
    store = new Store(new SpanwrightDatabase(`sync-updates-${Math.random()}`));
    await store.open({ onBlocked: () => {}, onVersionChange: () => {} });
    for (const value of [1, 2, 3]) await store.appendSyncUpdate('demo/layer/bob', bytes(value));
    await store.appendSyncUpdate('demo/corpus', bytes(9));
    const read = await store.readSyncUpdates('demo/layer/bob');
    expect(read).toEqual([bytes(1), bytes(2), bytes(3)]);
    // Another tab keeps an update of the same document meanwhile.
    await store.appendSyncUpdate('demo/layer/bob', bytes(4));
    await store.compactSyncUpdates('demo/layer/bob', bytes(1, 2, 3), read.length);
    expect(await store.readSyncUpdates('demo/layer/bob')).toEqual([bytes(4), bytes(1, 2, 3)]);
    expect(await store.readSyncUpdates('demo/corpus')).toEqual([bytes(9)]);
    // Without a count, every stored update is replaced (a mark rewritten whole).
    await store.compactSyncUpdates('demo/layer/bob', bytes(7));
    expect(await store.readSyncUpdates('demo/layer/bob')).toEqual([bytes(7)]);
  });
});

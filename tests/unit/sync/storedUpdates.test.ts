// @vitest-environment node
// A stored Yjs update that can not be read (broken on disk, or written by a bug) must not stop team
// sync for good: two databases (fake-indexeddb) through a real sync server.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Store } from '../../../src/lib/storage/store';
import { sharedNames } from '../../../src/lib/sync/records';
import { applyStoredUpdates } from '../../../src/lib/sync/storedUpdates';
import type { TeamSync } from '../../../src/lib/sync/teamSync';
import {
  seededStore as seeded,
  startMember,
  useSyncServer,
  labelSpan as label,
  spansOf,
  until,
} from '../../support/syncFixture';

const MEMBERS = [
  { name: 'alice', token: 'alice-secret-1', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
];
const TOKENS = { alice: 'alice-secret-1', bob: 'bob-secret-22' };
/** Bytes no Yjs update decodes from: a struct count far past the end. */
const BROKEN = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]);

const running: TeamSync[] = [];
const stores: Store[] = [];
const team = useSyncServer(MEMBERS, 'spanwright-sync-');

afterEach(async () => {
  for (const sync of running.splice(0)) await sync.stop();
  for (const store of stores.splice(0)) await store.destroy();
});

async function member(name: 'alice' | 'bob', store?: Store) {
  const database = store ?? (await seeded('sync'));
  stores.push(database);
  return startMember(team.server, { name, token: TOKENS[name] }, database, running);
}

describe('stored updates of a shared document', () => {
  it('one that can not be read is left out and said; the others are applied', () => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    source.getMap('spans').set('a', { label: 'claim' });
    source.getMap('spans').set('b', { label: 'visit' });
    const doc = new Y.Doc();
    const notices: string[] = [];
    const left = applyStoredUpdates(
      doc,
      { name: 'demo/layer/bob', updates: [updates[0], BROKEN, updates[1]] },
      'restore',
      { notice: (text) => notices.push(text) },
    );
    expect(left).toBe(1);
    expect(doc.getMap('spans').toJSON()).toEqual({ a: { label: 'claim' }, b: { label: 'visit' } });
    expect(notices).toEqual([
      "A stored update of the team's document “demo/layer/bob” could not be read and was removed. Your work here is in this browser's database and is shared again; the team's comes again from the server.",
    ]);
  });

  it('one that can not be read does not stop team sync: it starts, shares both ways, and the row is gone', async () => {
    const alice = await member('alice');
    const bobStore = await seeded('sync');
    await label(bobStore, 'bob', 0, 5);
    await bobStore.appendSyncUpdate(sharedNames('demo').layer('bob'), BROKEN);
    const bob = await member('bob', bobStore);
    expect(bob.notices.some((text) => text.includes('“demo/layer/bob” could not be read'))).toBe(true);
    await until(async () => (await spansOf(alice.store, 'bob')).length === 1);
    await label(alice.store, 'alice', 6, 10, 'visit');
    await until(async () => (await spansOf(bob.store, 'alice')).length === 1);
    for (const update of await bobStore.readSyncUpdates(sharedNames('demo').layer('bob')))
      expect(() => Y.applyUpdate(new Y.Doc(), update)).not.toThrow();
  });
});

// @vitest-environment node
// Spans from the team whose document this database lacks, or has with another text: kept aside and
// named, never stored against the wrong text, never removed from the team, stored once the document
// arrives. Two or three databases (fake-indexeddb) through a real sync server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { exportBackup, readBackup } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';
import type { HeldLayer } from '../../../src/lib/sync/heldSpans';
import { TeamSync } from '../../../src/lib/sync/teamSync';
import { NodeWebSocket as WebSocket, seededStore as seeded, useSyncServer } from '../../support/syncFixture';

const MEMBERS = [
  { name: 'alice', token: 'alice-secret-1', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
  { name: 'dora', token: 'dora-secret-3', role: 'reviewer' as const },
];
const TOKENS: Record<string, string> = Object.fromEntries(MEMBERS.map((entry) => [entry.name, entry.token]));

const running: { sync: TeamSync; store: Store }[] = [];
const stores: Store[] = [];

const team = useSyncServer(MEMBERS, 'spanwright-held-');

afterEach(async () => {
  for (const { sync } of running.splice(0)) await sync.stop();
  for (const store of stores.splice(0)) await store.destroy();
});

async function seededStore(): Promise<Store> {
  const store = await seeded('held');
  stores.push(store);
  return store;
}

async function member(name: string, existing?: Store) {
  const store = existing ?? (await seededStore());
  const seen: { held: HeldLayer[] } = { held: [] };
  const sync = new TeamSync(
    store,
    { server: `ws://127.0.0.1:${team.server.port}`, project: 'demo', token: TOKENS[name], annotator: name },
    {
      status: () => {},
      peers: () => {},
      unsynced: () => {},
      conflicts: () => {},
      held: (held) => (seen.held = held),
      error: (error) => {
        throw error;
      },
    },
    { WebSocketPolyfill: WebSocket },
  );
  running.push({ sync, store });
  await sync.start();
  return { sync, store, seen };
}

async function until(condition: () => Promise<boolean> | boolean, timeout = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeout) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const doc = (id: string, text: string) => ({
  id,
  title: id,
  text,
  source: 'import:own.jsonl',
  meta: {},
  order: 0,
  created: 1,
});

async function labelText(store: Store, annotator: string, documentId: string, text: string, labelName = 'claim') {
  const document = (await store.readDocuments()).find((candidate) => candidate.id === documentId)!;
  const start = document.text.indexOf(text);
  return store.createSpan({ documentId, annotator, start, end: start + text.length, label: labelName, text }, 1);
}

const spansOf = async (store: Store, documentId: string, annotator: string) =>
  (await store.readLayer(documentId, annotator)).spans.map((span) => span.text);

async function backupErrors(store: Store) {
  const database = new SpanwrightDatabase(store.databaseName);
  const read = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
  database.close();
  return 'errors' in read ? read.errors : [];
}

/**
 * Bob's second browser: it joins holding one span of his first browser's (on a document it lacks),
 * then starts again, holding it again.
 */
async function bobsSecondBrowserRestarted() {
  const store = await seededStore();
  const first = await member('bob', store);
  await until(() => first.seen.held.length === 1);
  await first.sync.stop();
  const again = await member('bob', store);
  await until(() => again.seen.held.length === 1);
  return again;
}

describe('spans held for their document', { timeout: 90_000 }, () => {
  it("an annotator's spans on a document only they have are held, named, and stored once a reviewer shares it", async () => {
    const alice = await member('alice');
    const bob = await member('bob');
    await bob.store.addSharedDocuments([doc('bobs-own', 'Bob imported this himself.')]);
    await labelText(bob.store, 'bob', 'bobs-own', 'imported');
    await until(() => alice.seen.held.length === 1);
    expect(alice.seen.held).toEqual([{ annotator: 'bob', documentId: 'bobs-own', reason: 'missing', spans: 1 }]);
    await alice.sync.settled();
    expect(await spansOf(alice.store, 'bobs-own', 'bob')).toEqual([]);
    expect(await backupErrors(alice.store)).toEqual([]);
    // dora, a reviewer, imports the same document: it reaches alice, and bob's span with it.
    const dora = await member('dora');
    await dora.store.addSharedDocuments([doc('bobs-own', 'Bob imported this himself.')]);
    await until(async () => (await spansOf(alice.store, 'bobs-own', 'bob')).length === 1);
    expect(await spansOf(alice.store, 'bobs-own', 'bob')).toEqual(['imported']);
    await until(() => alice.seen.held.length === 0);
    expect(await backupErrors(alice.store)).toEqual([]);
  });

  it('spans on a same-id document with another text are held, not stored against this text', async () => {
    const alice = await member('alice');
    const bob = await member('bob');
    // Two Label Studio projects, both numbering their tasks from 1.
    await alice.store.addSharedDocuments([doc('1', 'Kim met Putin in Pyongyang.')]);
    await bob.store.addSharedDocuments([doc('1', 'Hello from the other project.')]);
    await labelText(bob.store, 'bob', '1', 'Hello');
    await labelText(bob.store, 'bob', '1', 'other');
    await until(() => alice.seen.held[0]?.spans === 2);
    expect(alice.seen.held).toEqual([{ annotator: 'bob', documentId: '1', reason: 'different', spans: 2 }]);
    await alice.sync.settled();
    expect(await spansOf(alice.store, '1', 'bob')).toEqual([]);
    expect(await backupErrors(alice.store)).toEqual([]);
  });

  it("a member's own spans from another browser, on a document this one lacks, are never removed from the team by it", async () => {
    const first = await member('bob');
    await first.store.addSharedDocuments([doc('only-here', 'Only the first browser has this.')]);
    await labelText(first.store, 'bob', 'only-here', 'first');
    // The second browser starts again (its start shares its stored layers) and labels: the span stays.
    const { store: secondStore } = await bobsSecondBrowserRestarted();
    await labelText(secondStore, 'bob', '000_c25c54a9dd113007', 'the', 'denial');
    await until(async () => (await first.store.readLayer('000_c25c54a9dd113007', 'bob')).spans.length === 1);
    expect(await spansOf(first.store, 'only-here', 'bob')).toEqual(['first']);
  });

  it("a member's own status from another browser, on a document this one lacks, survives a restart and arrives with it", async () => {
    const first = await member('bob');
    await first.store.addSharedDocuments([doc('shared-later', 'A reviewer shares this one later.')]);
    await labelText(first.store, 'bob', 'shared-later', 'reviewer');
    await first.store.setStatus('shared-later', 'bob', 'done', 2);
    // The second browser starts again before the document comes: what it holds aside is found again.
    const second = await bobsSecondBrowserRestarted();
    const secondStore = second.store;
    const dora = await member('dora');
    await dora.store.addSharedDocuments([doc('shared-later', 'A reviewer shares this one later.')]);
    await until(async () => (await spansOf(secondStore, 'shared-later', 'bob')).length === 1);
    await second.sync.settled();
    // Bob's "done" came with it, and the second browser did not share "to do" over it.
    for (const store of [secondStore, first.store]) {
      const { statuses } = await store.readLayers('bob');
      expect(statuses.find((entry) => entry.documentId === 'shared-later')?.status).toBe('done');
    }
  });
});

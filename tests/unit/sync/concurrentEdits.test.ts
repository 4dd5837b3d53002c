// @vitest-environment node
// Bob on two machines editing the same spans at once, one of them offline, with alice following his
// layer: three databases (fake-indexeddb) through a real sync server.
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/lib/storage/store';
import type { TeamSync } from '../../../src/lib/sync/teamSync';
import {
  FIRST_DOCUMENT,
  seededStore as seeded,
  startMember,
  useSyncServer,
  labelSpan as label,
  until,
} from '../../support/syncFixture';

const MEMBERS = [
  { name: 'alice', token: 'alice-secret-1', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
];
const TOKENS = { alice: 'alice-secret-1', bob: 'bob-secret-22' };

const running: TeamSync[] = [];
const stores: Store[] = [];

const team = useSyncServer(MEMBERS, 'spanwright-sync-');

afterEach(async () => {
  for (const sync of running.splice(0)) await sync.stop();
  for (const store of new Set(stores.splice(0))) await store.destroy();
});

/** A member's tab with team sync on, over `store` (a fresh database by default). */
async function member(name: 'alice' | 'bob', store?: Store) {
  const database = store ?? (await seeded('sync'));
  stores.push(database);
  return startMember(team.server, { name, token: TOKENS[name] }, database, running);
}

/** Bob's status of each document he set one for, as `document:status`, sorted. */
async function bobsStatuses(store: Store): Promise<string> {
  const { statuses } = await store.readLayers('bob');
  return statuses
    .map((entry) => `${entry.documentId}:${entry.status}`)
    .sort()
    .join(' | ');
}

/** Bob's spans on the first document as `label:text:note`, sorted. */
async function bobsSpans(store: Store): Promise<string> {
  const { spans } = await store.readLayer(FIRST_DOCUMENT, 'bob');
  return spans
    .map((span) => `${span.label}:${span.text}:${span.note ?? ''}`)
    .sort()
    .join(' | ');
}

describe('edits of one span made at once on two machines', { timeout: 120_000 }, () => {
  it('the later edit stands on every copy, whichever machine made it (Yjs alone picks one machine for both)', async () => {
    const desktop = await member('bob');
    const laptop = await member('bob');
    const alice = await member('alice');
    const { span: first } = await label(desktop.store, 'bob', 0, 5);
    const { span: second } = await label(desktop.store, 'bob', 6, 10);
    const labelled = await bobsSpans(desktop.store);
    await until(
      async () => (await bobsSpans(laptop.store)) === labelled && (await bobsSpans(alice.store)) === labelled,
    );
    // The laptop goes offline. On it, bob notes the first span at 20 and relabels the second at 10;
    // meanwhile, on the desktop, he relabels the first at 10 and notes the second at 20.
    await laptop.sync.stop();
    await laptop.store.setSpanNote(first.id, 'written on the laptop', 20);
    await laptop.store.relabelSpan(second.id, 'visit', 10);
    await desktop.store.relabelSpan(first.id, 'denial', 10);
    await desktop.store.setSpanNote(second.id, 'written on the desktop', 20);
    // The same with two documents' statuses: the laptop's first at 25, the desktop's second at 30.
    const other = (await desktop.store.readDocuments())[1].id;
    await laptop.store.setStatus(FIRST_DOCUMENT, 'bob', 'done', 25);
    await laptop.store.setStatus(other, 'bob', 'skipped', 5);
    await desktop.store.setStatus(FIRST_DOCUMENT, 'bob', 'skipped', 15);
    await desktop.store.setStatus(other, 'bob', 'done', 30);
    await until(async () => (await bobsSpans(alice.store)) === (await bobsSpans(desktop.store)));
    // The laptop comes back: each span ends as its later edit left it, on all three copies.
    await member('bob', laptop.store);
    const expected = [`claim:${first.text}:written on the laptop`, `claim:${second.text}:written on the desktop`]
      .sort()
      .join(' | ');
    for (const { store } of [desktop, laptop, alice]) await until(async () => (await bobsSpans(store)) === expected);
    expect(await bobsSpans(alice.store)).toBe(expected);
    const statuses = [`${FIRST_DOCUMENT}:done`, `${other}:done`].sort().join(' | ');
    for (const { store } of [desktop, laptop, alice]) await until(async () => (await bobsStatuses(store)) === statuses);
  });
});

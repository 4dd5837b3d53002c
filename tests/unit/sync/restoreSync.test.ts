// @vitest-environment node
// A restore and an import under way with team sync on: two databases (fake-indexeddb) through a real sync server.
import { afterEach, describe, expect, it } from 'vitest';
import { FileImport } from '../../../src/lib/storage/importer';
import { recoverStoppedImports } from '../../../src/lib/storage/importJournal';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';
import { TeamSync } from '../../../src/lib/sync/teamSync';
import { Locks } from '../../support/locks';
import type { BackupContent } from '../../../src/lib/storage/backup';
import {
  NodeWebSocket as WebSocket,
  seededStore as seeded,
  useSyncServer,
  labelSpan as label,
  spansOf as labelsOf,
  until,
} from '../../support/syncFixture';

const MEMBERS = [
  { name: 'alice', token: 'alice-secret-1', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
  { name: 'dora', token: 'dora-secret-3', role: 'reviewer' as const },
];

const running: { sync: TeamSync; store: Store }[] = [];
const stores: Store[] = [];

const team = useSyncServer(MEMBERS, 'spanwright-sync-');

afterEach(async () => {
  for (const { sync } of running.splice(0)) await sync.stop();
  for (const store of new Set(stores.splice(0))) await store.destroy();
});

async function seededStore(): Promise<Store> {
  const store = await seeded('sync');
  stores.push(store);
  return store;
}

/**
 * A member's tab: its sync starts again when a restore replaced the data under it, as Settings →
 * Team's state does (`restarts` counts those starts).
 */
async function member(name: string, token: string) {
  const store = await seededStore();
  const tab = { store, sync: null as unknown as TeamSync, restarts: 0, start: async () => {} };
  tab.start = async () => {
    const sync = new TeamSync(
      store,
      { server: `ws://127.0.0.1:${team.server.port}`, project: 'demo', token, annotator: name },
      {
        status: () => {},
        peers: () => {},
        unsynced: () => {},
        conflicts: () => {},
        error: (error) => {
          throw error;
        },
        restored: () => {
          tab.restarts++;
          void sync.stop().then(tab.start);
        },
      },
      { WebSocketPolyfill: WebSocket },
    );
    tab.sync = sync;
    running.push({ sync, store });
    await sync.start();
  };
  await tab.start();
  return tab;
}

/** The label set's names, as the Labels page shows them. */
function labelNames(store: Store): Promise<string[]> {
  return new Promise((resolve) => {
    const subscription = store.watchLabels().subscribe({
      next: (labels) => {
        resolve(labels.map((entry) => entry.name));
        queueMicrotask(() => subscription.unsubscribe());
      },
    });
  });
}

async function backupOf(store: Store): Promise<BackupContent> {
  const files = await store.files();
  const read = await files.readBackup(new File([await files.exportBackup()], 'backup.jsonl'));
  if (!('value' in read)) throw new Error('the backup could not be read');
  return read.value;
}

/** Alice (a reviewer) backs up; then adds the label "place" and a span; bob labels with "place". */
async function laterWorkThanTheBackup() {
  const alice = await member('alice', 'alice-secret-1');
  const bob = await member('bob', 'bob-secret-22');
  await label(alice.store, 'alice', 0, 3);
  const backup = await backupOf(alice.store);
  await alice.store.addLabel('place');
  await label(alice.store, 'alice', 12, 15);
  await until(async () => (await labelNames(bob.store)).includes('place'));
  await label(bob.store, 'bob', 0, 5, 'place');
  await label(bob.store, 'bob', 6, 10);
  await until(async () => (await labelsOf(alice.store, 'bob')).length === 2);
  await until(async () => (await labelsOf(bob.store, 'alice')).length === 2);
  return { alice, bob, backup, bobsSpans: await labelsOf(bob.store, 'bob') };
}

/** Alice's copy holds the team's work again: the label, bob's spans, her own span after the backup. */
async function teamWorkBackIn(alice: Store, bobsSpans: string[]): Promise<void> {
  await until(
    async () =>
      (await labelNames(alice)).includes('place') &&
      (await labelsOf(alice, 'bob')).join() === bobsSpans.join() &&
      (await labelsOf(alice, 'alice')).length === 2,
    30_000,
  );
}

// A real server process and two databases: seconds each on a loaded machine.
describe('a restore with team sync', { timeout: 90_000 }, () => {
  it("by a reviewer, takes nothing from the team; the team's work comes back into the restored copy", async () => {
    const { alice, bob, backup, bobsSpans } = await laterWorkThanTheBackup();
    await (await alice.store.files()).restoreBackup(backup);
    await teamWorkBackIn(alice.store, bobsSpans);
    expect(alice.restarts).toBe(1);
    // A span labelled after the restore reaches bob: the team has heard all alice's copy shared.
    await label(alice.store, 'alice', 20, 25);
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 3);
    await bob.sync.settled();
    expect(await labelsOf(bob.store, 'bob')).toEqual(bobsSpans);
    expect(await labelNames(bob.store)).toContain('place');
  });

  it('does not bring back a span its member deleted after the backup, here or for the team', async () => {
    const bob = await member('bob', 'bob-secret-22');
    const alice = await member('alice', 'alice-secret-1');
    const { span } = await label(bob.store, 'bob', 0, 3);
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 1);
    const backup = await backupOf(bob.store);
    // After the backup, bob deletes that span (the team sees it go) and labels another.
    await bob.store.deleteSpans([span.id], 2);
    await label(bob.store, 'bob', 6, 10, 'denial');
    await until(async () => (await labelsOf(alice.store, 'bob')).join() === (await labelsOf(bob.store, 'bob')).join());
    const later = await labelsOf(bob.store, 'bob');
    expect(later).toHaveLength(1);
    await (await bob.store.files()).restoreBackup(backup);
    // The later span comes back from the team; the deleted one stays deleted, on both copies.
    await until(async () => (await labelsOf(bob.store, 'bob')).join() === later.join(), 30_000);
    await label(bob.store, 'bob', 20, 25, 'visit');
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 2);
    await bob.sync.settled();
    const deleted = `${span.label}:${span.text}`;
    expect(await labelsOf(bob.store, 'bob')).not.toContain(deleted);
    expect(await labelsOf(alice.store, 'bob')).toEqual(await labelsOf(bob.store, 'bob'));
  });

  it('made while team sync was off shares no removal when it is turned on again', async () => {
    const { alice, bob, backup, bobsSpans } = await laterWorkThanTheBackup();
    await alice.sync.stop();
    await (await alice.store.files()).restoreBackup(backup);
    await alice.start();
    await teamWorkBackIn(alice.store, bobsSpans);
    await label(alice.store, 'alice', 20, 25);
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 3);
    await bob.sync.settled();
    expect(await labelsOf(bob.store, 'bob')).toEqual(bobsSpans);
    expect(await labelNames(bob.store)).toContain('place');
  });

  it('whose first merge fails shares nothing of the restored copy until a later start merges it', async () => {
    const { alice, bob, backup, bobsSpans } = await laterWorkThanTheBackup();
    const alicesAtTeam = await labelsOf(bob.store, 'alice');
    await alice.sync.stop();
    await (await alice.store.files()).restoreBackup(backup);
    // Storing the team's spans fails once (a full disk, say): the restored layers must not be shared.
    let failures = 0;
    const failing = new Proxy(alice.store, {
      get: (store, key) => {
        if (key === 'applySharedChanges')
          return async () => {
            failures++;
            throw new Error('The disk is full.');
          };
        const value: unknown = Reflect.get(store, key);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(store) : value;
      },
    });
    const errors: unknown[] = [];
    const broken = new TeamSync(
      failing,
      { server: `ws://127.0.0.1:${team.server.port}`, project: 'demo', token: 'alice-secret-1', annotator: 'alice' },
      {
        status: () => {},
        peers: () => {},
        unsynced: () => {},
        conflicts: () => {},
        error: (error) => errors.push(error),
      },
      { WebSocketPolyfill: WebSocket },
    );
    running.push({ sync: broken, store: alice.store });
    await broken.start();
    await until(async () => failures > 0 && errors.length > 0);
    await label(alice.store, 'alice', 20, 25);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await broken.settled();
    await bob.sync.settled();
    // Alice's span made after the backup is still the team's; nothing of the restored copy reached bob.
    expect(await labelsOf(bob.store, 'alice')).toEqual(alicesAtTeam);
    await broken.stop();
    await alice.start();
    await until(async () => (await labelsOf(alice.store, 'bob')).join() === bobsSpans.join());
    await until(async () => (await labelsOf(alice.store, 'alice')).length === 3);
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 3);
    expect(await labelsOf(bob.store, 'bob')).toEqual(bobsSpans);
  });
});

describe('a restore of labels the team changed since the backup', { timeout: 90_000 }, () => {
  it('brings back no label the team removed or renamed since: they leave the restored copy, and the team keeps its set', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bob = await member('bob', 'bob-secret-22');
    await label(alice.store, 'alice', 0, 3, 'visit');
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 1);
    const backup = await backupOf(alice.store);
    await alice.store.deleteLabel('sanction', 2);
    expect(await alice.store.renameLabel('visit', 'trip', 3)).toBeNull();
    const teamSet = ['claim', 'denial', 'trip'];
    await until(async () => (await labelNames(bob.store)).join() === teamSet.join());
    await label(bob.store, 'bob', 6, 10, 'trip');
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 1);
    const [alicesSpans, bobsSpans] = [await labelsOf(alice.store, 'alice'), await labelsOf(bob.store, 'bob')];
    expect(alicesSpans[0]).toMatch(/^trip:/u);
    await (await alice.store.files()).restoreBackup(backup);
    // The restored copy takes the team's set: sanction goes, visit is trip again with alice's span.
    await until(async () => (await labelNames(alice.store)).join() === teamSet.join(), 30_000);
    await until(async () => (await labelsOf(alice.store, 'alice')).join() === alicesSpans.join(), 30_000);
    // What alice's copy shares after it reaches bob, and bob's set and spans are as they were.
    await label(alice.store, 'alice', 20, 25, 'claim');
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 2);
    await bob.sync.settled();
    expect(await labelNames(bob.store)).toEqual(teamSet);
    expect(await labelsOf(bob.store, 'bob')).toEqual(bobsSpans);
    expect(await labelNames(alice.store)).toEqual(teamSet);
  });
});

describe('an import by a reviewer with team sync', { timeout: 90_000 }, () => {
  it('shares the labels it brings once it is stored whole; one left unfinished and taken back takes nothing from the team', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bob = await member('bob', 'bob-secret-22');
    const locks = new Locks();
    const records = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, index) =>
        JSON.stringify({
          id: `${prefix}-${index}`,
          text: `part ${index}`,
          spans: [{ start: 0, end: 4, label: 'venue' }],
        }),
      ).join('\n');
    // An import whose tab dies after its first batch (its connection closes): the label it brought is stored.
    const connection = new SpanwrightDatabase(alice.store.databaseName);
    const partial = new FileImport(connection, new File([records('part', 600)], 'part.jsonl'), {
      format: 'native',
      defaultAnnotator: 'alice',
      locks,
      onProgress: (progress) => (progress.phase === 'writing' ? connection.close() : undefined),
    });
    await partial.analyse();
    await expect(partial.commit()).rejects.toThrow();
    expect(await labelNames(alice.store)).toContain('venue');
    // A label added after it reaches bob; the unfinished import's did not.
    await alice.store.addLabel('marker');
    await until(async () => (await labelNames(bob.store)).includes('marker'));
    expect(await labelNames(bob.store)).not.toContain('venue');
    // Taken back at the next start (the label too: no span uses it): bob's copy loses nothing.
    const [recovered] = await recoverStoppedImports(new SpanwrightDatabase(alice.store.databaseName), { locks });
    expect(recovered?.documentsRemoved).toBe(250);
    expect(await labelNames(alice.store)).not.toContain('venue');
    // The same label from an import stored whole is shared.
    const whole = new FileImport(
      new SpanwrightDatabase(alice.store.databaseName),
      new File([records('whole', 2)], 'whole.jsonl'),
      { format: 'native', defaultAnnotator: 'alice', locks },
    );
    await whole.analyse();
    await whole.commit();
    await until(async () => (await labelNames(bob.store)).includes('venue'));
  });
});

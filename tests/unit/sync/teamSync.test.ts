// @vitest-environment node
// Team sync between two databases (fake-indexeddb) through a real sync server on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport } from '../../../src/lib/storage/importer';
import { recoverStoppedImports } from '../../../src/lib/storage/importJournal';
import { Store, type SharedChanges } from '../../../src/lib/storage/store';
import { TeamSync, type Peer, type ReviewConflict, type TeamStatus } from '../../../src/lib/sync/teamSync';
import { sharedNames } from '../../../src/lib/sync/records';
import type { LocalStore } from '../../../src/lib/storage/localStore';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { Locks } from '../../support/locks';
import { memoryStorage } from '../../support/memoryStorage';
import {
  seededStore as seeded,
  FIRST_DOCUMENT,
  labelSpan as label,
  spansOf as labelsOf,
  until,
} from '../../support/syncFixture';
import { startSyncServerProcess, writeMembers, type RunningSyncServer } from '../../support/syncServer';

// Node's own `ws`, by its file: the test run resolves packages with the browser condition, which
// gives ws's stub that throws.
const require = createRequire(import.meta.url);
const WebSocket: unknown = require(join(dirname(require.resolve('ws/package.json')), 'index.js'));

const corpusFolder = join(import.meta.dirname, '../../../public/corpus');
const MEMBERS = [
  { name: 'alice', token: 'alice-secret-1', role: 'reviewer' as const },
  { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
  { name: 'dora', token: 'dora-secret-3', role: 'reviewer' as const },
  { name: 'cy', token: 'cy-secret-44', role: 'annotator' as const },
];
const DOCUMENT = FIRST_DOCUMENT;

let folder: string;
let server: RunningSyncServer | null = null;
let membersFile: string;
const running: { sync: TeamSync; store: Store }[] = [];

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'spanwright-sync-'));
  membersFile = writeMembers(folder, MEMBERS);
  server = await startSyncServerProcess({ folder, members: membersFile });
});

afterEach(async () => {
  // Every sync stops before any database goes: a member started again over the same store (a
  // restart) still runs when the entry of its first sync comes.
  const entries = running.splice(0);
  for (const { sync } of entries) await sync.stop();
  for (const store of new Set(entries.map((entry) => entry.store))) await store.destroy();
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** A fresh browser's database with Settings → Team's project saved (the shared fixture's). */
const seededStore = (): Promise<Store> => seeded('sync');

async function member(
  name: string,
  token: string,
  store?: Store,
  network: EventTarget | null = null,
  project = 'demo',
  unsentStorage?: LocalStore,
) {
  const database = store ?? (await seededStore());
  const statuses: { status: TeamStatus; message: string | null }[] = [];
  const conflicts: ReviewConflict[] = [];
  /** The counts of changes waiting for the server, as the top bar was told them. */
  const unsynced: number[] = [];
  /** Who is online, as the top bar was last told. */
  const online: { peers: Peer[] } = { peers: [] };
  /** What the status line was told (renames taken in, what was not shared…). */
  const notices: string[] = [];
  const sync = new TeamSync(
    database,
    { server: `ws://127.0.0.1:${server!.port}`, project, token, annotator: name },
    {
      status: (status, message) => statuses.push({ status, message }),
      peers: (peers) => (online.peers = peers),
      notice: (text) => notices.push(text),
      unsynced: (count) => unsynced.push(count),
      conflicts: (settled) => conflicts.push(...settled),
      error: (error) => {
        throw error;
      },
    },
    { WebSocketPolyfill: WebSocket, network, unsentStorage },
  );
  running.push({ sync, store: database });
  await sync.start();
  return { sync, store: database, statuses, conflicts, unsynced, online, notices };
}

/** A member's tab over `store` whose write `hangs` picks never finishes once `dying`: a tab that dies there. */
async function dyingTab(store: Store, hangs: (method: string, args: unknown[]) => boolean) {
  const tab = { dying: false, hung: false, sync: null as unknown as TeamSync };
  const crashing = new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) =>
        tab.dying && hangs(String(key), args) ? ((tab.hung = true), new Promise<void>(() => {})) : method(...args);
    },
  });
  tab.sync = new TeamSync(
    crashing,
    { server: `ws://127.0.0.1:${server!.port}`, project: 'demo', token: 'bob-secret-22', annotator: 'bob' },
    { status: () => {}, peers: () => {}, unsynced: () => {}, conflicts: () => {}, error: () => {} },
    { WebSocketPolyfill: WebSocket },
  );
  await tab.sync.start();
  return tab;
}

// A real server process and two databases: seconds each on a loaded machine.
describe('team sync', { timeout: 60_000 }, () => {
  it("brings each member's layer to the other, live, and deletions too", async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bob = await member('bob', 'bob-secret-22');
    const { span } = await label(alice.store, 'alice', 0, 5);
    await label(bob.store, 'bob', 6, 10, 'denial');
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 1);
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 1);
    expect(await labelsOf(bob.store, 'alice')).toEqual(await labelsOf(alice.store, 'alice'));
    await alice.store.deleteSpans([span.id], 2);
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 0);
  });

  it('merges edits made on both sides while one was disconnected, losing nothing', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bob = await member('bob', 'bob-secret-22');
    const { span: first } = await label(bob.store, 'bob', 0, 5);
    await label(bob.store, 'bob', 20, 25, 'visit');
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 2);
    // Bob goes away (his client stops; his database stays), both label meanwhile; bob also deletes one.
    const bobStore = bob.store;
    await bob.sync.stop();
    running.splice(
      running.findIndex((entry) => entry.sync === bob.sync),
      1,
    );
    await label(bobStore, 'bob', 6, 10, 'denial');
    await bobStore.deleteSpans([first.id], 3);
    await label(alice.store, 'alice', 11, 15, 'visit');
    // Bob comes back with the same database: his offline span and deletion reach alice, hers reaches him.
    await member('bob', 'bob-secret-22', bobStore);
    await until(async () => (await labelsOf(alice.store, 'bob')).join() === (await labelsOf(bobStore, 'bob')).join());
    expect((await labelsOf(alice.store, 'bob')).length).toBe(2);
    await until(async () => (await labelsOf(bobStore, 'alice')).length === 1);
    expect(await labelsOf(bobStore, 'bob')).toEqual(await labelsOf(alice.store, 'bob'));
  });

  it('keeps everything across a server restart', async () => {
    const alice = await member('alice', 'alice-secret-1');
    await label(alice.store, 'alice', 0, 5);
    await until(async () => {
      await alice.sync.settled();
      return true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const port = server!.port;
    await server!.stop();
    server = await startSyncServerProcess({ folder, members: membersFile, port });
    const carol = await member('bob', 'bob-secret-22');
    await until(async () => (await labelsOf(carol.store, 'alice')).length === 1);
  });

  it('says nothing waits once the server has everything again after a restart (read-only documents are not waiting)', async () => {
    const alice = await member('alice', 'alice-secret-1');
    await label(alice.store, 'alice', 0, 5);
    await until(() => alice.unsynced.at(-1) === 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const port = server!.port;
    await server!.stop();
    server = await startSyncServerProcess({ folder, members: membersFile, port });
    // The server writes its members document afresh at each start; alice's copy of it can never be sent.
    await label(alice.store, 'alice', 6, 10, 'denial');
    const bob = await member('bob', 'bob-secret-22');
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 2);
    await until(() => alice.unsynced.at(-1) === 0, 15_000);
  });

  it('still says changes wait after a reload while the server is down, and nothing once it has them', async () => {
    const storage = memoryStorage();
    const bob = await member('bob', 'bob-secret-22', undefined, null, 'demo', storage);
    await until(() => bob.statuses.at(-1)?.status === 'online');
    const port = server!.port;
    await server!.stop();
    await label(bob.store, 'bob', 0, 5);
    // Mirrored into the shared layer and not sent: marked in the browser's storage (the count alone was 1 at times before).
    await until(() => storage.entries.size === 1 && (bob.unsynced.at(-1) ?? 0) > 0);
    // The page reloads while the server is still down: its count of what it sent starts again at none.
    await bob.sync.stop();
    running.splice(
      running.findIndex((entry) => entry.sync === bob.sync),
      1,
    );
    const reloaded = await member('bob', 'bob-secret-22', bob.store, null, 'demo', storage);
    expect(reloaded.unsynced.at(-1)).toBe(1);
    server = await startSyncServerProcess({ folder, members: membersFile, port });
    await until(() => reloaded.unsynced.at(-1) === 0, 15_000);
    const alice = await member('alice', 'alice-secret-1');
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 1);
    // Acknowledged: nothing is marked for the next page.
    await reloaded.sync.stop();
    running.splice(
      running.findIndex((entry) => entry.sync === reloaded.sync),
      1,
    );
    expect(storage.entries.size).toBe(0);
  });

  it('says Offline as soon as the browser says its network went, and reconnects when it is back, losing nothing', async () => {
    const network = new EventTarget();
    const bob = await member('bob', 'bob-secret-22', undefined, network);
    const alice = await member('alice', 'alice-secret-1');
    await until(() => bob.statuses.at(-1)?.status === 'online');
    network.dispatchEvent(new Event('offline'));
    // At once, not after the half minute the connection waits for a message.
    await until(() => bob.statuses.at(-1)?.status === 'offline', 2000);
    await label(bob.store, 'bob', 0, 5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await labelsOf(alice.store, 'bob')).toEqual([]);
    network.dispatchEvent(new Event('online'));
    await until(() => bob.statuses.at(-1)?.status === 'online');
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 1);
  });

  it('loses nothing when the server dies before storing: the members send it again', async () => {
    const alice = await member('alice', 'alice-secret-1');
    await label(alice.store, 'alice', 0, 5);
    await until(async () => {
      await alice.sync.settled();
      return true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const port = server!.port;
    await server!.stop({ lose: true });
    server = await startSyncServerProcess({ folder, members: membersFile, port });
    const bob = await member('bob', 'bob-secret-22');
    await until(async () => (await labelsOf(bob.store, 'alice')).length === 1);
  });

  it('a deletion from the team is not lost when the tab dies before storing it: it comes again', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bobStore = await seededStore();
    // Bob's tab dies while it stores what the team sent: once dying, that write never finishes.
    const dead = await dyingTab(bobStore, (method) => method === 'applySharedChanges');
    const { span } = await label(alice.store, 'alice', 0, 5);
    await until(async () => (await labelsOf(bobStore, 'alice')).length === 1);
    dead.dying = true;
    await alice.store.deleteSpans([span.id], 2);
    await until(async () => dead.hung);
    // Whatever else the dying tab would do with that update has time to happen; then it is gone.
    await new Promise((resolve) => setTimeout(resolve, 300));
    void dead.sync.stop();
    // Bob opens the app again: the deletion reaches his database.
    await member('bob', 'bob-secret-22', bobStore);
    // About 1 s alone. A bound, not a speed check: it failed at 75 s only when the tab had died
    // before keeping the span's update (the test below), which the removal now reaches.
    await until(async () => (await labelsOf(bobStore, 'alice')).length === 0, 75_000);
  }, 120_000);

  it('a span the team deleted while this tab had stored it but not kept its update: removed at the next start', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bobStore = await seededStore();
    // Bob's tab stores alice's span, then dies before it keeps the update that brought it (the next
    // update it keeps: Yjs queues the two together).
    let stored = false;
    const dead = await dyingTab(bobStore, (method, [argument]) => {
      if (method === 'applySharedChanges') stored ||= (argument as SharedChanges).put.length > 0;
      return stored && method === 'appendSyncUpdate';
    });
    dead.dying = true;
    const { span } = await label(alice.store, 'alice', 0, 5);
    await until(async () => (await labelsOf(bobStore, 'alice')).length === 1 && dead.hung);
    void dead.sync.stop();
    // While bob is away, alice removes it: bob's shared copy never held it, so the removal arrives
    // as a span added and removed at once.
    await alice.store.deleteSpans([span.id], 2);
    await until(async () => {
      await alice.sync.settled();
      return true;
    });
    await member('bob', 'bob-secret-22', bobStore);
    await until(async () => (await labelsOf(bobStore, 'alice')).length === 0);
  }, 120_000);

  it('a change from the team that fails to be stored is not shared back as a removal: the next start stores it', async () => {
    // Bob on two machines: his desktop labels; his laptop's database refuses the first write of it.
    const desktop = await member('bob', 'bob-secret-22');
    const laptopStore = await seededStore();
    let refuse = true;
    const full = new Proxy(laptopStore, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => {
          if (key !== 'applySharedChanges' || !refuse || (args[0] as SharedChanges).put.length === 0)
            return method(...args);
          refuse = false;
          return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
        };
      },
    });
    const errors: string[] = [];
    const laptop = new TeamSync(
      full,
      { server: `ws://127.0.0.1:${server!.port}`, project: 'demo', token: 'bob-secret-22', annotator: 'bob' },
      {
        status: () => {},
        peers: () => {},
        unsynced: () => {},
        conflicts: () => {},
        error: (error) => errors.push(String(error)),
      },
      { WebSocketPolyfill: WebSocket },
    );
    running.push({ sync: laptop, store: laptopStore });
    await laptop.start();
    await label(desktop.store, 'bob', 0, 5);
    const desktopSpans = await labelsOf(desktop.store, 'bob');
    await until(() => errors.length > 0);
    expect(errors[0]).toContain('could not be stored here');
    expect(await labelsOf(laptopStore, 'bob')).toEqual([]);
    // Bob labels on the laptop: its layer, which lacks the desktop's span, is not shared as it stands.
    await label(laptopStore, 'bob', 6, 10, 'denial');
    await laptop.settled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await labelsOf(desktop.store, 'bob')).toEqual(desktopSpans);
    // The laptop starts again: the desktop's span is stored there, and the laptop's goes to the desktop.
    await laptop.stop();
    await member('bob', 'bob-secret-22', laptopStore);
    await until(async () => (await labelsOf(laptopStore, 'bob')).length === 2);
    await until(async () => (await labelsOf(desktop.store, 'bob')).length === 2);
  }, 120_000);

  it('refuses a wrong token and never writes another member’s layer', async () => {
    const stranger = await member('alice', 'not-a-token');
    await until(async () => stranger.statuses.some((entry) => entry.status === 'refused'));
    // Bob sets his annotator name to alice: the server lets him read alice's layer, not write it.
    const impostor = await member('alice', 'bob-secret-22');
    await label(impostor.store, 'alice', 0, 5);
    await until(async () => impostor.statuses.some((entry) => entry.status === 'refused'));
    const alice = await member('alice', 'alice-secret-1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await labelsOf(alice.store, 'alice')).toEqual([]);
  });

  it('shows who is online by the member their token belongs to: a name claimed with another’s token is never shown', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bob = await member('bob', 'bob-secret-22');
    await until(() => alice.online.peers.some((peer) => peer.name === 'bob'));
    bob.sync.setOpenDocument(DOCUMENT);
    await until(() => alice.online.peers.some((peer) => peer.name === 'bob' && peer.documentId === DOCUMENT));
    // Bob's token with the Annotator name "dora": the server does not let it write dora's layer, and it names no one.
    const mistaken = await member('dora', 'bob-secret-22');
    await until(() => mistaken.statuses.some(({ status }) => status === 'refused'));
    // A client that claims to be dora with bob's token, as a broken or hostile one would: refused.
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${server!.port}`,
      WebSocketPolyfill: WebSocket,
    } as never);
    const hostile = new HocuspocusProvider({
      websocketProvider: socket,
      name: sharedNames('demo').corpus,
      document: new Y.Doc(),
      token: 'bob-secret-22',
    });
    hostile.setAwarenessField('user', { name: 'dora', documentId: DOCUMENT });
    hostile.attach();
    try {
      await until(() => server!.output().includes('refused presence on'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(alice.online.peers.map((peer) => peer.name)).not.toContain('dora');
      expect(alice.online.peers.map((peer) => peer.name)).toContain('bob');
      expect(server!.output()).toContain('claims to be "dora" in who is online');
    } finally {
      hostile.destroy();
      socket.destroy();
    }
  });

  it('tells a member whose project holds nothing on the server yet (a mistyped name), and no one once it holds the corpus', async () => {
    const said = (one: { statuses: { message: string | null }[] }, project: string) =>
      one.statuses.some((entry) => entry.message?.startsWith(`Project “${project}” holds nothing on this server yet`));
    // alice, a reviewer, starts "demo": she is told, and her corpus starts it.
    const alice = await member('alice', 'alice-secret-1');
    await until(async () => said(alice, 'demo'));
    // Once her labels have reached the server, "holds nothing" is no longer true: she is told her copy started it.
    await until(async () => alice.statuses.at(-1)?.message?.startsWith('Your copy started project “demo”') === true);
    expect(alice.online.peers).toEqual([]);
    await alice.store.addLabel('place');
    const bob = await member('bob', 'bob-secret-22');
    await until(async () => (await readLabels(bob.store)).includes('place'));
    // A teammate online: the note goes.
    await until(async () => alice.statuses.at(-1)?.message === null);
    // The server holds the corpus now. dora mistypes the name: connected, and told to check it.
    const typo = await member('dora', 'dora-secret-3', undefined, null, 'dmeo');
    await until(async () => typo.statuses.some((entry) => entry.status === 'online') && said(typo, 'dmeo'));
    // Typed right, in a fresh browser: she receives the corpus, and is told nothing of the kind.
    const dora = await member('dora', 'dora-secret-3');
    await until(async () => (await readLabels(dora.store)).includes('place'));
    expect(said(dora, 'demo')).toBe(false);
  });

  it('shares documents and labels from a reviewer, and gold decisions', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bob = await member('bob', 'bob-secret-22');
    await alice.store.addLabel('place');
    await until(async () => (await readLabels(bob.store)).includes('place'));
    await alice.store.addSharedDocuments([
      { id: 'new-doc', title: 'New', text: 'A new text.', source: 'import:x', meta: {}, order: 9, created: 1 },
    ]);
    // addSharedDocuments does not log a layer change; the documents watch carries it.
    await until(async () => (await bob.store.readDocuments()).some((document) => document.id === 'new-doc'));
    await label(alice.store, 'gold', 0, 5);
    await until(async () => (await labelsOf(bob.store, 'gold')).length === 1);
    // "Gold done" too: an annotator's copy knows which documents the review finished (their feedback says so).
    await alice.store.setStatus(DOCUMENT, 'gold', 'done', 2);
    await until(async () => (await bob.store.readLayers('gold')).statuses.some((row) => row.status === 'done'));
    expect((await bob.store.readLayers('gold')).statuses.map((row) => [row.documentId, row.status])).toEqual([
      [DOCUMENT, 'done'],
    ]);
  });

  it('shares an imported file once it is stored whole, never the part an unfinished import left', async () => {
    const name = `sync-${Math.random()}`;
    const store = new Store(new SpanwrightDatabase(name));
    await store.open({ onBlocked: () => {}, onVersionChange: () => {} });
    await store.seedDefaultCorpus(async (path) => new Response(readFileSync(join(corpusFolder, path))));
    const alice = await member('alice', 'alice-secret-1', store);
    const bob = await member('bob', 'bob-secret-22');
    // An import whose tab dies after its first batch (its own connection closes), then one stored whole.
    const connection = new SpanwrightDatabase(name);
    const locks = new Locks();
    const records = Array.from({ length: 600 }, (_, index) => ({
      id: `part-${index}`,
      text: `part ${index}`,
      spans: [],
    }));
    const partial = new FileImport(
      connection,
      new File([records.map((record) => JSON.stringify(record)).join('\n')], 'part.jsonl'),
      {
        format: 'native',
        defaultAnnotator: 'alice',
        locks,
        onProgress: (progress) => (progress.phase === 'writing' ? connection.close() : undefined),
      },
    );
    await partial.analyse();
    await expect(partial.commit()).rejects.toThrow();
    expect((await store.readDocuments()).filter((document) => document.id.startsWith('part-')).length).toBe(250);
    const whole = new FileImport(
      new SpanwrightDatabase(name),
      new File([JSON.stringify({ id: 'whole', text: 'a whole file', spans: [] })], 'whole.jsonl'),
      {
        format: 'native',
        defaultAnnotator: 'alice',
        locks,
      },
    );
    await whole.analyse();
    await whole.commit();
    await until(async () => (await bob.store.readDocuments()).some((document) => document.id === 'whole'));
    expect((await bob.store.readDocuments()).filter((document) => document.id.startsWith('part-'))).toEqual([]);
    // Taken back at the next start: still never shared.
    const [recovered] = await recoverStoppedImports(new SpanwrightDatabase(name), { locks });
    expect(recovered?.documentsRemoved).toBe(250);
    await alice.store.addSharedDocuments([
      { id: 'marker', title: 'Marker', text: 'after the recovery', source: 'x', meta: {}, order: 99, created: 1 },
    ]);
    await until(async () => (await bob.store.readDocuments()).some((document) => document.id === 'marker'));
    expect((await bob.store.readDocuments()).filter((document) => document.id.startsWith('part-'))).toEqual([]);
  });

  it('two reviewers deciding at once merge per span: one gold span for a place, different places both kept', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const dora = await member('dora', 'dora-secret-3');
    await Promise.all([decide(alice.store, 'alice', 'claim'), decide(dora.store, 'dora', 'claim')]);
    await decide(dora.store, 'dora', 'visit');
    const settled = async () => {
      const [left, right] = [await labelsOf(alice.store, 'gold'), await labelsOf(dora.store, 'gold')];
      return left.join() === right.join() && left.length === 2;
    };
    await until(settled);
    // Both decided claim at 0–5 at once: one span, not two.
    expect((await labelsOf(alice.store, 'gold')).map((entry) => entry.split(':')[0])).toEqual(['claim', 'visit']);
  });

  it('a label a reviewer removes leaves every member’s set, with its spans; a renamed one is renamed', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const bob = await member('bob', 'bob-secret-22');
    await label(bob.store, 'bob', 0, 5, 'claim');
    await label(bob.store, 'bob', 6, 10, 'visit');
    await until(async () => (await labelsOf(alice.store, 'bob')).length === 2);
    // Bob's copy has joined the team (taken its set, claim and visit in it): a copy that joins after the
    // removal keeps a label its own spans carry, as any member's first sync does (labelSync.test.ts).
    await until(async () => (await bob.store.readSyncUpdates('demo/corpus#joined')).length > 0);
    await alice.store.deleteLabel('claim', 3);
    await alice.store.renameLabel('visit', 'trip', 3);
    await until(async () => !(await readLabels(bob.store)).includes('claim'));
    // Bob's span of the removed label goes, in his copy and then in the team's; his visit becomes trip.
    await until(async () => (await labelsOf(bob.store, 'bob')).join().startsWith('trip:'));
    expect(await labelsOf(bob.store, 'bob')).toHaveLength(1);
    expect(await readLabels(bob.store)).toContain('trip');
    expect(await readLabels(bob.store)).not.toContain('visit');
    // The team's copy of bob's layer loses it too: a member who joins now receives only his trip.
    const dora = await member('dora', 'dora-secret-3');
    await until(async () => /^trip:[^,]*$/u.test((await labelsOf(dora.store, 'bob')).join()));
  });

  it('a swap made while a copy was closed moves another member’s spans there once, whichever arrives first (helper-167)', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const cy = await member('cy', 'cy-secret-44');
    await label(cy.store, 'cy', 0, 5, 'claim');
    await label(cy.store, 'cy', 6, 10, 'denial');
    const before = await labelsOf(cy.store, 'cy');
    const bob = await member('bob', 'bob-secret-22');
    await until(async () => (await labelsOf(bob.store, 'cy')).join() === before.join());
    await bob.sync.stop();
    // alice swaps the two names through a third while bob's copy is closed; cy's copy moves her spans and shares them.
    expect(await alice.store.renameLabel('claim', 'swap', 3)).toBeNull();
    expect(await alice.store.renameLabel('denial', 'claim', 3)).toBeNull();
    expect(await alice.store.renameLabel('swap', 'denial', 3)).toBeNull();
    const swapped = before.map((span) =>
      span
        .replace(/^claim:/u, 'x:')
        .replace(/^denial:/u, 'claim:')
        .replace(/^x:/u, 'denial:'),
    );
    await until(async () => (await labelsOf(cy.store, 'cy')).sort().join() === [...swapped].sort().join());
    await until(async () => (await labelsOf(alice.store, 'cy')).sort().join() === [...swapped].sort().join());
    // bob's copy opens again: cy's spans there carry the names her own copy gave them, not swapped back.
    await member('bob', 'bob-secret-22', bob.store);
    await until(
      async () => (await readLabels(bob.store)).includes('denial') && !(await readLabels(bob.store)).includes('swap'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await labelsOf(bob.store, 'cy')).sort()).toEqual([...swapped].sort());
  });

  it('two reviewers renaming one label offline, each their own way: every member is told it is split, and how to join it', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const dora = await member('dora', 'dora-secret-3');
    const bob = await member('bob', 'bob-secret-22');
    await label(alice.store, 'alice', 0, 5, 'visit');
    await label(dora.store, 'dora', 6, 10, 'visit');
    await until(async () => (await labelsOf(dora.store, 'alice')).length === 1);
    for (const reviewer of [alice, dora]) {
      // Each had joined (its copy level with the team's set) before going offline: a copy stopped before
      // it joined takes the team's set at its next start, and its rename goes out as a new label.
      await until(async () => (await reviewer.store.readSyncUpdates('demo/corpus#joined')).length > 0);
      await reviewer.sync.stop();
      running.splice(
        running.findIndex((entry) => entry.sync === reviewer.sync),
        1,
      );
    }
    await alice.store.renameLabel('visit', 'trip', 3);
    await dora.store.renameLabel('visit', 'journey', 4);
    const aliceAgain = await member('alice', 'alice-secret-1', alice.store);
    await until(async () => (await readLabels(bob.store)).includes('trip'));
    const doraAgain = await member('dora', 'dora-secret-3', dora.store);
    const split =
      /^Renames of the label “visit” went to “(trip|journey)” and “(trip|journey)”, and each is a label now/u;
    for (const { notices } of [aliceAgain, doraAgain, bob]) await until(() => notices.some((text) => split.test(text)));
    expect(doraAgain.notices.find((text) => split.test(text))).toMatch(
      /rename one to the other in Settings → Labels to merge them\.$/u,
    );
    expect(bob.notices.find((text) => split.test(text))).toMatch(/a reviewer can merge them \(Settings → Labels\)\.$/u);
    // Said once per sync, however often the labels merge again.
    await aliceAgain.store.updateLabel('trip', { colour: '#123456' });
    await until(async () => (await colourOf(bob.store, 'trip')) === '#123456');
    expect(bob.notices.filter((text) => split.test(text))).toHaveLength(1);
    // Nor at his next sync: a team that keeps both labels is told once.
    await bob.sync.stop();
    running.splice(
      running.findIndex((entry) => entry.sync === bob.sync),
      1,
    );
    const bobAgain = await member('bob', 'bob-secret-22', bob.store);
    await aliceAgain.store.updateLabel('trip', { colour: '#654321' });
    await until(async () => (await colourOf(bob.store, 'trip')) === '#654321');
    // A merge stores the colour before it looks for splits, and merges run one after another: a second
    // change arriving means the one before has told (or not) whatever it had to.
    await aliceAgain.store.updateLabel('trip', { colour: '#777777' });
    await until(async () => (await colourOf(bob.store, 'trip')) === '#777777');
    expect(bobAgain.notices.filter((text) => split.test(text))).toEqual([]);
    // Dora merges journey into trip (Settings → Labels): every member ends with one label, every span on it.
    const [gone, kept] = (await readLabels(doraAgain.store)).includes('journey')
      ? ['journey', 'trip']
      : ['trip', 'journey'];
    expect(await doraAgain.store.mergeLabel(gone, kept, 5)).not.toBeTypeOf('string');
    for (const store of [aliceAgain.store, doraAgain.store, bob.store])
      await until(async () => {
        const names = await readLabels(store);
        const spans = [...(await labelsOf(store, 'alice')), ...(await labelsOf(store, 'dora'))];
        return (
          !names.includes(gone) &&
          names.includes(kept) &&
          spans.length === 2 &&
          spans.every((one) => one.startsWith(`${kept}:`))
        );
      });
  }, 90_000); // over the waits' 60 s: a wait that hangs fails with its own line

  it('one reviewer keeping a span and another rejecting it at once: the later decision stands on both, and both are told', async () => {
    const alice = await member('alice', 'alice-secret-1');
    const dora = await member('dora', 'dora-secret-3');
    const bob = await member('bob', 'bob-secret-22');
    // Alice keeps claim at 0–5 (at time 5); dora, at time 6, rejects it: neither had seen the other's.
    await Promise.all([decide(alice.store, 'alice', 'claim', 5), decide(dora.store, 'dora', 'claim', 6, 'reject')]);
    const review = async (store: Store) => [
      ...(await labelsOf(store, 'gold')).map((entry) => `kept ${entry}`),
      ...(await labelsOf(store, 'gold:rejected')).map((entry) => `rejected ${entry}`),
    ];
    const text = (await alice.store.readDocuments()).find((entry) => entry.id === DOCUMENT)!.text.slice(0, 5);
    for (const { store } of [alice, dora, bob])
      await until(async () => (await review(store)).join() === `rejected claim:${text}`);
    // Each reviewer is told once the settling is stored, which may come a moment after the layers agree.
    await until(async () => alice.conflicts.length > 0 && dora.conflicts.length > 0);
    expect(alice.conflicts.map(({ kept, dropped }) => [kept.origin?.by, dropped.origin?.by])).toEqual([
      ['dora', 'alice'],
    ]);
    expect(dora.conflicts.map(({ kept, dropped }) => [kept.annotator, dropped.annotator])).toEqual([
      ['gold:rejected', 'gold'],
    ]);
    // Bob is not a reviewer: his copy follows, and he is not asked about it.
    expect(bob.conflicts).toEqual([]);
  });
});

/** A reviewer keeps (or rejects) the span at 0–5 labelled `label` in gold, as decided by `by` at `now`. */
async function decide(store: Store, by: string, label: string, now = 1, decision: 'keep' | 'reject' = 'keep') {
  const document = (await store.readDocuments()).find((entry) => entry.id === DOCUMENT)!;
  const place = { start: 0, end: 5, label };
  const origin = {
    kind: decision === 'keep' ? ('a' as const) : ('neither' as const),
    annotators: ['bob'],
    by,
    at: now,
  };
  return store.decideInGold(
    decision === 'keep'
      ? { document, keep: [{ place, origin }], drop: [], reject: [], unreject: [] }
      : { document, keep: [], drop: [place], reject: [{ place, origin }], unreject: [] },
    now,
  );
}

/** A label's colour in `store`'s set. */
async function colourOf(store: Store, name: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const subscription = store.watchLabels().subscribe({
      next: (labels) => {
        resolve(labels.find((label) => label.name === name)?.colour);
        queueMicrotask(() => subscription.unsubscribe());
      },
    });
  });
}

async function readLabels(store: Store): Promise<string[]> {
  return new Promise((resolve) => {
    const subscription = store.watchLabels().subscribe({
      next: (labels) => {
        resolve(labels.map((entry) => entry.name));
        queueMicrotask(() => subscription.unsubscribe());
      },
    });
  });
}

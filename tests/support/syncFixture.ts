// What the tests of team sync (tests/unit/sync/) share: a real sync server process per test, Node's
// WebSocket, and databases seeded as on a first start.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { Store } from '../../src/lib/storage/store';
import { TeamSync, type ReviewConflict } from '../../src/lib/sync/teamSync';
import { stored } from './created';
import { startSyncServerProcess, writeMembers, type RunningSyncServer } from './syncServer';

// Node's own `ws`, by its file: the test run resolves packages with the browser condition, which
// gives ws's stub that throws.
const require = createRequire(import.meta.url);
export const NodeWebSocket: unknown = require(join(dirname(require.resolve('ws/package.json')), 'index.js'));

const corpusFolder = join(import.meta.dirname, '../../public/corpus');

/** A database of its own with the default corpus and label set seeded, as a browser's first start has. */
export async function seededStore(prefix: string): Promise<Store> {
  const store = new Store(new SpanwrightDatabase(`${prefix}-${Math.random()}`));
  await store.open({ onBlocked: () => {}, onVersionChange: () => {} });
  await store.seedDefaultCorpus(async (path) => new Response(readFileSync(join(corpusFolder, path))));
  // Settings → Team's project, as the app stores it before sync starts: renames and removals made
  // in Settings → Labels belong to it (storage/labelRenames.ts). The sync tests' project is demo.
  await store.writeSetting('team', { server: '', project: 'demo', token: '' });
  return store;
}

/** The server of the running test; a test may stop it and start another (on the same port). */
export interface SyncServerFixture {
  server: RunningSyncServer;
  readonly folder: string;
  readonly membersFile: string;
}

/**
 * A sync server process for each test of the calling file, knowing `members`, in a folder of its
 * own; stopped and removed after the test. Call at the top of the file, before its own `afterEach`
 * (which then runs first: the file's syncs stop before their server does).
 */
export function useSyncServer(
  members: readonly { name: string; token: string; role: 'reviewer' | 'annotator' }[],
  folderPrefix: string,
): SyncServerFixture {
  let current: { server: RunningSyncServer; folder: string; membersFile: string } | null = null;
  beforeEach(async () => {
    const folder = mkdtempSync(join(tmpdir(), folderPrefix));
    const membersFile = writeMembers(folder, [...members]);
    current = { folder, membersFile, server: await startSyncServerProcess({ folder, members: membersFile }) };
  });
  afterEach(async () => {
    await current?.server.stop();
    if (current) rmSync(current.folder, { recursive: true, force: true });
    current = null;
  });
  const running = () => {
    if (!current) throw new Error('no sync server outside a test');
    return current;
  };
  return {
    get server() {
      return running().server;
    },
    set server(server: RunningSyncServer) {
      running().server = server;
    },
    get folder() {
      return running().folder;
    },
    get membersFile() {
      return running().membersFile;
    },
  };
}

/** The first default document, which the sync tests label. */
export const FIRST_DOCUMENT = '000_c25c54a9dd113007';

/** Waits until `condition` holds (sync is asynchronous end to end); fails after `timeout` ms. */
export async function until(condition: () => Promise<boolean> | boolean, timeout = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeout) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `annotator`'s spans on the first document as `label:text`, sorted. */
export const spansOf = async (store: Store, annotator: string) =>
  (await store.readLayer(FIRST_DOCUMENT, annotator)).spans.map((span) => `${span.label}:${span.text}`).sort();

/** Labels code units `start`–`end` of the first document in `annotator`'s layer, as the page does. */
export async function labelSpan(store: Store, annotator: string, start: number, end: number, labelName = 'claim') {
  const text = (await store.readDocuments()).find((document) => document.id === FIRST_DOCUMENT)!.text;
  return stored(
    await store.createSpan(
      { documentId: FIRST_DOCUMENT, annotator, start, end, label: labelName, text: text.slice(start, end) },
      1,
    ),
  );
}

/**
 * A member's tab with team sync on over `store`, on the test's server and project `demo`: what it is
 * told is collected (`notices`; `news`, the passing ones; the review `conflicts` settled), and an
 * error fails the test. Its sync joins `running` before it starts, for the file's `afterEach` to stop.
 */
export async function startMember(
  server: { port: number },
  member: { name: string; token: string },
  store: Store,
  running: { push(sync: TeamSync): unknown },
) {
  const heard = {
    notices: [] as string[],
    news: [] as string[],
    conflicts: [] as ReviewConflict[],
    /** The status line's messages, in order (null: none). */
    statuses: [] as (string | null)[],
  };
  const sync = new TeamSync(
    store,
    { server: `ws://127.0.0.1:${server.port}`, project: 'demo', token: member.token, annotator: member.name },
    {
      status: (_status, message) => heard.statuses.push(message),
      peers: () => {},
      unsynced: () => {},
      conflicts: (settled) => heard.conflicts.push(...settled),
      notice: (text, kind) => (kind === 'news' ? heard.news : heard.notices).push(text),
      error: (error) => {
        throw error;
      },
    },
    { WebSocketPolyfill: NodeWebSocket },
  );
  running.push(sync);
  await sync.start();
  return { sync, store, ...heard };
}

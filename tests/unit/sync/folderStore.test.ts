// @vitest-environment node
// The team server's data folder (server/folderStore.js): one file per shared document, written whole, kept
// across a restart with no member online, and an earlier version's SQLite file carried over, never ignored.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { carryOverSqlite, documentFile, FolderStore, prepareFolder } from '../../../server/folderStore.js';
import type { Store } from '../../../src/lib/storage/store';
import type { TeamSync } from '../../../src/lib/sync/teamSync';
import { labelSpan, seededStore, spansOf, startMember, until, useSyncServer } from '../../support/syncFixture';
import { startSyncServerProcess } from '../../support/syncServer';

const SERVER = join(import.meta.dirname, '../../../server/sync-server.js');

let folder: string;
beforeEach(() => void (folder = mkdtempSync(join(tmpdir(), 'spanwright-folder-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A Yjs state whose map `m` holds `entries`. */
function state(entries: Record<string, string>): Uint8Array {
  const doc = new Y.Doc();
  for (const [key, value] of Object.entries(entries)) doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

/** The map `m` of a stored state. */
function read(update: Uint8Array | null): Record<string, unknown> {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getMap('m').toJSON();
}

// The Database extension's hooks, as Hocuspocus calls them (only the fields the store reads).
type Hooks = {
  configuration: {
    fetch(payload: { documentName: string }): Promise<Uint8Array | null>;
    store(payload: { documentName: string; state: Uint8Array }): Promise<void>;
  };
};
const hooks = (store: FolderStore) => store as unknown as Hooks;

describe('the server’s data folder', () => {
  it('keeps each document in a file of its own inside the folder, whatever its name, and reads it back', async () => {
    const store = hooks(new FolderStore(folder));
    const names = ['demo/corpus', 'Demo/corpus', 'demo/layer/..%2F..%2Fescape', 'demo/layer/%C3%A9lodie'];
    for (const [index, documentName] of names.entries())
      await store.configuration.store({ documentName, state: state({ index: String(index) }) });
    // Names differing in case only stay apart (a case-insensitive disk), and none leaves the folder.
    expect(readdirSync(folder).sort()).toEqual(
      names.map((name) => documentFile(folder, name).slice(folder.length + 1)).sort(),
    );
    expect(names.every((name) => dirname(documentFile(folder, name)) === folder)).toBe(true);
    const again = hooks(new FolderStore(folder));
    for (const [index, documentName] of names.entries())
      expect(read(await again.configuration.fetch({ documentName }))).toEqual({ index: String(index) });
    expect(await again.configuration.fetch({ documentName: 'demo/gold' })).toBeNull();
  });

  it('writes the stores of one document in the order they came: the last state stays, and no partial file', async () => {
    const folderStore = new FolderStore(folder);
    const store = hooks(folderStore);
    const big = 'x'.repeat(200_000);
    const writes = Array.from({ length: 12 }, (_, index) =>
      store.configuration.store({ documentName: 'demo/gold', state: state({ last: String(index), big }) }),
    );
    await folderStore.idle();
    await Promise.all(writes);
    expect(read(await store.configuration.fetch({ documentName: 'demo/gold' })).last).toBe('11');
    expect(readdirSync(folder)).toEqual([documentFile(folder, 'demo/gold').slice(folder.length + 1)]);
  });

  it('refuses an earlier version’s SQLite file as --data, and a new folder beside its default file, naming the way over', () => {
    const sqlite = join(folder, 'spanwright.sqlite');
    execFileSync('sqlite3', [
      sqlite,
      'CREATE TABLE documents (name varchar(255) NOT NULL, data blob NOT NULL, UNIQUE(name))',
    ]);
    expect(() => prepareFolder(sqlite)).toThrow(
      `--data ${sqlite} is the SQLite file of an earlier Spanwright server; this one keeps its data in a folder. Carry it over once with: npm run sync-server -- --data sync-data/documents --from-sqlite ${sqlite}`,
    );
    const beside = join(folder, 'documents');
    expect(() => prepareFolder(beside)).toThrow(`${sqlite} holds the data of an earlier Spanwright server.`);
    const text = join(folder, 'notes.txt');
    writeFileSync(text, 'not a folder');
    expect(() => prepareFolder(text)).toThrow(`--data ${text} is a file; give a folder for the server's data`);
    // Elsewhere, a new folder is made.
    const fresh = join(folder, 'elsewhere', 'documents');
    prepareFolder(fresh);
    expect(existsSync(fresh)).toBe(true);
  });

  it('carries an earlier version’s SQLite file over, merging with what the folder holds, after which the server starts', async () => {
    const sqlite = join(folder, 'spanwright.sqlite');
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    // The table the SQLite store of earlier versions wrote (@hocuspocus/extension-sqlite's schema).
    execFileSync('sqlite3', [
      sqlite,
      [
        'CREATE TABLE "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name));',
        `INSERT INTO documents VALUES ('demo/corpus', X'${hex(state({ from: 'sqlite' }))}');`,
        `INSERT INTO documents VALUES ('demo/layer/%C3%A9lodie', X'${hex(state({ span: 'claim' }))}');`,
      ].join(' '),
    ]);
    const documents = join(folder, 'documents');
    mkdirSync(documents);
    await hooks(new FolderStore(documents)).configuration.store({
      documentName: 'demo/corpus',
      state: state({ already: 'here' }),
    });
    const carried = spawnSync(process.execPath, [SERVER, '--data', documents, '--from-sqlite', sqlite], {
      encoding: 'utf8',
    });
    expect(carried.stdout.trim()).toBe(
      `Carried 2 shared documents from ${sqlite} into ${documents}. Start the server with --data ${documents}; keep ${sqlite} as a backup.`,
    );
    expect(carried.status).toBe(0);
    const store = hooks(new FolderStore(documents));
    expect(read(await store.configuration.fetch({ documentName: 'demo/corpus' }))).toEqual({
      from: 'sqlite',
      already: 'here',
    });
    expect(read(await store.configuration.fetch({ documentName: 'demo/layer/%C3%A9lodie' }))).toEqual({
      span: 'claim',
    });
    expect(() => prepareFolder(documents)).not.toThrow();
    await expect(carryOverSqlite(join(folder, 'missing.sqlite'), documents)).rejects.toThrow('is not a SQLite file');
  });
});

describe('the server across a restart', { timeout: 60_000 }, () => {
  const MEMBERS = [
    { name: 'alice', token: 'alice-secret-1', role: 'reviewer' as const },
    { name: 'bob', token: 'bob-secret-22', role: 'annotator' as const },
  ];
  const team = useSyncServer(MEMBERS, 'spanwright-restart-');
  const running: { sync: TeamSync; store: Store }[] = [];
  afterEach(async () => {
    const entries = running.splice(0);
    for (const { sync } of entries) await sync.stop();
    for (const { store } of entries) await store.destroy();
  });

  it('gives a new member what a member sent before both the member and the server stopped', async () => {
    const openTab = async (name: 'alice' | 'bob') => {
      const store = await seededStore('restart');
      await startMember(team.server, MEMBERS[name === 'alice' ? 0 : 1], store, {
        push: (sync) => running.push({ sync, store }),
      });
      return store;
    };
    /** Closes every member's tab (their databases stay until the test ends). */
    const leave = async () => {
      for (const { sync } of running) await sync.stop();
    };
    const aliceStore = await openTab('alice');
    await labelSpan(aliceStore, 'alice', 0, 6);
    // The server has it once another member receives it; then both close their tabs.
    const firstBob = await openTab('bob');
    await until(async () => (await spansOf(firstBob, 'alice')).length === 1);
    await leave();
    // The server stops (Ctrl+C) and starts again: no one online holds alice's span.
    const port = team.server.port;
    await team.server.stop();
    team.server = await startSyncServerProcess({ folder: team.folder, members: team.membersFile, port });
    const bobStore = await openTab('bob');
    await until(async () => (await spansOf(bobStore, 'alice')).length === 1, 30_000);
    expect(await spansOf(bobStore, 'alice')).toEqual(await spansOf(aliceStore, 'alice'));
  });
});

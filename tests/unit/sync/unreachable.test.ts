// @vitest-environment node
// A sync server no socket reaches: nothing listens at the address, or every socket is blocked
// before it opens (as a Content-Security-Policy connect-src that does not allow the address does).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../../src/lib/storage/store';
import {
  Reachability,
  reachedServers,
  UNREACHABLE_AFTER_ATTEMPTS,
  type Timers,
} from '../../../src/lib/sync/reachability';
import { TeamSync, type TeamStatus } from '../../../src/lib/sync/teamSync';
import { NodeWebSocket, seededStore, until } from '../../support/syncFixture';
import { memoryStorage } from '../../support/memoryStorage';
import { startSyncServerProcess, writeMembers, type RunningSyncServer } from '../../support/syncServer';

const running: { sync: TeamSync; store: Store }[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const { sync, store } of running.splice(0)) {
    await sync.stop();
    await store.destroy();
  }
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A port on 127.0.0.1 where nothing listens (the system's pick, closed again at once). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A member syncing with `server` through `WebSocketClass`, with what its listener heard. */
async function member(server: string, WebSocketClass: unknown) {
  const store = await seededStore('unreachable');
  const heard = { statuses: [] as TeamStatus[], unreachable: [] as (string | null)[] };
  const sync = new TeamSync(
    store,
    { server, project: 'demo', token: 'bob-secret-22', annotator: 'bob' },
    {
      status: (status) => heard.statuses.push(status),
      unreachable: (message) => heard.unreachable.push(message),
      peers: () => {},
      unsynced: () => {},
      conflicts: () => {},
      error: () => {},
    },
    { WebSocketPolyfill: WebSocketClass, network: null },
  );
  running.push({ sync, store });
  await sync.start();
  return heard;
}

describe('a sync server that can not be reached', () => {
  it('is said to be unreachable, naming its address and what to check, and keeps being tried until it answers', async () => {
    const port = await unusedPort();
    const url = `ws://127.0.0.1:${port}`;
    const heard = await member(url, NodeWebSocket);
    await until(() => heard.unreachable.length > 0, 20_000);
    const message = heard.unreachable.at(-1)!;
    expect(message).toContain(`The sync server at ${url} could not be reached`);
    expect(message).toMatch(/Check the Server address/u);
    expect(message).toMatch(/connect-src/u);
    expect(message).toMatch(/still trying/u);
    expect(heard.statuses).not.toContain('online');

    // It keeps trying: once a server listens there, the connection opens and the sentence goes.
    const folder = mkdtempSync(join(tmpdir(), 'spanwright-unreachable-'));
    const members = writeMembers(folder, [{ name: 'bob', token: 'bob-secret-22', role: 'annotator' }]);
    const server: RunningSyncServer = await startSyncServerProcess({ folder, members, port });
    cleanups.push(async () => {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    });
    await until(() => heard.statuses.at(-1) === 'online', 30_000);
    expect(heard.unreachable.at(-1)).toBeNull();
    // The server stops while the network is up: Connecting while it is tried again, never Offline.
    const from = heard.statuses.length;
    await server.stop();
    await until(() => heard.statuses.length > from + 2, 20_000);
    expect(heard.statuses.slice(from)).toContain('connecting');
    expect(heard.statuses.slice(from)).not.toContain('offline');
  });

  it('is not called unreachable while the browser says it is offline (a page opened or reloaded offline)', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    cleanups.push(() => void vi.unstubAllGlobals());
    const heard = await member(`ws://127.0.0.1:${await unusedPort()}`, NodeWebSocket);
    // Well past the attempts that call an unreachable server so while online.
    await until(
      () => heard.statuses.filter((status) => status === 'offline').length > UNREACHABLE_AFTER_ATTEMPTS + 1,
      20_000,
    );
    expect(heard.unreachable.filter((message) => message !== null)).toEqual([]);
  });

  it('is said to be unreachable when every socket is refused before it opens, as a connect-src policy does', async () => {
    let made = 0;
    /** A WebSocket the page may not open: the constructor throws, as a browser enforcing connect-src may. */
    class BlockedWebSocket {
      constructor() {
        made += 1;
        throw new DOMException('Refused to connect: it violates connect-src', 'SecurityError');
      }
    }
    const heard = await member('wss://sync.example.org', BlockedWebSocket);
    await until(() => heard.unreachable.length > 0, 20_000);
    expect(heard.unreachable.at(-1)).toContain('The sync server at wss://sync.example.org could not be reached');
    expect(made).toBeGreaterThanOrEqual(UNREACHABLE_AFTER_ATTEMPTS);
    // Still trying: more sockets are asked for after the sentence.
    const before = made;
    await until(() => made > before, 20_000);
  });
});

describe('Reachability', () => {
  /** Timers run by hand. */
  const manualTimers = () => {
    const pending = new Map<number, () => void>();
    let next = 0;
    const timers: Timers = {
      setTimeout: (callback) => (pending.set(++next, callback), next),
      clearTimeout: (handle) => pending.delete(handle as number),
    };
    const fire = () => {
      for (const [handle, callback] of [...pending]) {
        pending.delete(handle);
        callback();
      }
    };
    return { timers, fire, pending };
  };

  /** A socket class whose sockets neither open nor close (a server that never answers). */
  class SilentSocket {
    addEventListener(): void {}
  }

  it('counts a socket that only errors (as Chromium does for one its connect-src blocks) once, and one that opens clears the count', () => {
    const { timers } = manualTimers();
    const reports: (string | null)[] = [];
    const watch = new Reachability(
      'ws://127.0.0.1:9',
      (message) => reports.push(message),
      () => true,
      timers,
    );
    const Socket = watch.watch(EventTarget) as new (url: string) => EventTarget;
    const erring = () => new Socket('ws://127.0.0.1:9').dispatchEvent(new Event('error'));
    for (let attempt = 1; attempt < UNREACHABLE_AFTER_ATTEMPTS; attempt++) erring();
    expect(reports).toEqual([]);
    // An error then a close is one failed attempt, not two.
    const both = new Socket('ws://127.0.0.1:9');
    both.dispatchEvent(new Event('error'));
    both.dispatchEvent(new Event('close'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(`tried ${UNREACHABLE_AFTER_ATTEMPTS} times`);
    const opening = new Socket('ws://127.0.0.1:9');
    opening.dispatchEvent(new Event('open'));
    opening.dispatchEvent(new Event('close'));
    expect(reports.at(-1)).toBeNull();
    expect(watch.unreachable).toBe(false);
    erring();
    expect(reports.at(-1)).toBeNull();
    // Reached before, the server is down for now: nothing to check in the settings, the work waits here.
    for (let attempt = 1; attempt < UNREACHABLE_AFTER_ATTEMPTS; attempt++) erring();
    expect(reports.at(-1)).toBe(
      `The sync server at ws://127.0.0.1:9 does not answer now (tried ${UNREACHABLE_AFTER_ATTEMPTS} times; still trying). ` +
        'Your work is kept here and goes to the team when it answers again.',
    );
  });

  it('remembers a server once reached: a page reloaded during its outage says it does not answer now, not what to check', () => {
    const storage = memoryStorage();
    let clock = Date.UTC(2026, 11, 1);
    const DAY = 24 * 60 * 60 * 1000;
    /** A page's watch of `url`, the browser's memory in `storage`; what it reported. */
    const page = (url: string) => {
      const reports: (string | null)[] = [];
      const watch = new Reachability(
        url,
        (message) => reports.push(message),
        () => true,
        manualTimers().timers,
        reachedServers(storage, () => clock),
      );
      const Socket = watch.watch(EventTarget) as new (url: string) => EventTarget;
      const failAll = () => {
        for (let attempt = 0; attempt < UNREACHABLE_AFTER_ATTEMPTS; attempt++)
          new Socket(url).dispatchEvent(new Event('error'));
      };
      return { reports, Socket, failAll };
    };

    const first = page('wss://sync.example.org');
    new first.Socket('wss://sync.example.org').dispatchEvent(new Event('open'));
    // The next page, reloaded while the server is down.
    const reloaded = page('wss://sync.example.org');
    reloaded.failAll();
    expect(reloaded.reports.at(-1)).toContain('wss://sync.example.org does not answer now');
    // Another address was never reached from here: the settings may be wrong.
    const other = page('wss://other.example.org');
    other.failAll();
    expect(other.reports.at(-1)).toContain('could not be reached');
    expect(other.reports.at(-1)).toContain('Check the Server address');
    // A week without reaching it: the server may have moved, or the host's policy changed.
    clock += 7 * DAY;
    const weekLater = page('wss://sync.example.org');
    weekLater.failAll();
    expect(weekLater.reports.at(-1)).toContain('could not be reached');
    // Each page that reaches it renews the memory, whichever of 20 other servers were reached since.
    const renewing = page('wss://sync.example.org');
    new renewing.Socket('wss://sync.example.org').dispatchEvent(new Event('open'));
    clock += 6 * DAY;
    for (let other = 0; other < 19; other++) {
      const another = page(`wss://s${other}.example.org`);
      new another.Socket(`wss://s${other}.example.org`).dispatchEvent(new Event('open'));
    }
    const sixDaysLater = page('wss://sync.example.org');
    sixDaysLater.failAll();
    expect(sixDaysLater.reports.at(-1)).toContain('does not answer now');
    // Unreadable memory is taken as none.
    storage.entries.set('spanwright.syncServersReached', '{not json');
    const unreadable = page('wss://sync.example.org');
    unreadable.failAll();
    expect(unreadable.reports.at(-1)).toContain('could not be reached');
  });

  it('calls a server unreachable after a while without any socket opening, unless the sync has stopped trying', () => {
    const { timers, fire } = manualTimers();
    const reports: (string | null)[] = [];
    let trying = true;
    const watch = new Reachability(
      'ws://10.255.255.1:1234',
      (message) => reports.push(message),
      () => trying,
      timers,
    );
    const Socket = watch.watch(SilentSocket) as new (url: string) => SilentSocket;
    new Socket('ws://10.255.255.1:1234');
    expect(reports).toEqual([]);
    fire();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('ws://10.255.255.1:1234 could not be reached');
    watch.reset();
    expect(reports.at(-1)).toBeNull();

    trying = false;
    new Socket('ws://10.255.255.1:1234');
    fire();
    expect(reports.at(-1)).toBeNull();
  });
});

// @vitest-environment node
// The sync server listens on the loopback interface only, as docs/team.md says: a team reaches it
// through its own TLS proxy, never over plain ws:// from the network.
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSyncServerProcess, writeMembers } from '../../support/syncServer';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Whether a TCP connection to `host`:`port` opens. */
const opens = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('the sync server', () => {
  it('listens on 127.0.0.1 only: no other interface of the machine reaches it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'spanwright-address-'));
    const members = writeMembers(folder, [{ name: 'bob', token: 'bob-secret-22', role: 'annotator' }]);
    const running = await startSyncServerProcess({ folder, members });
    cleanups.push(async () => {
      await running.stop();
      rmSync(folder, { recursive: true, force: true });
    });
    expect(await opens('127.0.0.1', running.port)).toBe(true);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined && !entry.internal && entry.family === 'IPv4')
      .map((entry) => entry!.address);
    for (const address of others) expect(await opens(address, running.port), address).toBe(false);
  });
});

// Workbenches joined to a real sync server process, for component tests of team features: a server
// per test with `members`, each member a workbench with team sync saved and on, all stopped after.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { Workbench } from '../../src/lib/state/workbench.svelte';
import { startSyncServerProcess, writeMembers, type RunningSyncServer } from './syncServer';
import { startedWorkbench } from './workbench';

// Node's own `ws`, by its file (the test run resolves packages with the browser condition).
const require = createRequire(import.meta.url);
const WebSocket: unknown = require(join(dirname(require.resolve('ws/package.json')), 'index.js'));

export interface Member {
  name: string;
  token: string;
  role: 'reviewer' | 'annotator';
}

/** Starts a server with `members` before each test; resolves `teamMember(name)` to that member's joined workbench. */
export function useTeamServer(members: readonly Member[]): (name: string) => Promise<Workbench> {
  let folder: string;
  let server: RunningSyncServer;
  const workbenches: Workbench[] = [];
  beforeEach(async () => {
    vi.stubGlobal('WebSocket', WebSocket);
    folder = mkdtempSync(join(tmpdir(), 'spanwright-team-'));
    server = await startSyncServerProcess({ folder, members: writeMembers(folder, members) });
  });
  afterEach(async () => {
    for (const workbench of workbenches.splice(0)) {
      await workbench.team?.stop();
      workbench.stop();
      await workbench.store.destroy();
    }
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
    vi.unstubAllGlobals();
  });
  return async (name) => {
    const workbench = await startedWorkbench();
    workbenches.push(workbench);
    await workbench.session.setAnnotator(name);
    const team = await workbench.loadTeam();
    const token = members.find((entry) => entry.name === name)!.token;
    expect(await team.save({ server: `ws://127.0.0.1:${server.port}`, project: 'demo', token })).toBeNull();
    return workbench;
  };
}

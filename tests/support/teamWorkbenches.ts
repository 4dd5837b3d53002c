// Workbenches joined to a real sync server process, for component tests of team features: the
// server of `useSyncServer` (syncFixture.ts) per test, each member a workbench with team sync saved
// and on, all stopped after the test (before the server: after-hooks run in reverse order).
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { Workbench } from '../../src/lib/state/workbench.svelte';
import { NodeWebSocket, useSyncServer } from './syncFixture';
import { startedWorkbench } from './workbench';

export interface Member {
  name: string;
  token: string;
  role: 'reviewer' | 'annotator';
}

/** Starts a server with `members` before each test; resolves `teamMember(name)` to that member's joined workbench. */
export function useTeamServer(members: readonly Member[]): (name: string) => Promise<Workbench> {
  const team = useSyncServer(members, 'spanwright-team-');
  const workbenches: Workbench[] = [];
  beforeEach(() => {
    vi.stubGlobal('WebSocket', NodeWebSocket);
  });
  afterEach(async () => {
    for (const workbench of workbenches.splice(0)) {
      await workbench.team?.stop();
      workbench.stop();
      await workbench.store.destroy();
    }
    vi.unstubAllGlobals();
  });
  return async (name) => {
    const workbench = await startedWorkbench();
    workbenches.push(workbench);
    await workbench.session.setAnnotator(name);
    const joined = await workbench.loadTeam();
    const token = members.find((entry) => entry.name === name)!.token;
    expect(await joined.save({ server: `ws://127.0.0.1:${team.server.port}`, project: 'demo', token })).toBeNull();
    return workbench;
  };
}

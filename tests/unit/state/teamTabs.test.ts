import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';
import { ANOTHER_TAB, Team } from '../../../src/lib/state/team.svelte';
import { TeamSync } from '../../../src/lib/sync/teamSync';
import { Locks } from '../../support/locks';
import { refuseSockets } from '../../support/refusedSockets';
import { until } from '../../support/workbench';

/**
 * One tab of a browser runs team sync: two would each take the other's writes, coming back from the
 * server, for the team's and write them again as their own (a newer label could lose to an older).
 * A second tab says that another runs it, and takes over when that one closes.
 */
const teams: Team[] = [];
let store: Store | null = null;
afterEach(async () => {
  for (const team of teams.splice(0)) await team.stop();
  await store?.destroy();
  store = null;
  vi.unstubAllGlobals();
});

describe('team sync in two tabs of one browser', () => {
  it('runs in the first tab only; the second says so, and takes over once the first is closed', async () => {
    // No socket opens (no server here): a running sync says "connecting" with no message.
    refuseSockets();
    store = new Store(new SpanwrightDatabase(`team-tabs-${Math.random()}`));
    await store.open({ onBlocked: () => {}, onVersionChange: () => {} });
    const locks = new Locks();
    const tab = () => {
      const team = new Team({ store: store!, annotator: () => 'alice', documentId: () => null, locks });
      teams.push(team);
      return team;
    };
    const settings = { server: 'ws://127.0.0.1:1', project: 'demo', token: 'alice-token' };
    const first = tab();
    expect(await first.save(settings)).toBeNull();
    await until(() => first.status === 'connecting' && first.message === null);
    const second = tab();
    // Its settings are the stored ones: starting resolves at once, the sync waiting for the other tab.
    await second.start();
    expect([second.status, second.message, second.inAnotherTab]).toEqual(['connecting', ANOTHER_TAB, true]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(second.message).toBe(ANOTHER_TAB);
    // The first tab closes: the second runs the sync within a few seconds.
    await first.stop();
    await until(() => second.message === null, 10_000);
    expect(second.status).toBe('connecting');
  }, 30_000);

  it('tells the team the document the waiting tab shows, through the tab that runs the sync', async () => {
    const { told, tab, first } = await firstTabRunning();
    await until(() => told.mock.calls.some(([documentId]) => documentId === 'doc-1'));
    const second = tab('doc-2');
    second.setOpenDocument('doc-2', 'review');
    await second.start();
    expect(second.inAnotherTab).toBe(true);
    // The waiting tab shows doc-2 on Review: the running tab's sync says so to the team.
    await until(() => told.mock.calls.at(-1)?.join() === 'doc-2,review');
    second.setOpenDocument('doc-3');
    await until(() => told.mock.calls.at(-1)?.join() === 'doc-3,documents');
    // The running tab's own document, when it changes, is what the team sees again.
    first.setOpenDocument('doc-1');
    await until(() => told.mock.calls.at(-1)?.join() === 'doc-1,documents');
  }, 30_000);

  it('after a handover, a waiting tab in front tells its document again through the tab that runs now', async () => {
    const { told, tab, first } = await firstTabRunning();
    const [second, third] = [tab('doc-2'), tab('doc-3')];
    second.setOpenDocument('doc-2', 'review');
    await second.start();
    third.setOpenDocument('doc-3', 'review');
    await third.start();
    await until(() => told.mock.calls.at(-1)?.join() === 'doc-3,review');
    // The running tab closes and one of the others takes over: it tells its own document, then the
    // tab still waiting (in front, here) tells its own again, which is what the team sees last.
    await first.stop();
    await until(() => second.message === null || third.message === null, 10_000);
    const waiting = second.message === null ? 'doc-3' : 'doc-2';
    await until(() => told.mock.calls.at(-1)?.join() === `${waiting},review`, 5_000);
  }, 30_000);
});

/**
 * One browser's tabs over one store (no socket opens: no server here), the first running team sync
 * with doc-1 shown; `told` spies on what a running sync tells the team of the open document.
 */
async function firstTabRunning() {
  refuseSockets();
  store = new Store(new SpanwrightDatabase(`team-tabs-${Math.random()}`));
  await store.open({ onBlocked: () => {}, onVersionChange: () => {} });
  const told = vi.spyOn(TeamSync.prototype, 'setOpenDocument');
  const locks = new Locks();
  const tab = (documentId: string) => {
    const team = new Team({ store: store!, annotator: () => 'alice', documentId: () => documentId, locks });
    teams.push(team);
    return team;
  };
  const first = tab('doc-1');
  expect(await first.save({ server: 'ws://127.0.0.1:1', project: 'demo', token: 'alice-token' })).toBeNull();
  await until(() => first.status === 'connecting' && first.message === null);
  return { told, tab, first };
}

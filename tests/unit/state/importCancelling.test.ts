import { describe, expect, it } from 'vitest';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('cancelling an import while it writes', () => {
  it('says it is taking back what it wrote, with Cancel no longer offered, until it has (helper-158: 13 s of "Writing …")', async () => {
    const workbench = await startWorkbench();
    const transfers = new Transfers(workbench.store, { estimate: async () => ({ usage: 0, quota: 1 << 30 }) });
    const before = await databaseOf(workbench).documents.count();
    const lines = Array.from({ length: 3000 }, (_, index) =>
      JSON.stringify({ id: `w${index}`, text: `Wire story ${index}.`, spans: [] }),
    ).join('\n');
    await transfers.add([new File([lines], 'wires.jsonl')], workbench.session.annotator);
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'ready', 10_000);
    const committed = transfers.commitAll();
    await until(() => item.state.kind === 'writing' && (item.state.progress?.done ?? 0) > 0, 10_000);
    expect(item.cancelling).toBe(false);
    transfers.cancel();
    expect(item.state.kind).toBe('writing');
    expect(item.cancelling).toBe(true);
    expect(transfers.cancellable).toBe(false);
    await committed;
    expect(item.state.kind).toBe('cancelled');
    expect(item.cancelling).toBe(false);
    expect(await databaseOf(workbench).documents.count()).toBe(before);
  });
});

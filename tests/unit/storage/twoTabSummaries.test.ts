import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import {
  createSpanInLayer,
  deleteSpans,
  layerSpans,
  readLayer,
  relabelSpan,
  setStatus,
} from '../../../src/lib/storage/spans';
import { stored as created } from '../../support/created';

// Each write adjusts its layer's summary from the stored one (docs/performance.md tells of a
// prediction from the summary a tab last saw, tried and not kept). Two tabs are two connections to
// one database: whatever one wrote in between, the summary after both tabs' writes must be the
// layer's true count, labels and status.

let name: string;
let tabA: SpanwrightDatabase;
let tabB: SpanwrightDatabase;
const layer = { documentId: 'd1', annotator: 'ann', text: 'x' };

beforeEach(async () => {
  name = `two-tabs-${Math.random()}`;
  tabA = new SpanwrightDatabase(name);
  tabB = new SpanwrightDatabase(name);
  await tabA.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
});
afterEach(async () => {
  tabB.close();
  await tabA.delete();
});

/** The stored summary against a recount of the stored spans (read over `tabA`). */
async function summaryAndRecount() {
  const spans = await layerSpans(tabA, 'd1', 'ann');
  const summary = await tabA.statuses.get(['ann', 'd1']);
  return {
    stored: { spanCount: summary?.spanCount ?? 0, labels: summary?.labels ?? [] },
    recount: { spanCount: spans.length, labels: [...new Set(spans.map((span) => span.label))].sort() },
    status: summary?.status,
  };
}

describe('layer summaries written from two tabs', () => {
  it('count both tabs’ labels when each labels after the other', async () => {
    await readLayer(tabA, 'd1', 'ann');
    await createSpanInLayer(tabA, { ...layer, start: 0, end: 1, label: 'claim' });
    await readLayer(tabB, 'd1', 'ann');
    await createSpanInLayer(tabB, { ...layer, start: 2, end: 3, label: 'visit' });
    // Tab A last saw its own summary (one span): the stored one now says two.
    await createSpanInLayer(tabA, { ...layer, start: 4, end: 5, label: 'denial' });
    await createSpanInLayer(tabB, { ...layer, start: 6, end: 7, label: 'claim' });
    const { stored, recount } = await summaryAndRecount();
    expect(recount).toEqual({ spanCount: 4, labels: ['claim', 'denial', 'visit'] });
    expect(stored).toEqual(recount);
  });

  it('keep a status and a deletion made in the other tab', async () => {
    const first = created(await createSpanInLayer(tabA, { ...layer, start: 0, end: 1, label: 'claim' }));
    await createSpanInLayer(tabA, { ...layer, start: 2, end: 3, label: 'visit' });
    await setStatus(tabB, 'd1', 'ann', 'done');
    await deleteSpans(tabB, [first.span.id]);
    const { revision } = created(await createSpanInLayer(tabA, { ...layer, start: 4, end: 5, label: 'visit' }));
    const { stored, recount, status } = await summaryAndRecount();
    expect(stored).toEqual({ spanCount: 2, labels: ['visit'] });
    expect(recount).toEqual(stored);
    expect(status).toBe('done');
    expect((await tabB.statuses.get(['ann', 'd1']))?.revision).toBe(revision);
  });

  it('recount a layer whose summary was removed in the other tab (a restore)', async () => {
    await createSpanInLayer(tabA, { ...layer, start: 0, end: 1, label: 'claim' });
    await setStatus(tabA, 'd1', 'ann', 'done');
    await tabB.statuses.clear();
    await createSpanInLayer(tabA, { ...layer, start: 2, end: 3, label: 'visit' });
    const { stored, recount, status } = await summaryAndRecount();
    expect(stored).toEqual({ spanCount: 2, labels: ['claim', 'visit'] });
    expect(recount).toEqual(stored);
    expect(status).toBe('todo');
  });

  it('equal a full recount after any interleaving of writes in two tabs, at once or in turn', async () => {
    const { default: fc } = await import('fast-check');
    const tab = fc.constantFrom<'A' | 'B'>('A', 'B');
    const label = fc.constantFrom('claim', 'denial', 'visit');
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), tab, label, start: fc.nat(5) }),
      fc.record({ kind: fc.constant('both' as const), label, start: fc.nat(5) }),
      fc.record({ kind: fc.constant('delete' as const), tab, pick: fc.nat() }),
      fc.record({ kind: fc.constant('relabel' as const), tab, pick: fc.nat(), label }),
      fc.record({ kind: fc.constant('status' as const), tab, done: fc.boolean() }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 12 }), async (operations) => {
        // A fresh layer per run: each tab's remembered summaries are of earlier runs' layers.
        const documentId = `d${run++}`;
        const of = (which: 'A' | 'B') => (which === 'A' ? tabA : tabB);
        const create = (which: 'A' | 'B', labelled: string, start: number) =>
          createSpanInLayer(of(which), { ...layer, documentId, start, end: start + 2, label: labelled });
        let status: string = 'todo';
        for (const step of operations) {
          const live = await tabA.spans.where('documentId').equals(documentId).toArray();
          if (step.kind === 'create') await create(step.tab, step.label, step.start);
          else if (step.kind === 'both')
            await Promise.all([create('A', step.label, step.start), create('B', step.label, step.start + 1)]);
          else if (step.kind === 'delete' && live.length > 0)
            await deleteSpans(of(step.tab), [live[step.pick % live.length].id]);
          else if (step.kind === 'relabel' && live.length > 0)
            await relabelSpan(of(step.tab), live[step.pick % live.length].id, step.label);
          else if (step.kind === 'status') {
            status = step.done ? 'done' : 'todo';
            await setStatus(of(step.tab), documentId, 'ann', status as 'done' | 'todo');
          }
        }
        const spans = await layerSpans(tabB, documentId, 'ann');
        const summary = await tabB.statuses.get(['ann', documentId]);
        expect({ spanCount: summary?.spanCount ?? 0, labels: summary?.labels ?? [] }).toEqual({
          spanCount: spans.length,
          labels: [...new Set(spans.map((span) => span.label))].sort(),
        });
        if (summary) expect(summary.status).toBe(status);
      }),
      { numRuns: 60 },
    );
  });
});

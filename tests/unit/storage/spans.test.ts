import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addLabel, deleteLabel, moveLabel, renameLabel, updateLabel } from '../../../src/lib/storage/labels';
import {
  createSpan,
  createSpanInLayer,
  deleteSpans,
  layerSpans,
  putSpans,
  relabelSpan,
  setStatus,
} from '../../../src/lib/storage/spans';
import type { Span } from '../../../src/lib/model/types';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { applySharedChanges } from '../../../src/lib/storage/shared';
import { addDocuments, deleteDocuments } from '../../../src/lib/storage/documentRows';
import { documentOf } from '../../support/storedDocuments';

let database: SpanwrightDatabase;
const base = { documentId: 'd1', annotator: 'ann', text: 'x' };

beforeEach(async () => {
  database = new SpanwrightDatabase(`spans-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await addDocuments(database, [documentOf('d1', 0, 'x'.repeat(20))]);
});
afterEach(async () => database.delete());

describe('span writes', () => {
  it('keeps the layer summary (count, labels) in step with every write', async () => {
    const a = await createSpan(database, { ...base, start: 0, end: 1, label: 'claim' });
    await createSpan(database, { ...base, start: 2, end: 3, label: 'visit' });
    await createSpan(database, { ...base, annotator: 'other', start: 2, end: 3, label: 'denial' });
    expect(await database.statuses.get(['ann', 'd1'])).toMatchObject({
      status: 'todo',
      spanCount: 2,
      labels: ['claim', 'visit'],
    });
    await relabelSpan(database, a.id, 'visit');
    expect(await database.statuses.get(['ann', 'd1'])).toMatchObject({ spanCount: 2, labels: ['visit'] });
    await setStatus(database, 'd1', 'ann', 'done');
    const [removed] = await deleteSpans(database, [a.id]);
    expect(await database.statuses.get(['ann', 'd1'])).toMatchObject({ status: 'done', spanCount: 1 });
    await putSpans(database, [removed]);
    expect((await layerSpans(database, 'd1', 'ann')).map((span) => span.id)).toContain(a.id);
    expect(await database.statuses.get(['other', 'd1'])).toMatchObject({ spanCount: 1, labels: ['denial'] });
  });

  it('puts back no span whose document is gone (an undo after a restore or another tab removed it)', async () => {
    await addDocuments(database, [documentOf('d2', 1, 'y'.repeat(20))]);
    const kept = await createSpan(database, { ...base, start: 0, end: 1, label: 'claim' });
    const orphan = await createSpan(database, { ...base, documentId: 'd2', start: 0, end: 1, label: 'claim' });
    const removed = await deleteSpans(database, [kept.id, orphan.id]);
    await deleteDocuments(database, ['d2']);
    const left = await putSpans(database, removed);
    expect(left.gone.map((span) => span.id)).toEqual([orphan.id]);
    expect((await database.spans.toArray()).map((span) => span.id)).toEqual([kept.id]);
    expect(await database.statuses.get(['ann', 'd2'])).toMatchObject({ spanCount: 0 });
  });

  it('sorts a layer by start, end, label', async () => {
    await createSpan(database, { ...base, start: 5, end: 9, label: 'claim' });
    await createSpan(database, { ...base, start: 0, end: 9, label: 'visit' });
    await createSpan(database, { ...base, start: 0, end: 4, label: 'visit' });
    await createSpan(database, { ...base, start: 0, end: 4, label: 'denial' });
    expect((await layerSpans(database, 'd1', 'ann')).map((span) => `${span.start}-${span.end}-${span.label}`)).toEqual([
      '0-4-denial',
      '0-4-visit',
      '0-9-visit',
      '5-9-claim',
    ]);
  });
});

describe("the team's changes", () => {
  it("remove a span only from the layer the removal names, and an id that came already removed only from the document's own layers", async () => {
    const mine = await createSpan(database, { ...base, start: 0, end: 1, label: 'claim' });
    const theirs = await createSpan(database, { ...base, annotator: 'alice', start: 2, end: 3, label: 'visit' });
    const ids = async () => (await database.spans.toArray()).map((span) => span.id).sort();
    // A record in alice's document naming bob's span id (a bad or hostile client) removes nothing.
    const naming = { id: mine.id, documentId: 'd1', annotator: 'alice' };
    await applySharedChanges(database, { put: [], remove: [naming], statuses: [] }, 1);
    const owns = (annotator: string) => annotator === 'alice';
    await applySharedChanges(database, { put: [], remove: [], statuses: [], gone: [mine.id], owns }, 2);
    await applySharedChanges(database, { put: [], remove: [], statuses: [], gone: [theirs.id] }, 3);
    expect(await ids()).toEqual([mine.id, theirs.id].sort());
    await applySharedChanges(database, { put: [], remove: [], statuses: [], gone: [theirs.id], owns }, 4);
    expect(await ids()).toEqual([mine.id]);
    expect(await database.statuses.get(['alice', 'd1'])).toMatchObject({ spanCount: 0 });
  });
});

describe("the team's records naming another layer's span", () => {
  it('store no span over another member’s or over gold, and say so; between layers their document holds, move it (helper-198)', async () => {
    const bobs = await createSpan(database, { ...base, start: 0, end: 1, label: 'claim' });
    const gold = await createSpan(database, { ...base, annotator: 'gold', start: 2, end: 3, label: 'visit' });
    // alice's document (it holds alice's layer only) sends her "spans" under bob's and gold's ids.
    const alices = (annotator: string) => annotator === 'alice';
    const forged = [bobs, gold].map((span) => ({ ...span, annotator: 'alice', label: 'denial', updated: 9 }));
    const outcome = await applySharedChanges(database, { put: forged, remove: [], statuses: [], owns: alices }, 5);
    expect(outcome.clashes).toEqual([
      { id: bobs.id, annotator: 'alice', over: 'ann' },
      { id: gold.id, annotator: 'alice', over: 'gold' },
    ]);
    expect(await database.spans.get(bobs.id)).toEqual(bobs);
    expect(await database.spans.get(gold.id)).toEqual(gold);
    expect(await database.statuses.get(['alice', 'd1'])).toBeUndefined();
    // The same with no document named (a pull of every layer): nothing moves either.
    expect((await applySharedChanges(database, { put: forged, remove: [], statuses: [] }, 6)).clashes).toHaveLength(2);
    // gold's document holds gold and gold:rejected: a span it moves from one to the other moves.
    const review = (annotator: string) => annotator === 'gold' || annotator === 'gold:rejected';
    const rejected = { ...gold, annotator: 'gold:rejected', updated: 10 };
    const moved = await applySharedChanges(database, { put: [rejected], remove: [], statuses: [], owns: review }, 7);
    expect(moved.clashes).toEqual([]);
    expect(await database.spans.get(gold.id)).toMatchObject({ annotator: 'gold:rejected' });
    expect(await database.statuses.get(['gold', 'd1'])).toMatchObject({ spanCount: 0 });
  });
});

describe("the team's spans under a label renamed here since they were written", () => {
  it('store them under the new name (a member offline through the rename), and leave those written after it (helper-198)', async () => {
    expect(await renameLabel(database, 'visit', 'trip')).toBeNull();
    const before = { ...base, id: 'old', annotator: 'alice', start: 0, end: 1, label: 'visit', created: 5, updated: 5 };
    const after = {
      ...before,
      id: 'new',
      start: 2,
      end: 3,
      created: Date.now() + 60_000,
      updated: Date.now() + 60_000,
    };
    const owns = (annotator: string) => annotator === 'alice';
    await applySharedChanges(database, { put: [before, after], remove: [], statuses: [], owns }, 9);
    expect((await database.spans.get('old'))?.label).toBe('trip');
    expect((await database.spans.get('new'))?.label).toBe('visit');
    // Pulled again as the team still holds it: it stays under the new name (a reload put it back on the old one).
    await applySharedChanges(database, { put: [before], remove: [], statuses: [], owns }, 10);
    expect((await database.spans.get('old'))?.label).toBe('trip');
    // A name the set still holds is left as it comes (a rename does not write spans anew: it may be renamed already).
    expect(await renameLabel(database, 'claim', 'assertion')).toBeNull();
    expect(await renameLabel(database, 'denial', 'claim')).toBeNull();
    const claimed = { ...before, id: 'claimed', start: 4, end: 5, label: 'claim' };
    await applySharedChanges(database, { put: [claimed], remove: [], statuses: [], owns }, 11);
    expect((await database.spans.get('claimed'))?.label).toBe('claim');
  });
});

describe('labels', () => {
  it('renames a label on every span of every layer, and refuses a taken or empty name', async () => {
    await createSpan(database, { ...base, start: 0, end: 1, label: 'claim' });
    await createSpan(database, { ...base, annotator: 'other', start: 0, end: 1, label: 'claim' });
    expect(await renameLabel(database, 'claim', 'assertion')).toBeNull();
    expect((await database.spans.toArray()).map((span) => span.label)).toEqual(['assertion', 'assertion']);
    expect((await database.labels.get('assertion'))?.hotkey).toBe('1');
    expect(await database.statuses.get(['other', 'd1'])).toMatchObject({ labels: ['assertion'] });
    expect(await renameLabel(database, 'assertion', 'denial')).toMatch(/exists already/u);
    expect(await renameLabel(database, 'assertion', ' ')).toMatch(/whitespace|empty/u);
  });

  it('puts back thousands (an undo of an accept-all) without a twin, whether the layer is read whole or by place', async () => {
    // ann's layer: 200 spans put at once (read whole); bea's: 2 (read by place).
    const made = (annotator: string, start: number, id = `${annotator}-${start}`): Span => ({
      ...base,
      id,
      annotator,
      start,
      end: start + 1,
      label: 'claim',
      created: 0,
      updated: 0,
    });
    const stored = await createSpan(database, { ...base, start: 7, end: 8, label: 'claim' });
    await createSpan(database, { ...base, annotator: 'bea', start: 3, end: 4, label: 'claim' });
    const mine = Array.from({ length: 200 }, (_, start) => made('ann', start % 20, `ann-${start}`));
    const { twins } = await putSpans(database, [stored, ...mine, made('bea', 3), made('bea', 5)]);
    // Of ann's 200, only the first at each of 20 places is new, and not at 7 (stored already, the same id
    // put back as itself); bea's span at 3 is stored already under another id.
    expect(twins.map((span) => span.id).sort()).toEqual(
      [...mine.filter((_, index) => index >= 20 || index === 7).map((span) => span.id), 'bea-3'].sort(),
    );
    const layer = await layerSpans(database, 'd1', 'ann');
    expect(layer.map((span) => span.start)).toEqual(Array.from({ length: 20 }, (_, start) => start));
    expect(layer.find((span) => span.start === 7)?.id).toBe(stored.id);
    expect((await layerSpans(database, 'd1', 'bea')).map((span) => span.start)).toEqual([3, 5]);
  });

  it('deletes a label with its spans, adds labels with the next free hotkey, reorders and re-keys', async () => {
    await createSpan(database, { ...base, start: 0, end: 1, label: 'visit' });
    await deleteLabel(database, 'visit');
    expect(await database.spans.count()).toBe(0);
    expect(await database.statuses.get(['ann', 'd1'])).toMatchObject({ spanCount: 0, labels: [] });
    expect(await addLabel(database, 'meeting')).toBeNull();
    expect(await database.labels.get('meeting')).toMatchObject({ hotkey: '4', order: 3 });
    await moveLabel(database, 'meeting', -1);
    expect((await database.labels.orderBy('order').toArray()).map((label) => label.name)).toEqual([
      'claim',
      'denial',
      'meeting',
      'sanction',
    ]);
    // A key another label holds moves; that label takes the old key in exchange.
    expect(await updateLabel(database, 'meeting', { hotkey: '1' })).toEqual([{ name: 'claim', hotkey: '4' }]);
    expect((await database.labels.get('claim'))?.hotkey).toBe('4');
    expect((await database.labels.get('meeting'))?.hotkey).toBe('1');
  });
});

describe('incremental layer summaries', () => {
  it('always equal a full recount, whatever sequence of writes and undos happened', async () => {
    const { default: fc } = await import('fast-check');
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        label: fc.constantFrom('claim', 'denial', 'visit'),
        start: fc.nat(5),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('relabel' as const),
        pick: fc.nat(),
        label: fc.constantFrom('claim', 'denial', 'visit'),
      }),
      fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 14 }), async (operations) => {
        await database.spans.clear();
        await database.statuses.clear();
        const history: Span[] = [];
        for (const step of operations) {
          const live = await database.spans.toArray();
          if (step.kind === 'create') {
            const made = await createSpanInLayer(database, {
              ...base,
              start: step.start,
              end: step.start + 2,
              label: step.label,
            });
            if ('span' in made) history.push(made.span);
          } else if (step.kind === 'delete' && live.length > 0)
            await deleteSpans(database, [live[step.pick % live.length].id]);
          else if (step.kind === 'relabel' && live.length > 0)
            await relabelSpan(database, live[step.pick % live.length].id, step.label);
          else if (step.kind === 'restore' && history.length > 0)
            await putSpans(database, [history[step.pick % history.length]]);
        }
        const spans = await layerSpans(database, 'd1', 'ann');
        // Never two spans at one place with one label, however the creates, relabels and restores fell.
        expect(new Set(spans.map((span) => `${span.start}:${span.end}:${span.label}`)).size).toBe(spans.length);
        const summary = await database.statuses.get(['ann', 'd1']);
        expect({ spanCount: summary?.spanCount ?? 0, labels: summary?.labels ?? [] }).toEqual({
          spanCount: spans.length,
          labels: [...new Set(spans.map((span) => span.label))].sort(),
        });
      }),
      { numRuns: 60 },
    );
  });
});

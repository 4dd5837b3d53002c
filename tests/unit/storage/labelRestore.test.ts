import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addLabel, deleteLabel, updateLabel } from '../../../src/lib/storage/labels';
import { restoreDeletedLabel, type DeletedLabel } from '../../../src/lib/storage/labelRestore';
import { readLabelRenames } from '../../../src/lib/storage/labelRenames';
import { createSpan, refreshSummary } from '../../../src/lib/storage/spans';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { addDocuments, deleteDocuments } from '../../../src/lib/storage/documentRows';
import { documentOf } from '../../support/storedDocuments';

let database: SpanwrightDatabase;
const span = (documentId: string, annotator: string, start: number, label: string) =>
  createSpan(database, { documentId, annotator, start, end: start + 1, label, text: 'x' });
const stored = async () =>
  (await database.spans.toArray())
    .map((one) => `${one.id} ${one.documentId} ${one.annotator} ${one.start} ${one.label}`)
    .sort();
const summaries = async () =>
  (await database.statuses.toArray()).sort(
    (a, b) => a.documentId.localeCompare(b.documentId) || a.annotator.localeCompare(b.annotator),
  );
const order = async () =>
  (await database.labels.orderBy('order').toArray()).map((label) => `${label.name}:${label.hotkey}`);

beforeEach(async () => {
  database = new SpanwrightDatabase(`label-restore-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await addDocuments(database, [documentOf('d1', 0, 'x'.repeat(20)), documentOf('d2', 1, 'y'.repeat(20))]);
  await span('d1', 'ann', 0, 'denial');
  await span('d1', 'ann', 2, 'denial');
  await span('d1', 'bea', 2, 'denial');
  await span('d2', 'ann', 4, 'denial');
  await span('d1', 'ann', 6, 'claim');
  await database.suggestions.add({
    id: 's1',
    documentId: 'd1',
    annotator: 'ann',
    start: 8,
    end: 9,
    label: 'denial',
    text: 'x',
    source: 'propagated',
    created: 0,
  });
});
afterEach(async () => database.delete());

async function deleteDenial(): Promise<DeletedLabel> {
  const deleted = await deleteLabel(database, 'denial', 10);
  expect(deleted).not.toBeNull();
  expect(await database.spans.where('label').equals('denial').count()).toBe(0);
  return deleted!;
}

describe('undoing a label deletion', () => {
  it('puts back the label at its place with its key, every span with its id, the suggestions and the summaries', async () => {
    const [spansBefore, summariesBefore, orderBefore] = [await stored(), await summaries(), await order()];
    const deleted = await deleteDenial();
    expect(deleted.spans).toHaveLength(4);
    expect(await order()).toEqual(orderBefore.filter((entry) => !entry.startsWith('denial')));
    expect((await readLabelRenames(database)).map((rename) => [rename.from, rename.to])).toEqual([['denial', null]]);

    expect(await restoreDeletedLabel(database, deleted, 20)).toEqual({
      label: true,
      spans: 4,
      suggestions: 1,
      gone: 0,
      twins: 0,
    });
    expect(await stored()).toEqual(spansBefore);
    expect(await order()).toEqual(orderBefore);
    expect(await database.suggestions.get('s1')).toMatchObject({ label: 'denial' });
    // Counts and labels as before; and as a recount from the stored spans says.
    const strip = (rows: Awaited<ReturnType<typeof summaries>>) =>
      rows.map(({ updated: _, revision: __, ...rest }) => rest);
    expect(strip(await summaries())).toEqual(strip(summariesBefore));
    for (const { documentId, annotator } of await summaries())
      await refreshSummary(database, documentId, annotator, 30);
    expect(strip(await summaries())).toEqual(strip(summariesBefore));
    // Team sync is not told of a removal that was taken back.
    expect(await readLabelRenames(database)).toEqual([]);
  });

  it('leaves what changed since: a document deleted, the same span labelled again, a key taken, the label added again', async () => {
    const spansBefore = await stored();
    const deleted = await deleteDenial();
    await deleteDocuments(database, ['d2']);
    await updateLabel(database, 'claim', { hotkey: '2' }); // denial's key
    expect(await addLabel(database, 'denial')).toBeNull();
    await updateLabel(database, 'denial', { colour: '#123456' });
    await span('d1', 'bea', 2, 'denial');

    expect(await restoreDeletedLabel(database, deleted, 20)).toEqual({
      label: false,
      spans: 2,
      suggestions: 1,
      gone: 1,
      twins: 1,
    });
    // One span per place and label: bea's new span stays, ann's two are back, d2's is not.
    const now = await stored();
    expect(now.filter((entry) => entry.includes(' bea 2 denial'))).toHaveLength(1);
    expect(now.filter((entry) => entry.includes(' d2 '))).toEqual([]);
    expect(spansBefore.filter((entry) => entry.includes(' d1 ann ')).every((entry) => now.includes(entry))).toBe(true);
    // The label added since keeps its own settings.
    expect(await database.labels.get('denial')).toMatchObject({ colour: '#123456' });
    expect(await database.statuses.get(['ann', 'd1'])).toMatchObject({ spanCount: 3, labels: ['claim', 'denial'] });
  });

  it('gives the label back without its key when another label took it', async () => {
    const deleted = await deleteDenial();
    await updateLabel(database, 'claim', { hotkey: '2' });
    await restoreDeletedLabel(database, deleted, 20);
    expect(await order()).toEqual(['claim:2', 'denial:', 'sanction:3', 'visit:4']);
  });

  it('puts the label back between the labels it stood between, after another label went before it (trial)', async () => {
    const deleted = await deleteDenial();
    const sanction = await deleteLabel(database, 'sanction', 11);
    await restoreDeletedLabel(database, sanction!, 20);
    expect(await order()).toEqual(['claim:1', 'sanction:3', 'visit:4']);
    await restoreDeletedLabel(database, deleted, 21);
    expect(await order()).toEqual(['claim:1', 'denial:2', 'sanction:3', 'visit:4']);
  });

  it('puts back a suggestion of the label in a document where no span carried it', async () => {
    await addDocuments(database, [documentOf('d3', 2, 'z'.repeat(20))]);
    await database.suggestions.add({
      id: 's2',
      documentId: 'd3',
      annotator: 'bea',
      start: 1,
      end: 2,
      label: 'denial',
      text: 'y',
      source: 'propagated',
      created: 0,
    });
    const deleted = await deleteDenial();
    expect(deleted.suggestions.map((suggestion) => suggestion.id).sort()).toEqual(['s1', 's2']);
    expect(await restoreDeletedLabel(database, deleted, 20)).toMatchObject({ spans: 4, suggestions: 2 });
    expect(await database.suggestions.get('s2')).toMatchObject({ label: 'denial', documentId: 'd3' });
  });
});

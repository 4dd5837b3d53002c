import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport } from '../../../src/lib/storage/importer';
import { deleteLabel, renameLabel } from '../../../src/lib/storage/labels';
import {
  createSpan,
  createSpanInLayer,
  deleteSpans,
  putSpans,
  readLayer,
  relabelSpan,
  setStatus,
} from '../../../src/lib/storage/spans';

// An open tab shows a layer and re-reads it only when the layer's summary has a revision it has
// not shown. So every write to a layer must give the summary a new revision, and a write that
// leaves a layer alone must not (or every tab would re-read 10,000 spans for nothing).

let database: SpanwrightDatabase;
const TEXT = 'Shoigu met Kim in Pyongyang.';
const layer = { documentId: 'd1', annotator: 'ann' };

beforeEach(async () => {
  database = new SpanwrightDatabase(`revisions-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.documents.add({
    id: 'd1',
    title: 'd1',
    text: TEXT,
    source: 'test',
    meta: {},
    order: 0,
    created: 0,
    fingerprint: 'f',
  });
});
afterEach(async () => database.delete());

const revision = async (annotator = 'ann') => (await database.statuses.get([annotator, 'd1']))?.revision;

/** Runs `write` and says whether the open layer and an untouched one ('bob') got new revisions. */
async function revisionsAfter(write: () => Promise<unknown>): Promise<{ layer: boolean; untouched: boolean }> {
  const [before, untouchedBefore] = [await revision(), await revision('bob')];
  await write();
  const [after, untouchedAfter] = [await revision(), await revision('bob')];
  if (after !== undefined) expect(after).toMatch(/\S/u);
  // No revision at all also counts as new: an open tab reads a layer without one afresh.
  return { layer: after === undefined || after !== before, untouched: untouchedAfter !== untouchedBefore };
}

describe('layer revisions', () => {
  beforeEach(async () => {
    await createSpan(database, { ...layer, start: 0, end: 6, label: 'claim', text: 'Shoigu' });
    await createSpan(database, {
      documentId: 'd1',
      annotator: 'bob',
      start: 0,
      end: 6,
      label: 'claim',
      text: 'Shoigu',
    });
  });

  it('changes on every span write path, and only for the layer written', async () => {
    let added = await createSpan(database, { ...layer, start: 11, end: 14, label: 'visit', text: 'Kim' });
    const thisLayerOnly = { layer: true, untouched: false };
    expect(
      await revisionsAfter(() =>
        createSpanInLayer(database, { ...layer, start: 18, end: 27, label: 'visit', text: 'Pyongyang' }),
      ),
    ).toEqual(thisLayerOnly);
    expect(await revisionsAfter(() => relabelSpan(database, added.id, 'denial'))).toEqual(thisLayerOnly);
    expect(await revisionsAfter(async () => ([added] = await deleteSpans(database, [added.id])))).toEqual(
      thisLayerOnly,
    );
    expect(await revisionsAfter(() => putSpans(database, [added]))).toEqual(thisLayerOnly);
    expect(await revisionsAfter(() => setStatus(database, 'd1', 'ann', 'done'))).toEqual(thisLayerOnly);
  });

  it('changes for every layer a label rename or delete touches', async () => {
    expect(await revisionsAfter(() => renameLabel(database, 'claim', 'assertion'))).toEqual({
      layer: true,
      untouched: true,
    });
    expect(await revisionsAfter(() => deleteLabel(database, 'assertion'))).toEqual({ layer: true, untouched: true });
    expect((await readLayer(database, 'd1', 'ann')).spans).toEqual([]);
  });

  it('changes when an import adds to the layer, and stays when an import leaves it as it was', async () => {
    const importing = async (spans: object[]) => {
      const job = new FileImport(
        database,
        new File([JSON.stringify({ id: 'd1', text: TEXT, annotator: 'ann', spans })], 'more.jsonl'),
        { format: 'native', defaultAnnotator: 'ann' },
      );
      expect((await job.analyse()).errorCount).toBe(0);
      await job.commit();
    };
    expect(await revisionsAfter(() => importing([{ start: 11, end: 14, label: 'visit', text: 'Kim' }]))).toEqual({
      layer: true,
      untouched: false,
    });
    expect(await revisionsAfter(() => importing([{ start: 11, end: 14, label: 'visit', text: 'Kim' }]))).toEqual({
      layer: false,
      untouched: false,
    });
  });

  it('is never restored from a backup, so every open tab reads a restored layer afresh', async () => {
    const backup = await exportBackup(database);
    const read = await readBackup(new File([backup], 'backup.jsonl'));
    if (!('value' in read)) throw new Error('backup unreadable');
    await restoreBackup(database, read.value);
    expect(await revision()).toBeUndefined();
    expect((await readLayer(database, 'd1', 'ann')).spans.map((span) => span.text)).toEqual(['Shoigu']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import type { DocumentStatus } from '../../../src/lib/model/types';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { ChangeFeed } from '../../../src/lib/storage/changeFeed';
import { pruneChanges, watchSummaries, type SummaryUpdate } from '../../../src/lib/storage/changes';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport } from '../../../src/lib/storage/importer';
import { deleteLabel, renameLabel } from '../../../src/lib/storage/labels';
import {
  createSpan,
  createSpanInLayer,
  deleteSpans,
  putSpans,
  relabelSpan,
  setStatus,
} from '../../../src/lib/storage/spans';

// Open tabs keep their document lists current from the change log: every write to a layer must
// log the layers it wrote, and nothing else.

let database: SpanwrightDatabase;
const TEXT = 'Shoigu met Kim in Pyongyang.';
const document = (id: string) => ({
  id,
  title: id,
  text: TEXT,
  source: 'test',
  meta: {},
  order: Number(id.slice(1)),
  created: 0,
  fingerprint: id,
});

beforeEach(async () => {
  database = new SpanwrightDatabase(`changes-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.documents.bulkAdd([document('d1'), document('d2')]);
});
afterEach(async () => database.delete());

/** The layers the changes logged by `write` name, sorted; null when one said "everything". */
async function loggedBy(write: () => Promise<unknown>): Promise<string[] | null> {
  const before = (await database.changes.orderBy('seq').last())?.seq ?? 0;
  await write();
  const rows = await database.changes.where('seq').above(before).toArray();
  if (rows.some((row) => row.layers === null)) return null;
  return [
    ...new Set(rows.flatMap((row) => row.layers ?? []).map(([annotator, documentId]) => `${annotator}/${documentId}`)),
  ].sort();
}

describe('the change log', () => {
  it('names the layer of every span and status write, and only it', async () => {
    const span = { documentId: 'd1', annotator: 'ann', start: 0, end: 6, label: 'claim', text: 'Shoigu' };
    let added = await createSpan(database, span);
    expect(await loggedBy(() => createSpanInLayer(database, { ...span, start: 11, end: 14, text: 'Kim' }))).toEqual([
      'ann/d1',
    ]);
    expect(await loggedBy(() => relabelSpan(database, added.id, 'denial'))).toEqual(['ann/d1']);
    expect(await loggedBy(async () => ([added] = await deleteSpans(database, [added.id])))).toEqual(['ann/d1']);
    expect(await loggedBy(() => putSpans(database, [added]))).toEqual(['ann/d1']);
    expect(await loggedBy(() => setStatus(database, 'd2', 'bob', 'done'))).toEqual(['bob/d2']);
  });

  it('names every layer a label rename or delete rewrites', async () => {
    await createSpan(database, {
      documentId: 'd1',
      annotator: 'ann',
      start: 0,
      end: 6,
      label: 'claim',
      text: 'Shoigu',
    });
    await createSpan(database, {
      documentId: 'd2',
      annotator: 'bob',
      start: 0,
      end: 6,
      label: 'claim',
      text: 'Shoigu',
    });
    await createSpan(database, { documentId: 'd2', annotator: 'cy', start: 0, end: 6, label: 'visit', text: 'Shoigu' });
    expect(await loggedBy(() => renameLabel(database, 'claim', 'assertion'))).toEqual(['ann/d1', 'bob/d2']);
    expect(await loggedBy(() => deleteLabel(database, 'assertion'))).toEqual(['ann/d1', 'bob/d2']);
  });

  it('names the layers an import changes, none when it changes nothing, and everything for a restore', async () => {
    const importing = () => {
      const line = JSON.stringify({
        id: 'd2',
        text: TEXT,
        annotator: 'ann',
        spans: [{ start: 11, end: 14, label: 'visit' }],
      });
      const job = new FileImport(database, new File([line], 'more.jsonl'), {
        format: 'native',
        defaultAnnotator: 'ann',
      });
      return job.analyse().then(() => job.commit());
    };
    expect(await loggedBy(importing)).toEqual(['ann/d2']);
    expect(await loggedBy(importing)).toEqual([]);
    const backup = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
    if (!('value' in backup)) throw new Error('backup unreadable');
    const content = backup.value;
    expect(await loggedBy(() => restoreBackup(database, content))).toBeNull();
  });
});

describe('watchSummaries', () => {
  let updates: SummaryUpdate[];
  let stop: () => void;
  const next = async (count: number) => {
    for (let tries = 0; updates.length < count && tries < 300; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(updates.length).toBe(count);
    return updates[count - 1];
  };
  const ids = (update: SummaryUpdate) =>
    update.kind === 'all'
      ? update.rows.map((row: DocumentStatus) => row.documentId).sort()
      : [...update.rows.keys()].sort();

  beforeEach(async () => {
    await setStatus(database, 'd1', 'ann', 'done');
    await setStatus(database, 'd2', 'ann', 'skipped');
    updates = [];
    stop = watchSummaries(
      new ChangeFeed(database),
      database,
      'ann',
      (update) => updates.push(update),
      (error) => {
        throw error;
      },
    );
  });
  afterEach(() => stop());

  it('reports every summary first, then only the rows a change names, and nothing for another annotator', async () => {
    expect(await next(1)).toMatchObject({ kind: 'all' });
    expect(ids(updates[0])).toEqual(['d1', 'd2']);
    await setStatus(database, 'd1', 'bob', 'done');
    await createSpan(database, {
      documentId: 'd2',
      annotator: 'ann',
      start: 0,
      end: 6,
      label: 'claim',
      text: 'Shoigu',
    });
    const update = await next(2);
    expect(update.kind).toBe('some');
    expect(ids(update)).toEqual(['d2']);
    if (update.kind === 'some') expect(update.rows.get('d2')).toMatchObject({ spanCount: 1, status: 'skipped' });
  });

  it('reads everything again after a restore, and after a gap in the log (rows pruned while a tab slept)', async () => {
    await next(1);
    const backup = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
    if (!('value' in backup)) throw new Error('backup unreadable');
    await restoreBackup(database, backup.value);
    expect(await next(2)).toMatchObject({ kind: 'all' });
    const last = (await database.changes.orderBy('seq').last())?.seq ?? 0;
    await database.changes.add({ seq: last + 5, layers: [['ann', 'd1']] });
    expect(await next(3)).toMatchObject({ kind: 'all' });
  });

  it('keeps the last thousand rows when pruned', async () => {
    await database.changes.bulkAdd(
      Array.from({ length: 1500 }, () => ({ layers: [['x', 'd1']] as [string, string][] })),
    );
    await pruneChanges(database);
    const count = await database.changes.count();
    expect(count).toBeGreaterThanOrEqual(1000);
    expect(count).toBeLessThanOrEqual(1001);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import type { DocumentStatus } from '../../../src/lib/model/types';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { logChange } from '../../../src/lib/storage/changes';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport } from '../../../src/lib/storage/importer';
import { createSpan, deleteSpans, setStatus } from '../../../src/lib/storage/spans';
import { Store, type Watch } from '../../../src/lib/storage/store';

// The annotator list and the open layer's summary follow the store's one change-log feed
// (changeFeed.ts) instead of live queries of their own: every write that can change them must
// still reach them, whoever made it.

let database: SpanwrightDatabase;
let store: Store;
let stops: (() => void)[];
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
const span = (annotator: string, documentId = 'd1', start = 0) => ({
  documentId,
  annotator,
  start,
  end: start + 3,
  label: 'claim',
  text: [...TEXT].slice(start, start + 3).join(''),
});

beforeEach(async () => {
  database = new SpanwrightDatabase(`feed-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.documents.bulkAdd([document('d1'), document('d2')]);
  store = new Store(database);
  stops = [];
});
afterEach(async () => {
  for (const stop of stops) stop();
  await database.delete();
});

/** Every value `watch` reports, as it comes. */
function collect<T>(watch: Watch<T>): T[] {
  const values: T[] = [];
  const subscription = watch.subscribe({
    next: (value) => values.push(value),
    error: (error) => {
      throw error;
    },
  });
  stops.push(() => subscription.unsubscribe());
  return values;
}

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; !check() && tries < 300; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}
/** Makes the first read of where the change log stands fail (the feed's own, at its first watch). */
function failFirstLogRead() {
  const orderBy = database.changes.orderBy.bind(database.changes);
  let failures = 1;
  database.changes.orderBy = ((index: string) => {
    if (failures-- > 0) throw new Error('the first read failed');
    return orderBy(index);
  }) as typeof database.changes.orderBy;
}
/** Long enough for the feed's background read (at most 50 ms away) and what follows it. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 250));
const last = <T>(values: T[]) => values[values.length - 1];

describe('the annotator list', () => {
  it('lists a new annotator a label, a status, an import or another connection brings', async () => {
    const names = collect(store.watchAnnotators());
    await until(() => names.length === 1);
    expect(names[0]).toEqual([]);
    await createSpan(database, span('ann'));
    await until(() => last(names).join() === 'ann');
    await setStatus(database, 'd2', 'bob', 'done');
    await until(() => last(names).join() === 'ann,bob');
    const line = JSON.stringify({
      id: 'd2',
      text: TEXT,
      annotator: 'cat',
      spans: [{ start: 11, end: 14, label: 'visit' }],
    });
    const job = new FileImport(database, new File([line], 'more.jsonl'), { format: 'native', defaultAnnotator: 'cat' });
    await job.analyse();
    await job.commit();
    await until(() => last(names).join() === 'ann,bob,cat');
    const other = new SpanwrightDatabase(database.name);
    await createSpan(other, span('dan', 'd2'));
    other.close();
    await until(() => last(names).join() === 'ann,bob,cat,dan');
  });

  it('drops an annotator whose summary rows are deleted (an import taken back), and reads all after a restore', async () => {
    await createSpan(database, span('ann'));
    await createSpan(database, span('eve', 'd2'));
    const names = collect(store.watchAnnotators());
    await until(() => last(names)?.join() === 'ann,eve');
    // As `takeBack` does for a document the import added: spans and summary rows go, the layer is logged.
    await database.transaction('rw', [database.spans, database.statuses, database.changes], async () => {
      await database.spans.where('annotator').equals('eve').delete();
      await database.statuses.where('annotator').equals('eve').delete();
      await logChange(database, [['eve', 'd2']]);
    });
    await until(() => last(names).join() === 'ann');
    const backup = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
    if (!('value' in backup)) throw new Error('backup unreadable');
    await createSpan(database, span('fay'));
    await until(() => last(names).join() === 'ann,fay');
    await restoreBackup(database, backup.value);
    await until(() => last(names).join() === 'ann');
  });

  it('lists an annotator a write that logs nothing brings', async () => {
    const names = collect(store.watchAnnotators());
    await until(() => names.length === 1);
    await database.spans.add({ ...span('gus'), id: 'raw', created: 0, updated: 0 });
    await until(() => last(names).join() === 'gus');
  });

  it('hears of a write no tab announced (committed as its tab closed) when asked to look (helper-162)', async () => {
    const names = collect(store.watchAnnotators());
    await until(() => names.length === 1);
    // Past Dexie, as a tab that went before telling anyone: a span, its summary and its log row.
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(database.name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const write = raw.transaction(['spans', 'statuses', 'changes'], 'readwrite');
      write.objectStore('spans').add({ ...span('hal'), id: 'unannounced', created: 0, updated: 0 });
      const summary = { annotator: 'hal', documentId: 'd1', status: 'in_progress', spanCount: 1, labels: ['claim'] };
      write.objectStore('statuses').add({ ...summary, updated: 0 });
      write.objectStore('changes').add({ layers: [['hal', 'd1']] });
      write.oncomplete = () => resolve();
      write.onerror = () => reject(write.error);
    });
    raw.close();
    await settled();
    expect(last(names).join()).toBe('');
    store.lookForChanges();
    await until(() => last(names).join() === 'hal');
  });

  it('keeps an annotator whose last span is deleted (the layer keeps its summary), and is not read again for it', async () => {
    const created = await createSpan(database, span('ann'));
    const names = collect(store.watchAnnotators());
    await until(() => names.length === 1);
    await createSpan(database, span('ann', 'd1', 11));
    await deleteSpans(database, [created.id]);
    await settled();
    expect(names).toEqual([['ann']]);
  });
});

describe('the feed itself', () => {
  it('recovers when its first read of the log fails: the next write still reaches the watches', async () => {
    failFirstLogRead();
    const names: string[][] = [];
    const errors: unknown[] = [];
    const subscription = store.watchAnnotators().subscribe({
      next: (value) => names.push(value),
      error: (error) => errors.push(error),
    });
    stops.push(() => subscription.unsubscribe());
    await until(() => errors.length === 1 && names.length === 1);
    await createSpan(database, span('ann'));
    await until(() => last(names)?.join() === 'ann');
  });
});

describe('one watch failing', () => {
  it('stops no other watch of the store: a watch whose error handler throws leaves the others live', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    failFirstLogRead();
    const faulty = store.watchAnnotators().subscribe({
      next: () => {},
      error: () => {
        throw new Error('a faulty error handler');
      },
    });
    stops.push(() => faulty.unsubscribe());
    const rows = collect(store.watchSummary('ann', 'd1'));
    await createSpan(database, span('ann'));
    await until(() => rows.at(-1)?.spanCount === 1);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});

describe('the open layer’s summary', () => {
  it('reports the layer’s row after every write to it, in any connection, and nothing for other layers', async () => {
    const rows = collect(store.watchSummary('ann', 'd1'));
    await until(() => rows.length === 1);
    expect(rows[0]).toBeUndefined();
    const created = await createSpan(database, span('ann'));
    await until(() => rows.length === 2);
    expect(rows[1]).toMatchObject({ spanCount: 1, status: 'todo' });
    await createSpan(database, span('ann', 'd2'));
    await createSpan(database, span('bob'));
    await settled();
    expect(rows).toHaveLength(2);
    const other = new SpanwrightDatabase(database.name);
    await setStatus(other, 'd1', 'ann', 'done');
    other.close();
    await until(() => rows.length === 3);
    expect(rows[2]).toMatchObject({ spanCount: 1, status: 'done' });
    await deleteSpans(database, [created.id]);
    await until(() => rows.length === 4);
    expect(rows[3]).toMatchObject({ spanCount: 0, status: 'done' });
    const revisions = new Set(rows.map((row: DocumentStatus | undefined) => row?.revision));
    expect(revisions.size).toBe(4);
  });
});

describe('the layers team sync mirrors', () => {
  it('hears the layers each write names after the watch starts, in any connection, and everything after a restore', async () => {
    await createSpan(database, span('ann'));
    const heard: ([string, string][] | 'everything')[] = [];
    const stop = store.watchLayerChanges(
      (layers) => heard.push(layers),
      (error) => {
        throw error;
      },
    );
    stops.push(stop);
    await settled();
    // What was written before the watch started is not news.
    expect(heard).toEqual([]);
    await createSpan(database, span('bob', 'd2'));
    const other = new SpanwrightDatabase(database.name);
    await setStatus(other, 'd1', 'cat', 'done', 1);
    other.close();
    await until(() => heard.length === 2);
    expect(heard).toEqual([[['bob', 'd2']], [['cat', 'd1']]]);
    const backup = await readBackup(new File([await exportBackup(database)], 'backup.jsonl'));
    if (!('value' in backup)) throw new Error('backup unreadable');
    await restoreBackup(database, backup.value);
    await until(() => heard.length === 3);
    expect(heard[2]).toBe('everything');
    // Stopped, it hears nothing more.
    stop();
    await createSpan(database, span('dan'));
    await settled();
    expect(heard).toHaveLength(3);
  });
});

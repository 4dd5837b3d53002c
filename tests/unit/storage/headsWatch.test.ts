import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveCorpus } from '../../support/corpusFiles';
import { headOf } from '../../../src/lib/model/documentHead';
import type { DocumentHead } from '../../../src/lib/model/types';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { seedDefaultCorpus } from '../../../src/lib/storage/corpus';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { deleteDocuments } from '../../../src/lib/storage/documentRows';
import { watchHeads } from '../../../src/lib/storage/headsWatch';
import { FileImport } from '../../../src/lib/storage/importer';
import { addSharedDocuments } from '../../../src/lib/storage/shared';

let databases: SpanwrightDatabase[] = [];
let stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops) stop();
  stops = [];
  await Promise.all(databases.map((database) => database.delete()));
  databases = [];
  vi.restoreAllMocks();
});

async function seeded(): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`heads-watch-${Math.random()}`);
  databases.push(database);
  await seedDefaultCorpus(database, serveCorpus, () => 1000);
  return database;
}

/** Follows the list of `database`: `shown()` is the last list heard; waits for the first. */
async function follow(database: SpanwrightDatabase) {
  const heard: DocumentHead[][] = [];
  const errors: unknown[] = [];
  const subscription = watchHeads(database).subscribe({
    next: (heads) => heard.push(heads),
    error: (error) => errors.push(error),
  });
  stops.push(() => subscription.unsubscribe());
  await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0));
  return { heard, errors, shown: () => heard[heard.length - 1].map((head) => head.id) };
}

/** The ids of the heads stored, in list order: what the list must show once it has heard the last write. */
const stored = async (database: SpanwrightDatabase) =>
  (await database.heads.orderBy('order').toArray()).map((head) => head.id);

const jsonl = (name: string, count: number) =>
  new File(
    [
      Array.from({ length: count }, (_, index) =>
        JSON.stringify({ id: `${name}-${index}`, text: `text ${index}` }),
      ).join('\n'),
    ],
    `${name}.jsonl`,
  );

async function importFile(database: SpanwrightDatabase, name: string, count: number): Promise<void> {
  const job = new FileImport(database, jsonl(name, count), { format: 'native', defaultAnnotator: 'me' });
  expect((await job.analyse()).errorCount).toBe(0);
  await job.commit();
}

describe('the list’s heads, live', () => {
  it('follows an import batch by batch, reading the whole table once and then only the rows written', async () => {
    const database = await seeded();
    const whole = vi.spyOn(database.heads, 'toArray');
    const some = vi.spyOn(database.heads, 'bulkGet');
    const list = await follow(database);
    expect(list.shown()).toEqual(await stored(database));
    await importFile(database, 'memo', 600); // 3 batches of up to 250
    await vi.waitFor(async () => expect(list.shown()).toEqual(await stored(database)));
    expect(list.shown()).toHaveLength(605);
    expect(whole).toHaveBeenCalledTimes(1);
    // Each read asked for the rows its writes named: 600 in all, not the table again after each batch.
    const asked = some.mock.calls.reduce((sum, [keys]) => sum + keys.length, 0);
    expect(asked).toBe(600);
    // The heads heard are the stored ones, whole.
    const heads = list.heard[list.heard.length - 1];
    expect(heads.slice(5)).toEqual((await database.heads.orderBy('order').toArray()).slice(5));
    expect(list.errors).toEqual([]);
  });

  it('drops deleted documents, puts one added out of order in its place, and reads everything after a restore', async () => {
    const database = await seeded();
    const list = await follow(database);
    const [first, second] = await stored(database);
    await deleteDocuments(database, [second]);
    await vi.waitFor(async () => expect(list.shown()).toEqual(await stored(database)));
    expect(list.shown()).not.toContain(second);

    // A head whose order comes before the last one listed (no write of the app's does this today).
    const head = headOf({ ...(await database.documents.get(first))!, id: 'early', order: 0.5 });
    await database.heads.add(head);
    await vi.waitFor(async () => expect(list.shown()).toEqual(await stored(database)));
    expect(list.shown().indexOf('early')).toBe(1);

    await addSharedDocuments(database, [
      { id: 's1', title: 'Shared', text: 'A shared text', source: 'team', meta: {}, order: 0, created: 2 },
    ]);
    await vi.waitFor(() => expect(list.shown().at(-1)).toBe('s1'));

    // A restore clears the table (a range of keys, not a list): the list is read whole again.
    const read = await readBackup(new File([await exportBackup(await seeded())], 'backup.jsonl'));
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    await restoreBackup(database, read.value);
    await vi.waitFor(async () => expect(list.shown()).toEqual(await stored(database)));
    expect(list.shown()).not.toContain('s1');
    expect(list.errors).toEqual([]);
  });

  it('reads the rows another tab names (its set of keys comes as plain objects)', async () => {
    const database = await seeded();
    const list = await follow(database);
    // Written past Dexie, so no event of this tab names it; then the event as a BroadcastChannel brings it.
    const row = { ...(await database.heads.toArray())[0], id: 'from-afar', order: 99 };
    await new Promise<void>((resolve, reject) => {
      const transaction = database.backendDB().transaction('heads', 'readwrite');
      transaction.objectStore('heads').put(row);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    expect(list.shown()).not.toContain('from-afar');
    Dexie.on('storagemutated').fire({
      [`idb://${database.name}/heads/`]: { from: 'from-afar', to: 'from-afar', d: 1, l: null, r: null },
    } as never);
    await vi.waitFor(() => expect(list.shown().at(-1)).toBe('from-afar'));
  });
});

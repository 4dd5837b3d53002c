import { afterEach, describe, expect, it } from 'vitest';
import { serveCorpus } from '../../support/corpusFiles';
import { headOf } from '../../../src/lib/model/documentHead';
import { exportBackup, readBackup, restoreBackup } from '../../../src/lib/storage/backup';
import { seedDefaultCorpus } from '../../../src/lib/storage/corpus';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { FileImport } from '../../../src/lib/storage/importer';
import { addSharedDocuments } from '../../../src/lib/storage/shared';
import { Store } from '../../../src/lib/storage/store';

let databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.map((database) => database.delete()));
  databases = [];
});

async function seeded(): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`heads-${Math.random()}`);
  databases.push(database);
  await seedDefaultCorpus(database, serveCorpus, () => 1000);
  return database;
}

/** The list's table holds exactly one head per stored document, made from it. */
async function expectHeadsInStep(database: SpanwrightDatabase): Promise<void> {
  const documents = await database.documents.orderBy('order').toArray();
  expect(await database.heads.orderBy('order').toArray()).toEqual(documents.map(headOf));
}

const jsonl = (name: string, records: unknown[]) =>
  new File([records.map((record) => JSON.stringify(record)).join('\n')], name);

describe('document heads (the list reads them, never the texts)', () => {
  it('are written with the default corpus, each with its text length and no text', async () => {
    const database = await seeded();
    await expectHeadsInStep(database);
    const heads = await database.heads.toArray();
    expect(heads).toHaveLength(5);
    for (const head of heads) expect(head).not.toHaveProperty('text');
  });

  it('follow an import, and a failed import leaves none behind', async () => {
    const database = await seeded();
    const good = new FileImport(
      database,
      jsonl('new.jsonl', [
        { id: 'n1', text: 'Kim 🙂 met Putin.\r\n', spans: [] },
        { id: 'n2', text: '北朝鮮', spans: [] },
      ]),
      { format: 'native', defaultAnnotator: 'me' },
    );
    expect((await good.analyse()).errorCount).toBe(0);
    await good.commit();
    await expectHeadsInStep(database);
    expect((await database.heads.get('n1'))?.length).toBe('Kim 🙂 met Putin.\r\n'.length);

    // 2,500 documents (several batches), the write failing part way: every head written is taken back.
    const big = new FileImport(
      database,
      jsonl(
        'big.jsonl',
        Array.from({ length: 2500 }, (_, index) => ({ id: `b${index}`, text: `text ${index}`, spans: [] })),
      ),
      { format: 'native', defaultAnnotator: 'me' },
    );
    expect((await big.analyse()).errorCount).toBe(0);
    let written = 0;
    database.heads.hook('creating', () => {
      if (++written > 1500) throw new Error('QuotaExceededError: simulated full disk');
    });
    await expect(big.commit()).rejects.toThrow(/simulated full disk/u);
    expect(await database.heads.count()).toBe(7);
    await expectHeadsInStep(database);
  });

  it('follow shared documents and a restored backup', async () => {
    const database = await seeded();
    await addSharedDocuments(database, [
      { id: 's1', title: 'Shared', text: 'A shared text', source: 'team', meta: {}, order: 0, created: 2 },
    ]);
    await expectHeadsInStep(database);

    const backup = await exportBackup(database);
    const target = new SpanwrightDatabase(`heads-${Math.random()}`);
    databases.push(target);
    await addSharedDocuments(target, [
      { id: 'stale', title: 'Stale', text: 'gone after the restore', source: 'x', meta: {}, order: 0, created: 0 },
    ]);
    const read = await readBackup(new File([backup], 'backup.jsonl'));
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    await restoreBackup(target, read.value);
    await expectHeadsInStep(target);
    expect((await target.heads.toArray()).map((head) => head.id)).not.toContain('stale');
    expect(await target.heads.count()).toBe(6);
  });

  it('let the store read one text by id, and all texts a page at a time in list order', async () => {
    const database = await seeded();
    const store = new Store(database);
    const all = await database.documents.orderBy('order').toArray();
    expect(await store.readDocument(all[3].id)).toEqual(all[3]);
    expect(await store.readDocument('missing')).toBeUndefined();
    const pages: string[][] = [];
    for await (const page of store.readDocumentPages(2)) pages.push(page.map((document) => document.id));
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(all.map((document) => document.id));
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Document } from '../../../src/lib/model/types';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { storedTexts, type StoredTextPage } from '../../../src/lib/workers/storedTexts';

let database: SpanwrightDatabase;

afterEach(async () => database?.delete());

/** A database holding `count` documents, stored out of order, with orders 0, 10, 20, …. */
async function corpusOf(count: number): Promise<string> {
  database = new SpanwrightDatabase(`stored-texts-${Math.random()}`);
  const documents: Document[] = Array.from({ length: count }, (_, index) => ({
    id: `doc-${index}`,
    title: `Document ${index}`,
    text: `text of document ${index} 🙂`,
    source: 'test',
    meta: {},
    order: index * 10,
    fingerprint: String(index),
    created: 1,
  }));
  await database.documents.bulkAdd(documents.reverse());
  database.close();
  return database.name;
}

async function pagesOf(pages: AsyncGenerator<StoredTextPage>): Promise<StoredTextPage[]> {
  const read: StoredTextPage[] = [];
  for await (const page of pages) read.push(page);
  return read;
}

describe('stored texts, read by a Worker', () => {
  it('yields every document’s id and text once, in the list’s order, a page at a time', async () => {
    const name = await corpusOf(7);
    const pages = await pagesOf(storedTexts(name, 3));
    expect(pages.map((page) => page.documents.length)).toEqual([3, 3, 1]);
    expect(pages.every((page) => page.total === 7)).toBe(true);
    const documents = pages.flatMap((page) => page.documents);
    expect(documents.map((document) => document.id)).toEqual(Array.from({ length: 7 }, (_, index) => `doc-${index}`));
    expect(documents[4]).toEqual({ id: 'doc-4', text: 'text of document 4 🙂' });
  });

  it('ends after a last full page, and yields nothing for an empty corpus', async () => {
    expect((await pagesOf(storedTexts(await corpusOf(6), 3))).map((page) => page.documents.length)).toEqual([3, 3]);
    await database.delete();
    expect(await pagesOf(storedTexts(await corpusOf(0), 3))).toEqual([]);
  });
});

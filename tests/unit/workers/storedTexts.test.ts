import { afterEach, describe, expect, it } from 'vitest';
import type { Document } from '../../../src/lib/model/types';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import {
  storedTexts,
  storedTextsOf,
  type KeyedTextPage,
  type StoredTextPage,
} from '../../../src/lib/workers/storedTexts';

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

describe('stored texts of listed documents', () => {
  const keysOf = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      id: `doc-${index}`,
      order: index * 10,
      fingerprint: String(index),
    }));

  it('yields the listed documents in the list’s order, without the texts the caller holds', async () => {
    const name = await corpusOf(7);
    const keys = keysOf(7);
    const held = new Set(['doc-1', 'doc-3', 'doc-4', 'doc-5']);
    const pages: KeyedTextPage[] = [];
    for await (const page of storedTextsOf(name, keys, (key) => held.has(key.id), 3)) pages.push(page);
    expect(pages.map((page) => page.documents.map((document) => document.id))).toEqual([
      ['doc-0', 'doc-1', 'doc-2'],
      ['doc-3', 'doc-4', 'doc-5'],
      ['doc-6'],
    ]);
    expect(pages.every((page) => page.total === 7)).toBe(true);
    const texts = pages.flatMap((page) => page.documents.map((document) => document.text));
    expect(texts).toEqual([
      'text of document 0 🙂',
      null,
      'text of document 2 🙂',
      null,
      null,
      null,
      'text of document 6 🙂',
    ]);
    expect(pages[0].documents[0]).toEqual({ id: 'doc-0', order: 0, fingerprint: '0', text: 'text of document 0 🙂' });
  });

  it('leaves out a listed document no longer stored, or stored since with another text', async () => {
    const name = await corpusOf(4);
    const keys = [...keysOf(4), { id: 'gone', order: 35, fingerprint: 'x' }];
    keys[2] = { ...keys[2], fingerprint: 'an older text' };
    const ids: string[] = [];
    for await (const page of storedTextsOf(name, keys)) ids.push(...page.documents.map((document) => document.id));
    expect(ids).toEqual(['doc-0', 'doc-1', 'doc-3']);
  });
});

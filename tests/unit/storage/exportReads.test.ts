import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseNativeLine } from '../../../src/lib/formats/native';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import type { Document, DocumentStatus, Span } from '../../../src/lib/model/types';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { documentPages, readAhead, readLayers } from '../../../src/lib/storage/exportReads';
import { exportRecords } from '../../../src/lib/storage/exporter';
import { valueOf } from '../formats/parseResultAssertions';

const WORDS = Array.from({ length: 10 }, (_, index) => `w${index}`);
const TEXT = WORDS.join(' ');
const DOCUMENTS = 250;

let database: SpanwrightDatabase;

/** `perDocument` spans (the first words) in each of the first `documents` documents of `annotator`'s layer. */
function layer(
  annotator: string,
  perDocument: number,
  documents = DOCUMENTS,
): { spans: Span[]; rows: DocumentStatus[] } {
  const spans: Span[] = [];
  const rows: DocumentStatus[] = [];
  for (let index = 0; index < documents; index++) {
    const documentId = `d${String(index).padStart(3, '0')}`;
    for (let word = 0; word < perDocument; word++) {
      const start = TEXT.indexOf(WORDS[word]);
      spans.push({
        id: `${annotator}-${documentId}-${word}`,
        documentId,
        annotator,
        start,
        end: start + WORDS[word].length,
        label: 'claim',
        text: WORDS[word],
        created: 1,
        updated: 1,
      });
    }
    rows.push({ annotator, documentId, status: 'todo', spanCount: perDocument, labels: ['claim'], updated: 1 });
  }
  return { spans, rows };
}

beforeEach(async () => {
  database = new SpanwrightDatabase(`export-reads-${Math.random()}`);
  const documents: Document[] = Array.from({ length: DOCUMENTS }, (_, index) => ({
    id: `d${String(index).padStart(3, '0')}`,
    title: `Document ${index}`,
    text: TEXT,
    source: 's',
    meta: {},
    order: index,
    created: 1,
    fingerprint: textFingerprint(TEXT),
  }));
  await database.transaction('rw', [database.documents, database.heads], () => addDocuments(database, documents));
  // alice holds most of the spans (read with the whole table), bob a few (one read through their
  // index), carol many but not most (read a page of documents at a time).
  const layers = [layer('alice', 10), layer('bob', 2), layer('carol', 6, 200)];
  await database.spans.bulkAdd(layers.flatMap((one) => one.spans));
  await database.statuses.bulkAdd(layers.flatMap((one) => one.rows));
});
afterEach(async () => database.delete());

/** Each record's document id and span words, from a native export of `annotator`'s layer. */
async function exported(annotator: string): Promise<Map<string, string[]>> {
  const { blob } = await exportRecords(database, {
    format: 'native',
    unit: 'codepoint',
    scope: 'all',
    annotator,
    unlabelled: 'none',
  });
  const records = (await blob.text())
    .trim()
    .split('\n')
    .map((line, index) => valueOf(parseNativeLine(line, index + 1)));
  return new Map(records.map((record) => [record.id, record.spans.map((span) => span.text)]));
}

describe('an export of one layer reads every span of it, whichever way its size chooses', () => {
  it('most of the table, a few rows, and a minority of many rows give the same records', async () => {
    for (const [annotator, perDocument, documents] of [
      ['alice', 10, 250],
      ['bob', 2, 250],
      ['carol', 6, 200],
    ] as const) {
      const records = await exported(annotator);
      expect(records.size, annotator).toBe(documents);
      for (const words of records.values()) expect(words).toEqual(WORDS.slice(0, perDocument));
    }
  });

  it('reads every span even where the layers’ summary rows undercount them', async () => {
    await database.statuses.toCollection().modify({ spanCount: 0 });
    const records = await exported('alice');
    expect(records.size).toBe(DOCUMENTS);
    expect([...records.values()].every((words) => words.length === 10)).toBe(true);
  });
});

describe('the reads of an export in a Worker (a table in one read, pages of documents growing)', () => {
  const spanIds = async (annotator: string, perRead?: number) => {
    const layers = await readLayers(database, { scope: 'all', annotator }, perRead);
    const documents = await database.documents.orderBy('order').toArray();
    const spans = [...(await layers.spansOf(documents)).values()].flat();
    return { spans: spans.map((span) => span.id).sort(), statuses: [...layers.statuses.keys()].sort() };
  };

  it('give every layer the same spans and statuses as the reads in pages', async () => {
    for (const annotator of ['alice', 'bob', 'carol', 'all']) {
      const paged = await spanIds(annotator);
      expect(paged.spans.length, annotator).toBeGreaterThan(0);
      expect(await spanIds(annotator, 2 ** 31), annotator).toEqual(paged);
    }
  });

  it('hand over every document once, in list order, the pages after the first larger', async () => {
    const pages: string[][] = [];
    for await (const page of documentPages(database, { scope: 'all', annotator: 'all' }, true))
      pages.push(page.map((document) => document.id));
    // 250 documents of 29 characters: a first page of 100, then the rest at once.
    expect(pages.map((page) => page.length)).toEqual([100, 150]);
    expect(pages.flat()).toEqual(Array.from({ length: DOCUMENTS }, (_, index) => `d${String(index).padStart(3, '0')}`));
  });
});

describe('reading pages of documents ahead', () => {
  const page = (id: number, characters: number): Document[] => [
    {
      id: `p${id}`,
      title: '',
      text: 'x'.repeat(characters),
      source: '',
      meta: {},
      order: id,
      created: 0,
      fingerprint: '',
    },
  ];

  it('hands the pages over in order, holding no more text ahead than its budget and one page', async () => {
    let read = 0;
    async function* pages() {
      for (let id = 0; id < 10; id++) {
        read++;
        yield page(id, 100);
      }
    }
    const ahead = readAhead(pages(), 250);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // 250 characters' budget: three pages of 100 read before any is used.
    expect(read).toBe(3);
    const ids: string[] = [];
    for (let next = await ahead.next(); !next.done; next = await ahead.next()) ids.push(next.value[0].id);
    expect(ids).toEqual(Array.from({ length: 10 }, (_, id) => `p${id}`));
  });

  it('reads no page more once stopped (an export that ended, failed or was cancelled)', async () => {
    let read = 0;
    async function* pages() {
      for (let id = 0; id < 100; id++) {
        read++;
        yield page(id, 10);
      }
    }
    const ahead = readAhead(pages(), 1000);
    await ahead.next();
    ahead.stop();
    const then = read;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(read).toBeLessThanOrEqual(then + 1);
    expect(read).toBeLessThan(100);
  });

  it('fails the page a read failed at, after handing over those before it', async () => {
    async function* pages() {
      yield page(0, 10);
      yield page(1, 10);
      throw new Error('the disk went away');
    }
    const ahead = readAhead(pages(), 1000);
    expect((await ahead.next()).value?.[0].id).toBe('p0');
    expect((await ahead.next()).value?.[0].id).toBe('p1');
    await expect(ahead.next()).rejects.toThrow('the disk went away');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Document } from '../../../src/lib/model/types';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { HeldTexts } from '../../../src/lib/workers/heldTexts';

const databases: SpanwrightDatabase[] = [];

afterEach(async () => {
  for (const database of databases.splice(0)) await database.delete();
});

const documentOf = (index: number, text = `text ${index}`): Document => ({
  id: `doc-${index}`,
  title: `Document ${index}`,
  text,
  source: 'test',
  meta: {},
  order: index,
  fingerprint: `f-${text}`,
  created: 1,
});

const keyOf = ({ id, order, fingerprint }: Document) => ({ id, order, fingerprint });

async function databaseOf(documents: Document[]): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`held-texts-${Math.random()}`);
  databases.push(database);
  await database.documents.bulkAdd(documents);
  return database;
}

/** Every document's id and held value, in order. */
async function valuesOf<T>(held: HeldTexts<T>, name: string, documents: Document[]): Promise<[string, T][]> {
  const values: [string, T][] = [];
  for await (const page of held.pages(name, documents.map(keyOf)))
    for (const document of page.documents) values.push([document.id, document.value]);
  return values;
}

describe('texts held by a kept Worker', () => {
  it('reads a text once: the next pass serves it from what is held, by id and fingerprint', async () => {
    const documents = [documentOf(0), documentOf(1), documentOf(2)];
    const database = await databaseOf(documents);
    const read: string[] = [];
    const held = new HeldTexts((text) => {
      read.push(text);
      return text.toUpperCase();
    });
    expect(await valuesOf(held, database.name, documents)).toEqual([
      ['doc-0', 'TEXT 0'],
      ['doc-1', 'TEXT 1'],
      ['doc-2', 'TEXT 2'],
    ]);
    expect(read).toHaveLength(3);

    // Stored behind the holder's back under the same fingerprint: the held value is served, nothing read.
    await database.documents.update('doc-1', { text: 'changed unseen' });
    expect(await valuesOf(held, database.name, documents)).toEqual([
      ['doc-0', 'TEXT 0'],
      ['doc-1', 'TEXT 1'],
      ['doc-2', 'TEXT 2'],
    ]);
    expect(read).toHaveLength(3);

    // A new text under the same id (a new fingerprint) and a new document are read; the rest is not.
    const replaced = documentOf(1, 'another text');
    await database.documents.put(replaced);
    const added = documentOf(3);
    await database.documents.add(added);
    const now = [documents[0], replaced, documents[2], added];
    expect(await valuesOf(held, database.name, now)).toEqual([
      ['doc-0', 'TEXT 0'],
      ['doc-1', 'ANOTHER TEXT'],
      ['doc-2', 'TEXT 2'],
      ['doc-3', 'TEXT 3'],
    ]);
    expect(read).toEqual(['text 0', 'text 1', 'text 2', 'another text', 'text 3']);
  });

  it('drops what it holds of documents no longer listed, and all of it for another database', async () => {
    const documents = [documentOf(0), documentOf(1)];
    const first = await databaseOf(documents);
    const held = new HeldTexts((text) => text);
    await valuesOf(held, first.name, documents);
    expect(held.size).toBe(2);
    await valuesOf(held, first.name, [documents[1]]);
    expect(held.size).toBe(1);

    const second = await databaseOf([documentOf(1, 'text 1')]);
    await second.documents.update('doc-1', { text: 'the second database’s' });
    expect(await valuesOf(held, second.name, [documents[1]])).toEqual([['doc-1', 'the second database’s']]);
  });
});

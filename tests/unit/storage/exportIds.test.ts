// The id column of a doccano or Label Studio export: numbers where every document's id looks like one (as those tools
// number their items), strings for all when one does not, so a file loads as one column of one type (a Hugging Face
// dataset refuses a JSONL whose "id" changes from number to string).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { exportRecords, type ExportOptions } from '../../../src/lib/storage/exporter';
import { createSpan } from '../../../src/lib/storage/spans';

const databases: SpanwrightDatabase[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.delete();
});

/** A corpus of `ids`, each document labelled by carol. */
async function corpus(ids: readonly string[]): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`export-ids-${Math.random()}`);
  databases.push(database);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  const text = 'Kim met Putin.';
  await database.transaction('rw', [database.documents, database.heads], () =>
    addDocuments(
      database,
      ids.map((id, order) => ({
        id,
        title: id,
        text,
        source: 's',
        meta: {},
        order,
        created: 1,
        fingerprint: textFingerprint(text),
      })),
    ),
  );
  for (const documentId of ids)
    await createSpan(database, { documentId, annotator: 'carol', start: 0, end: 3, text: 'Kim', label: 'claim' });
  return database;
}

const options = (format: 'doccano' | 'labelstudio', scope: 'all' | 'current' = 'all'): ExportOptions => ({
  format,
  unit: 'codepoint',
  scope,
  currentDocumentId: '9',
  annotator: 'carol',
  unlabelled: 'done',
});

async function doccanoIds(database: SpanwrightDatabase, scope: 'all' | 'current' = 'all'): Promise<unknown[]> {
  const text = await (await exportRecords(database, options('doccano', scope))).blob.text();
  return text
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { id: unknown }).id);
}

async function labelStudioIds(database: SpanwrightDatabase): Promise<unknown[]> {
  const result = await exportRecords(database, options('labelstudio'));
  return (JSON.parse(await result.blob.text()) as { id: unknown }[]).map((task) => task.id);
}

describe('the ids of an export in a format whose tools number their items', () => {
  it('are numbers when every document’s id looks like one', async () => {
    const database = await corpus(['9', '10', '0']);
    expect(await doccanoIds(database)).toEqual([9, 10, 0]);
    expect(await labelStudioIds(database)).toEqual([9, 10, 0]);
  });

  it('are all strings when one does not (a leading zero, a name): never a column of numbers and strings', async () => {
    const database = await corpus(['9', '007', 'kim-1']);
    expect(await doccanoIds(database)).toEqual(['9', '007', 'kim-1']);
    expect(await labelStudioIds(database)).toEqual(['9', '007', 'kim-1']);
  });

  it('of the open document alone: a number when its id looks like one', async () => {
    const database = await corpus(['9', 'kim-1']);
    expect(await doccanoIds(database, 'current')).toEqual([9]);
  });
});

// Ids written as numbers (doccano, Label Studio) where every id the file holds is one: decided over the records
// written, as the export check finds them, not over the whole corpus (helper-205: a doccano file of ids 1 and 2,
// imported beside the sample articles, came back out with "1" and "2").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { checkExport, exportRecords, type ExportOptions } from '../../../src/lib/storage/exporter';
import { createSpan } from '../../../src/lib/storage/spans';
import { documentOf, labelledDatabaseOf } from '../../support/storedDocuments';

let database: SpanwrightDatabase;

beforeEach(async () => {
  // A sample article (an id of letters, no span), and two documents of an imported file, numbered.
  database = await labelledDatabaseOf('numeric', '000_c25c54a9dd113007', 'An article no one labelled.');
  await database.transaction('rw', [database.documents, database.heads], () =>
    addDocuments(database, [
      { ...documentOf('1', 1, 'Kim met Putin.'), title: 'one', source: 's' },
      { ...documentOf('2', 2, 'Putin met Kim.'), title: 'two', source: 's' },
    ]),
  );
  for (const id of ['1', '2'])
    await createSpan(database, {
      documentId: id,
      annotator: 'ann',
      start: 0,
      end: 3,
      text: id === '1' ? 'Kim' : 'Put',
      label: 'claim',
    });
});
afterEach(async () => database.delete());

const OPTIONS: ExportOptions = {
  format: 'doccano',
  unit: 'codepoint',
  scope: 'all',
  annotator: 'ann',
  unlabelled: 'done',
};

const ids = async (options: ExportOptions) =>
  (await (await exportRecords(database, options)).blob.text())
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { id: unknown }).id);

describe('ids written as numbers', () => {
  it('where every record the file holds has one, whatever other documents the corpus has', async () => {
    const check = await checkExport(database, OPTIONS);
    expect(check).toMatchObject({ records: 2, numericIds: true });
    expect(await ids({ ...OPTIONS, numericIds: check.numericIds })).toEqual([1, 2]);
  });

  it('as strings where one record’s id is not a number: one type in the id column', async () => {
    const options = { ...OPTIONS, unlabelled: 'all' } as const;
    const check = await checkExport(database, options);
    expect(check).toMatchObject({ records: 3, numericIds: false });
    expect(await ids({ ...options, numericIds: check.numericIds })).toEqual(['000_c25c54a9dd113007', '1', '2']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { checkExport, type ExportOptions } from '../../../src/lib/storage/exporter';
import { createSpan, setStatus } from '../../../src/lib/storage/spans';
import { documentOf, labelledDatabaseOf } from '../../support/storedDocuments';

/**
 * A token format holds a text as its tokens: a document of white space only has none, so a CoNLL or
 * Hugging Face file keeps nothing of it and importing the file back gives no document. The export
 * dialog's check counts and names it (once, however many layers), before the download.
 */
let database: SpanwrightDatabase;

beforeEach(async () => {
  database = await labelledDatabaseOf('no-token', 'dc-u1', 'Kim met Putin.');
  await database.transaction('rw', [database.documents, database.heads], () =>
    addDocuments(database, [{ ...documentOf('blank', 1, ' \n\t \r\n '), title: 'Blank page' }]),
  );
  await createSpan(database, {
    documentId: 'dc-u1',
    annotator: 'alice',
    start: 0,
    end: 3,
    text: 'Kim',
    label: 'claim',
  });
  await setStatus(database, 'blank', 'alice', 'done', 0);
  await setStatus(database, 'blank', 'bob', 'done', 0);
});
afterEach(async () => database.delete());

const ALL: ExportOptions = { format: 'conll', unit: 'codepoint', scope: 'all', annotator: 'all', unlabelled: 'all' };

describe('exporting a document with no token to a token format', () => {
  it('counts and names it once for CoNLL and Hugging Face, and not for the formats that keep the text', async () => {
    for (const format of ['conll', 'huggingface'] as const) {
      const check = await checkExport(database, { ...ALL, format });
      const blank = check.losses.find((loss) => loss.what.startsWith('documents with no token'));
      expect(blank, format).toMatchObject({ count: 1, examples: ['"Blank page"'] });
      expect(blank?.why).toContain('importing it back gives no document');
    }
    const native = await checkExport(database, { ...ALL, format: 'native' });
    expect(native.losses.some((loss) => loss.what.startsWith('documents with no token'))).toBe(false);
  });
});

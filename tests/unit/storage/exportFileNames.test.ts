import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesInZip } from '../../../src/lib/formats/archive';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { checkExport, exportRecords, type ExportOptions } from '../../../src/lib/storage/exporter';
import { createSpan } from '../../../src/lib/storage/spans';

let database: SpanwrightDatabase;
const TEXT = 'Kim met Putin';
const IDS = ['doc/1', 'doc_1', 'DOC_1'];

beforeEach(async () => {
  database = new SpanwrightDatabase(`names-${Math.random()}`);
  await database.labels.bulkAdd(
    ['my label', 'my_label'].map((name, order) => ({ name, colour: '#336699', hotkey: '', description: '', order })),
  );
  await database.transaction('rw', [database.documents, database.heads], () =>
    addDocuments(
      database,
      IDS.map((id, order) => ({
        id,
        title: id,
        text: `${TEXT} ${order}`,
        source: 's',
        meta: {},
        order,
        created: 1,
        fingerprint: textFingerprint(`${TEXT} ${order}`),
      })),
    ),
  );
  for (const id of IDS) {
    await createSpan(database, {
      documentId: id,
      annotator: 'alice',
      start: 0,
      end: 3,
      text: 'Kim',
      label: 'my label',
    });
    await createSpan(database, {
      documentId: id,
      annotator: 'alice',
      start: 8,
      end: 13,
      text: 'Putin',
      label: 'my_label',
    });
  }
});
afterEach(async () => database.delete());

const OPTIONS: ExportOptions = {
  format: 'brat',
  unit: 'codepoint',
  scope: 'all',
  annotator: 'alice',
  unlabelled: 'none',
  labels: ['my label', 'my_label'],
};

describe('a brat export of ids and labels a file name or a type cannot hold as they are', () => {
  it('writes files no case-insensitive file system merges and two types, and the check names each change', async () => {
    const check = await checkExport(database, OPTIONS);
    const result = await exportRecords(database, OPTIONS);
    const { files } = await filesInZip(new File([result.blob], 'export.zip'));
    const names = files.map((file) => file.name);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    expect(names.filter((name) => name.endsWith('.txt')).sort()).toEqual(['DOC_1~3.txt', 'doc_1.txt', 'doc_1~2.txt']);
    const examples = (what: string) => check.losses.find((loss) => loss.what === what)?.examples;
    // doc_1 is a file name already: it keeps it, and doc/1, spelled the same, takes a copy's name.
    expect(examples('document ids changed into file names')).toEqual(['"doc/1" → "doc_1~2"', '"DOC_1" → "DOC_1~3"']);
    expect(await files.find((file) => file.name === 'doc_1.txt')!.text()).toBe(`${TEXT} 1`);
    expect(await files.find((file) => file.name === 'doc_1~2.txt')!.text()).toBe(`${TEXT} 0`);
    expect(examples('labels renamed')).toEqual(['"my label" → "my_label_2"']);
    const conf = await files.find((file) => file.name === 'annotation.conf')!.text();
    expect(conf).toContain('[entities]\nmy_label\nmy_label_2\n');
    const ann = await files.find((file) => file.name === 'doc_1~2.ann')!.text();
    expect(ann).toBe('T1\tmy_label_2 0 3\tKim\nT2\tmy_label 8 13\tPutin\n');
  });
});

// Skipped documents without a span (a Prodigy "ignore", a document marked skipped) in the default
// export: an annotator's decision, written where the format has a status, counted out where not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { checkExport, exportRecords, type ExportOptions } from '../../../src/lib/storage/exporter';
import { createSpan, setStatus } from '../../../src/lib/storage/spans';

let database: SpanwrightDatabase;
const TEXTS = ['Kim met Putin.', 'Nothing to label here.', 'An advert.', 'Not read yet.'];

beforeEach(async () => {
  database = new SpanwrightDatabase(`skipped-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  await database.transaction('rw', [database.documents, database.heads], () =>
    addDocuments(
      database,
      TEXTS.map((text, order) => ({
        id: `d${order + 1}`,
        title: text,
        text,
        source: 's',
        meta: {},
        order,
        created: 1,
        fingerprint: textFingerprint(text),
      })),
    ),
  );
  // d1 labelled and done, d2 done without a span, d3 skipped without a span, d4 untouched.
  await createSpan(database, { documentId: 'd1', annotator: 'carol', start: 0, end: 3, text: 'Kim', label: 'claim' });
  await setStatus(database, 'd1', 'carol', 'done', 2);
  await setStatus(database, 'd2', 'carol', 'done', 3);
  await setStatus(database, 'd3', 'carol', 'skipped', 4);
});
afterEach(async () => database.delete());

const DEFAULTS: ExportOptions = {
  format: 'prodigy',
  unit: 'codepoint',
  scope: 'all',
  annotator: 'carol',
  unlabelled: 'done',
};

async function lines(options: ExportOptions): Promise<Record<string, unknown>[]> {
  const result = await exportRecords(database, options);
  return (await result.blob.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the default export of a layer with a skipped document without spans', () => {
  it('writes it where the format has a status: Prodigy says "ignore", Spanwright JSONL "skipped"', async () => {
    expect((await lines(DEFAULTS)).map((task) => [task.text, task.answer])).toEqual([
      ['Kim met Putin.', 'accept'],
      ['Nothing to label here.', 'accept'],
      ['An advert.', 'ignore'],
    ]);
    expect((await lines({ ...DEFAULTS, format: 'native' })).map((record) => [record.id, record.status])).toEqual([
      ['d1', 'done'],
      ['d2', 'done'],
      ['d3', 'skipped'],
    ]);
    const check = await checkExport(database, DEFAULTS);
    expect(check.records).toBe(3);
    expect(check.losses.map((loss) => loss.what)).not.toContain('skipped documents');
  });

  it('leaves it out where the format has no status, and the check counts and names it before the download', async () => {
    const check = await checkExport(database, { ...DEFAULTS, format: 'doccano' });
    expect(check.records).toBe(2);
    const skipped = check.losses.find((loss) => loss.what === 'skipped documents');
    expect(skipped?.count).toBe(1);
    expect(skipped?.examples).toEqual(['"An advert." (carol)']);
  });

  it('leaves it out with None, as every layer without spans', async () => {
    expect((await lines({ ...DEFAULTS, unlabelled: 'none' })).map((task) => task.text)).toEqual(['Kim met Putin.']);
  });
});

describe('a document still to do, in a format with no status (helper-205)', () => {
  beforeEach(async () => {
    // d4 half labelled, never marked done.
    await createSpan(database, {
      documentId: 'd4',
      annotator: 'carol',
      start: 4,
      end: 8,
      text: 'read',
      label: 'visit',
    });
  });

  it('is written, and the check counts and names it as not marked done, with the choice that leaves it out', async () => {
    for (const format of ['doccano', 'conll', 'huggingface', 'brat'] as const) {
      const check = await checkExport(database, { ...DEFAULTS, format });
      const todo = check.losses.find((loss) => loss.what === 'documents not marked done (to do)');
      expect(todo, format).toMatchObject({ count: 1, examples: ['"Not read yet." (carol)'] });
      expect(todo?.why).toContain('choose “Done only” under Documents to leave them out');
      expect(check.losses.find((loss) => loss.what === 'done statuses')?.count, format).toBe(2);
    }
    // Documents marked done: nothing still to do is written, so nothing to say.
    const done = await checkExport(database, { ...DEFAULTS, format: 'doccano', scope: 'done' });
    expect(done.losses.map((loss) => loss.what)).not.toContain('documents not marked done (to do)');
    // A format with a status writes it.
    const native = await checkExport(database, { ...DEFAULTS, format: 'native' });
    expect(native.losses.map((loss) => loss.what)).not.toContain('documents not marked done (to do)');
  });
});

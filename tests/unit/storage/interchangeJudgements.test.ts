/**
 * Judgements that travel between tools without spans, and what an export may not invent: a Label
 * Studio "no entities" annotation, a Prodigy `ignore`, overlapping spans in token formats.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesInZip } from '../../../src/lib/formats/archive';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { checkExport, exportRecords, type ExportOptions } from '../../../src/lib/storage/exporter';
import { FileImport, type ImportOptions } from '../../../src/lib/storage/importer';

let database: SpanwrightDatabase;

beforeEach(async () => {
  database = new SpanwrightDatabase(`judgements-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
});
afterEach(async () => database.delete());

async function importText(name: string, text: string, format: ImportOptions['format']) {
  const job = new FileImport(database, new File([text], name), { format, defaultAnnotator: 'me', now: () => 5 });
  const analysis = await job.analyse();
  expect(analysis.errors).toEqual([]);
  await job.commit();
}

const exportOptions = (overrides: Partial<ExportOptions>): ExportOptions => ({
  format: 'native',
  unit: 'codepoint',
  scope: 'all',
  annotator: 'all',
  unlabelled: 'done',
  ...overrides,
});

describe('a Label Studio annotation with an empty result', () => {
  it('puts its document into the annotator’s layer as done, so the negative example reaches an export', async () => {
    const task = (id: number, text: string, annotations: unknown[]) => ({ id, data: { text }, annotations });
    await importText(
      'ls.json',
      JSON.stringify([
        task(1, 'Nobody was named in this one.', [{ id: 1, completed_by: { email: 'ann@x.org' }, result: [] }]),
        task(2, 'Nor in this one.', [{ id: 2, completed_by: { email: 'bob@x.org' }, result: [], was_cancelled: true }]),
      ]),
      'labelstudio',
    );
    const statuses = await database.statuses.toArray();
    // A cancelled annotation is the annotator's skip: kept as a skipped layer.
    expect(statuses.map((row) => [row.documentId, row.annotator, row.status])).toEqual([
      ['1', 'ann@x.org', 'done'],
      ['2', 'bob@x.org', 'skipped'],
    ]);
    const exported = await exportRecords(database, exportOptions({ format: 'doccano' }));
    const lines = (await exported.blob.text()).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { id: 1, annotator: 'ann@x.org', label: [] },
    ]);
  });
});

describe('a skipped document (a Prodigy ignore)', () => {
  const answers = [
    {
      text: 'Biden visited Kyiv.',
      spans: [{ start: 0, end: 5, label: 'PER' }],
      answer: 'accept',
      _annotator_id: 'alice',
    },
    {
      text: 'Lavrov denied it.',
      spans: [{ start: 0, end: 6, label: 'PER' }],
      answer: 'ignore',
      _annotator_id: 'alice',
    },
    { text: 'Nothing to see.', spans: [], answer: 'ignore', _annotator_id: 'bob' },
  ];
  const load = () => importText('answers.jsonl', answers.map((answer) => JSON.stringify(answer)).join('\n'), 'prodigy');

  it.each(['doccano', 'conll', 'huggingface', 'brat'] as const)(
    'is left out of %s (no place for a status), counted and named in the export check',
    async (format) => {
      await load();
      const options = exportOptions({ format, unlabelled: 'all' });
      const check = await checkExport(database, options);
      expect(check.records).toBe(1);
      expect(check.spans).toBe(1);
      expect(check.losses.find((loss) => loss.what === 'skipped documents')).toMatchObject({
        count: 2,
        examples: ['"Lavrov denied it." (alice)', '"Nothing to see." (bob)'],
      });
      const exported = await exportRecords(database, options);
      expect(exported.records).toBe(1);
      const { blob } = exported;
      const files = exported.zipped ? (await filesInZip(new File([blob], 'export.zip'))).files : [blob];
      const text = (await Promise.all(files.map((file) => file.text()))).join('\n');
      expect(text).toContain('Biden');
      expect(text).not.toContain('Lavrov');
    },
  );

  it('stays in formats that say it was skipped (Spanwright JSONL, Prodigy, Label Studio), with nothing said left out', async () => {
    await load();
    for (const format of ['native', 'prodigy', 'labelstudio'] as const) {
      const check = await checkExport(database, exportOptions({ format, unlabelled: 'all' }));
      expect(check.records).toBe(3);
      expect(check.losses.some((loss) => loss.what === 'skipped documents')).toBe(false);
    }
    const prodigy = await exportRecords(database, exportOptions({ format: 'prodigy', unlabelled: 'all' }));
    const lines = (await prodigy.blob.text()).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { answer?: string }).answer)).toEqual([
      'accept',
      'ignore',
      'ignore',
    ]);
    // Label Studio marks a skipped task with a cancelled annotation.
    const labelStudio = await exportRecords(database, exportOptions({ format: 'labelstudio', unlabelled: 'all' }));
    expect(labelStudio.zipped).toBe(false); // no label set given: no labelling config beside the tasks
    const tasks = JSON.parse(await labelStudio.blob.text()) as { annotations: { was_cancelled?: boolean }[] }[];
    expect(tasks.map((task) => task.annotations.map((annotation) => annotation.was_cancelled ?? false))).toEqual([
      [false],
      [true],
      [true],
    ]);
  });
});

describe('overlapping spans in a token format', () => {
  const line = {
    id: 'd1',
    text: 'Lavrov denied it.\nPutin agreed.',
    annotator: 'alice',
    status: 'done',
    spans: [
      { start: 0, end: 13, label: 'CLAIM', text: 'Lavrov denied' },
      { start: 0, end: 6, label: 'PER', text: 'Lavrov' },
      { start: 7, end: 23, label: 'CLAIM', text: 'denied it.\nPutin' },
      { start: 18, end: 23, label: 'PER', text: 'Putin' },
    ],
  };

  it.each(['conll', 'huggingface'] as const)(
    '%s writes whole spans only; the check counts the spans the file holds and names those left out',
    async (format) => {
      await importText('d1.jsonl', JSON.stringify(line), 'native');
      const options = exportOptions({ format, annotator: 'alice' });
      const check = await checkExport(database, options);
      const exported = await exportRecords(database, options);
      const files = exported.zipped ? (await filesInZip(new File([exported.blob], 'x.zip'))).files : [exported.blob];
      const main = await files[0].text();
      const row = format === 'conll' ? null : (JSON.parse(main) as { tokens: string[]; ner_tags: string[] });
      const tags =
        row === null
          ? main.split('\n').flatMap((line) => (/ [BI]-/u.test(line) ? [line] : []))
          : row.ner_tags.flatMap((tag, index) => (tag === 'O' ? [] : [`${row.tokens[index]} ${tag}`]));
      // Whole spans only, never a cut-down one (a CLAIM "denied" nobody made). CoNLL leaves the CLAIM
      // across the line break out first (a line is a sentence), so CLAIM "Lavrov denied" is the longest;
      // a Hugging Face line is the whole document, so the CLAIM across the line break is the longest there.
      const written =
        format === 'conll'
          ? ['Lavrov B-CLAIM', 'denied I-CLAIM', 'Putin B-PER']
          : ['Lavrov B-PER', 'denied B-CLAIM', 'it I-CLAIM', '. I-CLAIM', 'Putin I-CLAIM'];
      const left =
        format === 'conll'
          ? ['"Lavrov" 0–6 (PER)', '"denied it.\\nPutin" 7–23 (CLAIM)']
          : ['"Lavrov denied" 0–13 (CLAIM)', '"Putin" 18–23 (PER)'];
      expect(tags).toEqual(written);
      expect(check.spans).toBe(2);
      expect(exported.spans).toBe(2);
      expect(check.losses.flatMap((loss) => (loss.unwritten ? (loss.examples ?? []) : [])).sort()).toEqual(left);
    },
  );
});

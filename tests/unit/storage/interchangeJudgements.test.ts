/**
 * Judgements that travel between tools without spans, and what an export may not invent: a Label
 * Studio "no entities" annotation, a Prodigy `ignore`, overlapping spans in token formats.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  expect(analysis.errorCount).toBe(0);
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
    expect(statuses.map((row) => [row.documentId, row.annotator, row.status])).toEqual([['1', 'ann@x.org', 'done']]);
    const exported = await exportRecords(database, exportOptions({ format: 'doccano' }));
    const lines = (await exported.blob.text()).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { id: 1, annotator: 'ann@x.org', label: [] },
    ]);
  });
});

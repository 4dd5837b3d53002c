/**
 * Export in the harness page: the app's export (in its Worker) over a stored corpus, the JSON.stringify
 * baseline of the same records, the formats layer alone, and breakdowns of reading storage.
 */
import { serializeRecords } from '../../src/lib/formats/registry';
import type { AnnotatedRecord } from '../../src/lib/formats/records';
import type { IndexableType } from 'dexie';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import type { ExportOptions } from '../../src/lib/storage/exporter';
import { FileStore } from '../../src/lib/storage/fileStore';
import { BENCH_ANNOTATOR } from '../generate.js';
import { corpus, dropDatabase, freshDatabase, keep, storedRows } from './corpus';
import { watchLongTasks, type LongTasks } from './longTasks';

const EXPORT_OPTIONS: ExportOptions = {
  format: 'native',
  unit: 'codepoint',
  scope: 'all',
  // The export dialog opens on the current annotator's layer.
  annotator: BENCH_ANNOTATOR,
  // The dialog's default for documents without a span (those marked done); every bench document has spans.
  unlabelled: 'done',
};

let exportDatabase: SpanwrightDatabase | null = null;

/** Stores the prepared corpus (documents, spans, layer summaries) for the export runs. */
export async function prepareExport(): Promise<{ documents: number; spans: number; ms: number }> {
  const started = performance.now();
  const { documents, spans, statuses } = storedRows();
  if (exportDatabase) await dropDatabase(exportDatabase);
  exportDatabase = await freshDatabase();
  const database = exportDatabase;
  await database.transaction('rw', [database.documents, database.spans, database.statuses], async () => {
    await database.documents.bulkPut(documents);
    await database.spans.bulkPut(spans);
    await database.statuses.bulkPut(statuses);
  });
  return { documents: documents.length, spans: spans.length, ms: performance.now() - started };
}

/** The records exactly as the exporter builds them (spans sorted, status from the summary). */
function exportedRecords(): AnnotatedRecord[] {
  return corpus.records.map((record) => ({
    id: record.id,
    text: record.text,
    title: record.meta.title,
    annotator: record.annotator,
    status: 'todo',
    spans: record.spans.map((span) => ({ start: span.start, end: span.end, label: span.label, text: span.text })),
    meta: record.meta,
  }));
}

/** The same records in native JSONL key order, for `JSON.stringify`. */
function plainRecords(): Omit<AnnotatedRecord, 'title'>[] {
  return exportedRecords().map(({ id, text, spans, annotator, status, meta }) => ({
    id,
    text,
    spans,
    annotator,
    status,
    meta,
  }));
}

let baselineInput: Omit<AnnotatedRecord, 'title'>[] | null = null;
let serializeInput: AnnotatedRecord[] | null = null;

export interface ExportTiming {
  ms: number;
  characters: number;
}

/**
 * The app's export as the Export dialog runs it (`FileStore.exportRecords`: in a Worker, reading
 * IndexedDB page by page into a Blob); with `format`
 * `brat`, a .zip of a .txt and an .ann per document.
 */
export async function exportWithApp(
  format: ExportOptions['format'] = EXPORT_OPTIONS.format,
): Promise<ExportTiming & LongTasks & { bytes: number; records: number; spans: number }> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const stopWatching = watchLongTasks();
  performance.mark('bench:start'); // bench/taskCpu.js reads the tasks between the marks from its trace
  const started = performance.now();
  const result = await new FileStore(exportDatabase).exportRecords({ ...EXPORT_OPTIONS, format });
  const ms = performance.now() - started;
  performance.mark('bench:end');
  return {
    ms,
    characters: 0,
    bytes: result.blob.size,
    records: result.records,
    spans: result.spans,
    ...(await stopWatching()),
  };
}

/** The Export dialog's check of the same choices (what the file holds and leaves out), which Download waits for. */
export async function checkWithApp(): Promise<{ ms: number; records: number; spans: number }> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const started = performance.now();
  const check = await new FileStore(exportDatabase).checkExport(EXPORT_OPTIONS);
  return { ms: performance.now() - started, records: check.records, spans: check.spans };
}

/** The app's backup of the stored corpus as the Backup panel runs it (in a Worker): every table, a page of rows at a time (bench/taskCpu.js). */
export async function backupWithApp(): Promise<{ ms: number; bytes: number } & LongTasks> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const stopWatching = watchLongTasks();
  performance.mark('bench:start');
  const started = performance.now();
  const blob = await new FileStore(exportDatabase).exportBackup();
  const ms = performance.now() - started;
  performance.mark('bench:end');
  return { ms, bytes: blob.size, ...(await stopWatching()) };
}

/** A breakdown, not a baseline: reading every stored row back at once (the floor for any export). */
export async function readEverything(): Promise<ExportTiming> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const database = exportDatabase;
  const started = performance.now();
  const [documents, spans, statuses] = await Promise.all([
    database.documents.toArray(),
    database.spans.toArray(),
    database.statuses.toArray(),
  ]);
  const ms = performance.now() - started;
  keep(documents.length + spans.length + statuses.length);
  return { ms, characters: 0 };
}

/**
 * A breakdown for bench/taskCpu.js: every row read back in pages as the export reads them (100
 * documents, then 1,000 spans and 1,000 summaries a read, by key), nothing done with them. Its
 * longest tasks are what reading the rows costs the page at all, whatever is made of them.
 */
export async function readEverythingInPages(): Promise<{ ms: number; rows: number }> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const database = exportDatabase;
  performance.mark('bench:start');
  const started = performance.now();
  let rows = 0;
  const pages = [
    (after: IndexableType) => database.documents.where(':id').above(after).limit(100).toArray(),
    (after: IndexableType) => database.spans.where(':id').above(after).limit(1000).toArray(),
    (after: IndexableType) => database.statuses.where(':id').above(after).limit(1000).toArray(),
  ];
  const keys = [
    (row: { id: string }) => row.id,
    (row: { id: string }) => row.id,
    (row: { annotator: string; documentId: string }) => [row.annotator, row.documentId],
  ] as ((row: unknown) => IndexableType)[];
  for (const [index, read] of pages.entries()) {
    for (let after: IndexableType = -Infinity; ;) {
      const page: unknown[] = await read(after);
      if (page.length === 0) break;
      rows += page.length;
      after = keys[index](page[page.length - 1]);
    }
  }
  const ms = performance.now() - started;
  performance.mark('bench:end');
  return { ms, rows };
}

/** A breakdown: reading the documents table alone (no span, no status), the floor of any export that stores texts in IndexedDB. */
export async function readDocuments(): Promise<ExportTiming> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const started = performance.now();
  const documents = await exportDatabase.documents.toArray();
  const ms = performance.now() - started;
  keep(documents.length);
  return { ms, characters: 0 };
}

/** A breakdown: putting the baseline's text into a Blob (what any download needs: UTF-8 encoding and a copy). */
export function blobOfBaseline(): ExportTiming {
  baselineInput ??= plainRecords();
  const text = baselineInput.map((record) => JSON.stringify(record)).join('\n');
  const started = performance.now();
  const blob = new Blob([text], { type: 'application/jsonl' });
  const ms = performance.now() - started;
  keep(blob.size);
  return { ms, characters: text.length };
}

/**
 * export_ratio's floor (issue 16): a bare Dexie read of the same rows, `JSON.stringify` of the
 * records (built beforehand, so grouping rows into records is the app's cost alone), and the Blob.
 */
export async function exportFloor(): Promise<ExportTiming> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const database = exportDatabase;
  baselineInput ??= plainRecords();
  const input = baselineInput;
  const started = performance.now();
  const [documents, spans, statuses] = await Promise.all([
    database.documents.toArray(),
    database.spans.toArray(),
    database.statuses.toArray(),
  ]);
  const text = `${input.map((record) => JSON.stringify(record)).join('\n')}\n`;
  const blob = new Blob([text], { type: 'application/jsonl' });
  const ms = performance.now() - started;
  keep(documents.length + spans.length + statuses.length + blob.size);
  return { ms, characters: text.length };
}

/** Baseline: `JSON.stringify` of the same records, joined with newlines. */
export function exportWithStringify(): ExportTiming {
  baselineInput ??= plainRecords();
  const input = baselineInput;
  const started = performance.now();
  const text = input.map((record) => JSON.stringify(record)).join('\n');
  const ms = performance.now() - started;
  keep(text.length);
  return { ms, characters: text.length };
}

/** The formats layer alone: `serializeRecords` (native) over the same records, joined. */
export function exportWithSerializer(): ExportTiming {
  serializeInput ??= exportedRecords();
  const input = serializeInput;
  const started = performance.now();
  const text = Array.from(serializeRecords(input, 'native', 'codepoint')).join('');
  const ms = performance.now() - started;
  keep(text.length);
  return { ms, characters: text.length };
}

/** True when the app's export file is byte for byte the baseline's text (plus the last newline). */
export async function exportMatchesBaseline(): Promise<boolean> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const result = await new FileStore(exportDatabase).exportRecords(EXPORT_OPTIONS);
  const expected = `${plainRecords()
    .map((record) => JSON.stringify(record))
    .join('\n')}\n`;
  return (await result.blob.text()) === expected;
}

/** Drops the export database and the baselines' inputs. */
export async function releaseExport(): Promise<void> {
  baselineInput = null;
  serializeInput = null;
  if (exportDatabase) await dropDatabase(exportDatabase);
  exportDatabase = null;
}

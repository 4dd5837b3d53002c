/**
 * The bench harness: the app's own storage and formats modules in a page without the UI, exposed
 * on `window.bench` for bench/run.js. Every measurement has a baseline measured here, in the
 * same page, on the same data (ARCHITECTURE.md rule 11). Data is generated in the page from a
 * seed, so no large file crosses the wire.
 */
import Dexie from 'dexie';
import { serializeRecords } from '../src/lib/formats/registry';
import type { AnnotatedRecord } from '../src/lib/formats/records';
import { DEFAULT_LABELS } from '../src/lib/model/labels';
import { textFingerprint } from '../src/lib/model/fingerprint';
import type { Document, DocumentStatus, Span } from '../src/lib/model/types';
import { corpusAgreement, type DocumentPair, type LayerSpan } from '../src/lib/model/agreement';
import { SpanwrightDatabase } from '../src/lib/storage/database';
import { exportRecords, type ExportOptions } from '../src/lib/storage/exporter';
import { FileImport } from '../src/lib/storage/importer';
import { BENCH_ANNOTATOR, createRandom, generateRecord, nativeLine } from './generate.js';

/** A record as the generator writes it to a file (native JSONL keys, in file order). */
interface FileRecord {
  id: string;
  text: string;
  spans: { start: number; end: number; label: string; text: string }[];
  annotator: string;
  status: null;
  meta: { title: string; source: string };
}

export interface CorpusOptions {
  seed: number;
  documents: number;
  /** UTF-16 length of each document's text (about). */
  length: number;
  spansPerDocument: number;
  /** Keep the records (for baselines); false for the memory runs, which want only the file. */
  keepRecords: boolean;
}

export interface CorpusSummary {
  bytes: number;
  documents: number;
  spans: number;
  generateMs: number;
}

/** The rows the app stores for a file, built ahead of time for the raw Dexie baseline. */
interface StoredRows {
  documents: Document[];
  spans: Span[];
  statuses: DocumentStatus[];
}

const FILE_NAME = 'bench.jsonl';
/** Lines are joined into Blob parts of about this many UTF-16 units. */
const PART_UNITS = 1 << 20;
const EXPORT_OPTIONS: ExportOptions = {
  format: 'native',
  unit: 'codepoint',
  scope: 'all',
  // The export dialog opens on the current annotator's layer.
  annotator: BENCH_ANNOTATOR,
  includeUnlabelled: false,
};

let file: File | null = null;
let records: FileRecord[] = [];
let rows: StoredRows | null = null;
let exportDatabase: SpanwrightDatabase | null = null;
let databaseCount = 0;
/** Results the optimiser must not drop. */
let sink = 0;

/**
 * Generates `options.documents` records and the native JSONL file for them, as a Blob built from
 * ~1 MB parts (never one giant string).
 */
function prepareCorpus(options: CorpusOptions): CorpusSummary {
  const started = performance.now();
  const random = createRandom(options.seed);
  const parts: Blob[] = [];
  let lines: string[] = [];
  let units = 0;
  let spans = 0;
  records = [];
  rows = null;
  file = null;
  for (let index = 0; index < options.documents; index++) {
    const { record } = generateRecord(random, {
      id: `doc-${String(index).padStart(6, '0')}`,
      length: options.length,
      spans: options.spansPerDocument,
    });
    const line = nativeLine(record);
    spans += record.spans.length;
    if (options.keepRecords) records.push(record as FileRecord);
    lines.push(line, '\n');
    units += line.length + 1;
    if (units >= PART_UNITS) {
      parts.push(new Blob(lines));
      lines = [];
      units = 0;
    }
  }
  if (lines.length > 0) parts.push(new Blob(lines));
  file = new File(parts, FILE_NAME, { type: 'application/jsonl' });
  return { bytes: file.size, documents: options.documents, spans, generateMs: performance.now() - started };
}

function storedRows(): StoredRows {
  if (rows) return rows;
  const now = Date.now();
  const documents: Document[] = [];
  const spans: Span[] = [];
  const statuses: DocumentStatus[] = [];
  records.forEach((record, order) => {
    documents.push({
      id: record.id,
      title: record.meta.title,
      text: record.text,
      source: `import:${FILE_NAME}`,
      meta: record.meta,
      order,
      created: now,
      fingerprint: textFingerprint(record.text),
    });
    for (const span of record.spans) {
      spans.push({
        id: globalThis.crypto.randomUUID(),
        documentId: record.id,
        annotator: record.annotator,
        start: span.start,
        end: span.end,
        label: span.label,
        text: span.text,
        created: now,
        updated: now,
      });
    }
    statuses.push({
      annotator: record.annotator,
      documentId: record.id,
      status: 'todo',
      spanCount: record.spans.length,
      labels: [...new Set(record.spans.map((span) => span.label))].sort(),
      updated: now,
    });
  });
  rows = { documents, spans, statuses };
  return rows;
}

/** A new, empty database with the app's schema and default labels (as after the first start). */
async function freshDatabase(): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`bench-${Date.now()}-${databaseCount++}`);
  await database.open();
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  return database;
}

async function dropDatabase(database: SpanwrightDatabase): Promise<void> {
  const name = database.name;
  database.close();
  await Dexie.delete(name);
}

export interface ImportTiming {
  ms: number;
  analyseMs?: number;
  commitMs?: number;
  documents: number;
  spans: number;
}

/** Imports the prepared file through the app's import path: FileImport analyse() then commit(). */
async function importWithApp(): Promise<ImportTiming> {
  if (!file) throw new Error('prepareCorpus first');
  const database = await freshDatabase();
  try {
    const started = performance.now();
    const job = new FileImport(database, file, {
      format: 'native',
      unit: 'codepoint',
      defaultAnnotator: BENCH_ANNOTATOR,
    });
    const analysis = await job.analyse();
    const analysed = performance.now();
    if (analysis.errorCount > 0)
      throw new Error(`the bench file has errors: ${JSON.stringify(analysis.errors.slice(0, 3))}`);
    const result = await job.commit();
    const finished = performance.now();
    return {
      ms: finished - started,
      analyseMs: analysed - started,
      commitMs: finished - analysed,
      documents: result.documentsAdded,
      spans: result.spansAdded,
    };
  } finally {
    await dropDatabase(database);
  }
}

/** Baseline: the same document and span rows written with a bare `bulkPut`, in one transaction. */
async function importWithBulkPut(): Promise<ImportTiming> {
  const { documents, spans } = storedRows();
  const database = await freshDatabase();
  try {
    const started = performance.now();
    await database.transaction('rw', [database.documents, database.spans], async () => {
      await database.documents.bulkPut(documents);
      await database.spans.bulkPut(spans);
    });
    return { ms: performance.now() - started, documents: documents.length, spans: spans.length };
  } finally {
    await dropDatabase(database);
  }
}

/**
 * Not a baseline, a breakdown: the rows the app writes (documents, spans and layer summaries) in
 * transactions of 1,000 records as the importer batches them, with nothing read or checked. The
 * gap to `importWithBulkPut` is the storage shape; the gap to `importWithApp` is the importer's code.
 */
async function importWithBatchedBulkPut(): Promise<ImportTiming> {
  const { documents, spans, statuses } = storedRows();
  const database = await freshDatabase();
  const batch = 1000;
  try {
    const started = performance.now();
    let spanAt = 0;
    for (let from = 0; from < documents.length; from += batch) {
      const to = Math.min(documents.length, from + batch);
      const lastDocument = documents[to - 1].id;
      let spanTo = spanAt;
      while (spanTo < spans.length && spans[spanTo].documentId <= lastDocument) spanTo++;
      await database.transaction('rw', [database.documents, database.spans, database.statuses], async () => {
        await database.documents.bulkPut(documents.slice(from, to));
        await database.spans.bulkPut(spans.slice(spanAt, spanTo));
        await database.statuses.bulkPut(statuses.slice(from, to));
      });
      spanAt = spanTo;
    }
    return { ms: performance.now() - started, documents: documents.length, spans: spanAt };
  } finally {
    await dropDatabase(database);
  }
}

/** Stores the prepared corpus (documents, spans, layer summaries) for the export runs. */
async function prepareExport(): Promise<{ documents: number; spans: number; ms: number }> {
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
  return records.map((record) => ({
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

/** The app's export: `exportRecords` reading IndexedDB page by page into a Blob. */
async function exportWithApp(): Promise<ExportTiming & { bytes: number; records: number; spans: number }> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const started = performance.now();
  const result = await exportRecords(exportDatabase, EXPORT_OPTIONS);
  const ms = performance.now() - started;
  return { ms, characters: 0, bytes: result.blob.size, records: result.records, spans: result.spans };
}

/** A breakdown, not a baseline: reading every stored row back at once (the floor for any export). */
async function readEverything(): Promise<ExportTiming> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const database = exportDatabase;
  const started = performance.now();
  const [documents, spans, statuses] = await Promise.all([
    database.documents.toArray(),
    database.spans.toArray(),
    database.statuses.toArray(),
  ]);
  const ms = performance.now() - started;
  sink += documents.length + spans.length + statuses.length;
  return { ms, characters: 0 };
}

/** A breakdown: reading the documents table alone (no span, no status), the floor of any export that stores texts in IndexedDB. */
async function readDocuments(): Promise<ExportTiming> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const started = performance.now();
  const documents = await exportDatabase.documents.toArray();
  const ms = performance.now() - started;
  sink += documents.length;
  return { ms, characters: 0 };
}

/** A breakdown: putting the baseline's text into a Blob (what any download needs: UTF-8 encoding and a copy). */
function blobOfBaseline(): ExportTiming {
  baselineInput ??= plainRecords();
  const text = baselineInput.map((record) => JSON.stringify(record)).join('\n');
  const started = performance.now();
  const blob = new Blob([text], { type: 'application/jsonl' });
  const ms = performance.now() - started;
  sink += blob.size;
  return { ms, characters: text.length };
}

/** Baseline: `JSON.stringify` of the same records, joined with newlines. */
function exportWithStringify(): ExportTiming {
  baselineInput ??= plainRecords();
  const input = baselineInput;
  const started = performance.now();
  const text = input.map((record) => JSON.stringify(record)).join('\n');
  const ms = performance.now() - started;
  sink += text.length;
  return { ms, characters: text.length };
}

/** The formats layer alone: `serializeRecords` (native) over the same records, joined. */
function exportWithSerializer(): ExportTiming {
  serializeInput ??= exportedRecords();
  const input = serializeInput;
  const started = performance.now();
  const text = Array.from(serializeRecords(input, 'native', 'codepoint')).join('');
  const ms = performance.now() - started;
  sink += text.length;
  return { ms, characters: text.length };
}

/** True when the app's export file is byte for byte the baseline's text (plus the last newline). */
async function exportMatchesBaseline(): Promise<boolean> {
  if (!exportDatabase) throw new Error('prepareExport first');
  const result = await exportRecords(exportDatabase, EXPORT_OPTIONS);
  const expected = `${plainRecords()
    .map((record) => JSON.stringify(record))
    .join('\n')}\n`;
  return (await result.blob.text()) === expected;
}

let agreementPairs: DocumentPair[] | null = null;

/**
 * Two layers of the kept corpus: A is the generated spans; B is A with a seeded tenth of its
 * spans dropped, a tenth relabelled and a tenth moved by one character, and a few spans only B has.
 */
function agreementInput(): DocumentPair[] {
  if (agreementPairs) return agreementPairs;
  const random = createRandom(11);
  const labels = DEFAULT_LABELS.map((label) => label.name);
  agreementPairs = records.map((record) => {
    const a: LayerSpan[] = record.spans.map(({ start, end, label }) => ({ start, end, label }));
    const b: LayerSpan[] = [];
    for (const span of a) {
      const roll = random();
      if (roll < 0.1) continue;
      if (roll < 0.2) b.push({ ...span, label: labels[(labels.indexOf(span.label) + 1) % labels.length] });
      else if (roll < 0.3) b.push({ ...span, end: Math.max(span.start + 1, span.end - 1) });
      else b.push(span);
      if (random() < 0.05) b.push({ start: span.end, end: span.end + 3, label: span.label });
    }
    return { id: record.id, text: record.text, a, b };
  });
  return agreementPairs;
}

/** Corpus agreement (token kappa, span F1) for the two layers, timed. */
function agreementWithApp(): { ms: number; documents: number; kappa: number | null; f1: number | null } {
  const pairs = agreementInput();
  const started = performance.now();
  const result = corpusAgreement(pairs);
  const ms = performance.now() - started;
  sink += result.tokens;
  return { ms, documents: pairs.length, kappa: result.kappa, f1: result.f1 };
}

/** Drops the kept records, rows and the export database (before the memory runs). */
async function release(): Promise<void> {
  records = [];
  rows = null;
  agreementPairs = null;
  baselineInput = null;
  serializeInput = null;
  file = null;
  if (exportDatabase) await dropDatabase(exportDatabase);
  exportDatabase = null;
}

const bench = {
  prepareCorpus,
  importWithApp,
  importWithBulkPut,
  importWithBatchedBulkPut,
  prepareExport,
  readEverything,
  readDocuments,
  blobOfBaseline,
  exportWithApp,
  exportWithStringify,
  exportWithSerializer,
  exportMatchesBaseline,
  agreementWithApp,
  release,
  sink: () => sink,
};

export type BenchHarness = typeof bench;

declare global {
  interface Window {
    bench: BenchHarness;
  }
}

window.bench = bench;
const status = document.getElementById('status');
if (status) status.textContent = 'Bench harness ready.';
document.documentElement.dataset.benchReady = 'true';

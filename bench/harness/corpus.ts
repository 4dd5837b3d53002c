/**
 * The harness's data: the seeded corpus generated in the page as a native JSONL File (never one
 * giant string), the records kept for baselines, the rows the app would store for them, and fresh
 * databases with the app's schema. Shared by the import, export and agreement measurements.
 */
import Dexie from 'dexie';
import { DEFAULT_LABELS } from '../../src/lib/model/labels';
import { textFingerprint } from '../../src/lib/model/fingerprint';
import type { Document, DocumentStatus, Span } from '../../src/lib/model/types';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { createRandom, generateRecord, nativeLine, spanRow } from '../generate.js';

/** A record as the generator writes it to a file (native JSONL keys, in file order). */
export interface FileRecord {
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
export interface StoredRows {
  documents: Document[];
  spans: Span[];
  statuses: DocumentStatus[];
}

export const FILE_NAME = 'bench.jsonl';
/** Lines are joined into Blob parts of about this many UTF-16 units. */
const PART_UNITS = 1 << 20;

/** The prepared file, the kept records and the rows built from them (null until needed). */
export const corpus: { file: File | null; records: FileRecord[]; rows: StoredRows | null } = {
  file: null,
  records: [],
  rows: null,
};
let databaseCount = 0;
/** Results the optimiser must not drop. */
let sink = 0;

/** Adds `value` to the sink, so the work that produced it cannot be optimised away. */
export function keep(value: number): void {
  sink += value;
}

export function sinkValue(): number {
  return sink;
}

/**
 * Generates `options.documents` records and the native JSONL file for them, as a Blob built from
 * ~1 MB parts (never one giant string).
 */
export function prepareCorpus(options: CorpusOptions): CorpusSummary {
  const started = performance.now();
  const random = createRandom(options.seed);
  const parts: Blob[] = [];
  let lines: string[] = [];
  let units = 0;
  let spans = 0;
  corpus.records = [];
  corpus.rows = null;
  corpus.file = null;
  for (let index = 0; index < options.documents; index++) {
    const { record } = generateRecord(random, {
      id: `doc-${String(index).padStart(6, '0')}`,
      length: options.length,
      spans: options.spansPerDocument,
    });
    const line = nativeLine(record);
    spans += record.spans.length;
    if (options.keepRecords) corpus.records.push(record as FileRecord);
    lines.push(line, '\n');
    units += line.length + 1;
    if (units >= PART_UNITS) {
      parts.push(new Blob(lines));
      lines = [];
      units = 0;
    }
  }
  if (lines.length > 0) parts.push(new Blob(lines));
  corpus.file = new File(parts, FILE_NAME, { type: 'application/jsonl' });
  return { bytes: corpus.file.size, documents: options.documents, spans, generateMs: performance.now() - started };
}

export function storedRows(): StoredRows {
  if (corpus.rows) return corpus.rows;
  const now = Date.now();
  const documents: Document[] = [];
  const spans: Span[] = [];
  const statuses: DocumentStatus[] = [];
  corpus.records.forEach((record, order) => {
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
      spans.push({ id: globalThis.crypto.randomUUID(), ...spanRow(record.id, record.annotator, span, now) });
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
  corpus.rows = { documents, spans, statuses };
  return corpus.rows;
}

/** Drops the file, the kept records and their rows. */
export function releaseCorpus(): void {
  corpus.records = [];
  corpus.rows = null;
  corpus.file = null;
}

/** A new, empty database with the app's schema and default labels (as after the first start). */
export async function freshDatabase(): Promise<SpanwrightDatabase> {
  const database = new SpanwrightDatabase(`bench-${Date.now()}-${databaseCount++}`);
  await database.open();
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  return database;
}

export async function dropDatabase(database: SpanwrightDatabase): Promise<void> {
  const name = database.name;
  database.close();
  await Dexie.delete(name);
}

/**
 * The kept corpus's document rows (no spans) in a fresh database, 1,000 a transaction, after dropping
 * `previous`: what the Worker searches (patterns, near duplicates) read their texts from.
 */
export async function storeDocumentsOnly(
  previous: SpanwrightDatabase | null,
): Promise<{ database: SpanwrightDatabase; documents: StoredRows['documents'] }> {
  const { documents } = storedRows();
  if (previous) await dropDatabase(previous);
  const database = await freshDatabase();
  for (let from = 0; from < documents.length; from += 1000)
    await database.documents.bulkPut(documents.slice(from, from + 1000));
  return { database, documents };
}

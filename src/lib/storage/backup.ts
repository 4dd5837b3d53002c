import { BACKUP_MARKER_KEY } from '../formats/detect';
import { readJsonlObjects } from '../formats/jsonlReader';
import { quote } from '../formats/errorMessages';
import type { FormatError } from '../formats/records';
import { textFingerprint } from '../model/fingerprint';
import { layerKey } from '../model/layerKey';
import { CodePointIndex, sliceCodePoints } from '../model/offsets';
import type { Document, DocumentStatus, Label, Span, Suggestion } from '../model/types';
import { ROW_SCHEMAS, validateRow, type BackupTable } from './backupRows';
import { BACKUP_SCHEMA, SCHEMA_VERSION, type SpanwrightDatabase, type Setting } from './database';
import { logChange } from './changes';
import { addDocuments } from './documentRows';
import { documentPages } from './exportReads';
import type { NamedBlob } from '../formats/format';
import { sayCutShort } from './backupEnd';
import { MAX_LISTED_ERRORS } from './importer';
import { TaskSlicer } from './taskSlices';
import { ImportUnderWay, whileNoImportRuns } from './importJournal';
import type { LockManagerLike } from './importTypes';
import { writeRestoreMark } from './restoreMark';
import type { IndexableType } from 'dexie';

/**
 * A Spanwright backup: JSONL whose first line is `{"spanwright_backup": 1, "schema": 2, ...}` and
 * whose other lines are `{"table": "<name>", "row": {...}}`, one stored record each. We write our
 * own rather than use dexie-export-import so that a restore is checked line by line before it
 * touches storage, and replaces everything in one transaction (all or nothing).
 */
export const BACKUP_VERSION = 1;

export interface BackupContent {
  documents: Document[];
  spans: Span[];
  labels: Label[];
  statuses: DocumentStatus[];
  settings: Setting[];
  /** Suggestions waiting in the annotators' suggestion layers (none in a backup from before they were kept). */
  suggestions: Suggestion[];
}

const TABLES = ['documents', 'spans', 'labels', 'statuses', 'settings', 'suggestions'] as const;

/** Rows read at once per table: each read's rows are copied into the page in one task, so they stay few. */
const BACKUP_PAGE = { spans: 1000, statuses: 1000, suggestions: 1000 } as const;
/** Characters of serialized rows joined into one Blob part (a Blob of many tiny strings is slow to build). */
const BACKUP_PART_CHARACTERS = 1 << 16;
/** Writes of a backup in pages; when the data changed under each, the last is read in one transaction. */
export const BACKUP_ATTEMPTS = 3;

export interface BackupOptions {
  /** Rows written so far, of all. */
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Inside one transaction: every table read whole and no yield (a yield would end the transaction). */
  atOnce?: boolean;
}

/**
 * Writes a backup of everything stored, a page of rows at a time, serializing in short tasks (a
 * backup of a large corpus read and written at once froze the page for seconds and held every text
 * twice). The pages are separate reads, so a write in another tab (or from the team) could land
 * between them: the backup notes the change log's last row and every table's count before and
 * after, and writes again when they moved; the last attempt reads everything in one transaction.
 * The file is always one state of the database.
 */
export async function exportBackup(
  database: SpanwrightDatabase,
  now = new Date(),
  options: BackupOptions = {},
): Promise<Blob> {
  for (let attempt = 1; attempt < BACKUP_ATTEMPTS; attempt++) {
    const before = await stateOf(database);
    const blob = await writeBackup(database, now, before.counts, options);
    const after = await stateOf(database);
    if (after.seq === before.seq && TABLES.every((table) => after.counts[table] === before.counts[table])) return blob;
  }
  // The data kept changing (a busy team): the last attempt reads everything in one transaction, one
  // state for certain, at the cost of a pause while it serializes.
  return database.transaction('r', [database.changes, ...TABLES.map((table) => database.table(table))], async () => {
    const state = await stateOf(database);
    return writeBackup(database, now, state.counts, { ...options, atOnce: true });
  });
}

/** What a restore of a backup takes away: what is stored now that the backup lacks (by id; labels by name). */
export interface RestoreLosses {
  documents: number;
  spans: number;
  suggestions: number;
  labels: string[];
}

/** The {@link RestoreLosses} of restoring `content` over what is stored now (keys only are read). */
export async function restoreLosses(database: SpanwrightDatabase, content: BackupContent): Promise<RestoreLosses> {
  const { documents, spans, suggestions, labels } = database;
  return database.transaction('r', [documents, spans, suggestions, labels], async () => {
    const [documentIds, spanIds, suggestionIds, labelNames] = await Promise.all(
      [documents, spans, suggestions, labels].map((table) => table.toCollection().primaryKeys() as Promise<string[]>),
    );
    const lacking = (stored: string[], kept: string[]) => {
      const there = new Set(kept);
      return stored.filter((key) => !there.has(key));
    };
    const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);
    return {
      documents: lacking(documentIds, ids(content.documents)).length,
      spans: lacking(spanIds, ids(content.spans)).length,
      suggestions: lacking(suggestionIds, ids(content.suggestions)).length,
      labels: lacking(
        labelNames,
        content.labels.map((label) => label.name),
      ),
    };
  });
}

/** The change log's last row and every table's row count, read together. */
async function stateOf(
  database: SpanwrightDatabase,
): Promise<{ seq: number; counts: Record<(typeof TABLES)[number], number> }> {
  return database.transaction('r', [database.changes, ...TABLES.map((table) => database.table(table))], async () => {
    const [last, ...counts] = await Promise.all([
      database.changes.orderBy('seq').last(),
      ...TABLES.map((table) => database.table(table).count()),
    ]);
    return {
      seq: last?.seq ?? 0,
      counts: Object.fromEntries(TABLES.map((table, index) => [table, counts[index]])) as Record<
        (typeof TABLES)[number],
        number
      >,
    };
  });
}

/** One table's rows in the order a whole-table read gives them (documents and labels by `order`), page by page (labels and settings whole). */
async function* tablePages(
  database: SpanwrightDatabase,
  table: (typeof TABLES)[number],
  atOnce = false,
): AsyncGenerator<unknown[]> {
  // Labels are few and their `order` is not unique (a page boundary on a tie would skip one): read whole.
  if (atOnce || table === 'labels' || table === 'settings') {
    const source = database.table(table);
    yield await (
      table === 'documents' || table === 'labels' ? source.orderBy('order') : source.toCollection()
    ).toArray();
    return;
  }
  // Documents in list order, 100 a read, as an export reads them.
  if (table === 'documents') return yield* documentPages(database, { scope: 'all', annotator: 'all' });
  // The others by primary key (compound for the summaries).
  const source = database.table(table);
  const keyPath = source.schema.primKey.keyPath;
  const size = BACKUP_PAGE[table];
  let after: IndexableType | null = null;
  for (;;) {
    const query = after === null ? source.orderBy(':id') : source.where(':id').above(after);
    const page: Record<string, unknown>[] = await query.limit(size).toArray();
    if (page.length > 0) yield page;
    if (page.length < size) return;
    const last = page[page.length - 1];
    after = Array.isArray(keyPath)
      ? (keyPath.map((key) => last[key]) as IndexableType)
      : (last[keyPath ?? ''] as IndexableType);
  }
}

async function writeBackup(
  database: SpanwrightDatabase,
  now: Date,
  counts: Record<(typeof TABLES)[number], number>,
  options: BackupOptions,
): Promise<Blob> {
  const total = TABLES.reduce((sum, table) => sum + counts[table], 0);
  const slicer = new TaskSlicer();
  const blobs: Blob[] = [];
  let part = `${JSON.stringify({ [BACKUP_MARKER_KEY]: BACKUP_VERSION, schema: BACKUP_SCHEMA, created: now.toISOString(), counts })}\n`;
  let done = 0;
  for (const table of TABLES)
    for await (const page of tablePages(database, table, options.atOnce)) {
      slicer.restart();
      options.signal?.throwIfAborted();
      for (const stored of page) {
        // Revisions name states of this database's layers, nothing a backup should carry.
        const row = table === 'statuses' ? withoutRevision(stored as DocumentStatus) : stored;
        // Each row as its table's schema writes it (its keys in one order), so a restored backup
        // exports again byte for byte.
        const checked = validateRow(table, row);
        part += `${JSON.stringify({ table, row: 'value' in checked ? checked.value : row })}\n`;
        if (part.length >= BACKUP_PART_CHARACTERS) {
          blobs.push(new Blob([part]));
          part = '';
        }
        if (slicer.due && !options.atOnce) await slicer.yield();
      }
      done += page.length;
      options.onProgress?.(done, Math.max(total, done));
    }
  if (part.length > 0) blobs.push(new Blob([part]));
  return new Blob(blobs, { type: 'application/jsonl' });
}

function withoutRevision(status: DocumentStatus): DocumentStatus {
  const { revision: _revision, ...rest } = status;
  return rest;
}

/** A line of the file, as the reader keeps it until the whole file is checked. */
interface Located<T> {
  line: number;
  row: T;
}

/**
 * Reads and checks a backup file; nothing is stored. Every row is validated into its type
 * (`backupRows.ts`), every span must quote its document at its offsets, ids must be unique, and a
 * backup written by a newer schema than this Spanwright reads is refused with a message saying so.
 */
export async function readBackup(
  file: NamedBlob,
  schema = SCHEMA_VERSION,
): Promise<{ value: BackupContent } | { errors: FormatError[]; errorCount: number }> {
  const rows = { documents: [], spans: [], labels: [], statuses: [], settings: [], suggestions: [] } as {
    [T in BackupTable]: Located<BackupContent[T][number]>[];
  };
  const errors: FormatError[] = [];
  let errorCount = 0;
  const fail = (line: number, message: string) => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ line, message });
  };
  let sawHeader = false;
  /** The rows per table the first line says the file holds (backups since the counts were written). */
  let counts: Partial<Record<BackupTable, number>> = {};
  let lastLine = 0;
  for await (const item of readJsonlObjects(file)) {
    lastLine = Math.max(lastLine, 'error' in item ? item.error.line : item.lineNumber);
    if ('error' in item) {
      fail(item.error.line, item.error.message);
      continue;
    }
    const parsed = item.object;
    if (!sawHeader) {
      sawHeader = true;
      if (parsed[BACKUP_MARKER_KEY] !== BACKUP_VERSION) {
        fail(
          item.lineNumber,
          `not a Spanwright backup of version ${BACKUP_VERSION} (the first line must have "${BACKUP_MARKER_KEY}": ${BACKUP_VERSION})`,
        );
        break;
      }
      if (typeof parsed.schema === 'number' && parsed.schema > schema) {
        fail(
          item.lineNumber,
          `written by a newer Spanwright (storage schema ${parsed.schema}; this one reads up to ${schema}): update Spanwright (reload the page), then restore it`,
        );
        break;
      }
      counts = countsOf(parsed.counts);
      continue;
    }
    const table = parsed.table;
    if (typeof table !== 'string' || !(table in ROW_SCHEMAS)) {
      fail(item.lineNumber, `unknown table ${JSON.stringify(table)}`);
      continue;
    }
    const checked = validateRow(table as BackupTable, parsed.row);
    if ('message' in checked) fail(item.lineNumber, checked.message);
    else (rows[table as BackupTable] as Located<unknown>[]).push({ line: item.lineNumber, row: checked.value });
  }
  if (!sawHeader) fail(0, 'the file is empty');
  await sayCutShort(file, errors, lastLine);
  // A file cut short between two lines reads as a smaller backup: its first line says what it held.
  if (errorCount === 0)
    for (const [table, expected] of Object.entries(counts) as [BackupTable, number][])
      if (rows[table].length !== expected)
        fail(
          lastLine,
          `the file is incomplete or altered: its first line says ${rowsOf(table, expected)}, and it holds ${rows[table].length.toLocaleString('en')} (was it cut short while saved or copied?)`,
        );
  if (errorCount === 0) checkTogether(rows, fail);
  if (errorCount > 0) return { errors: errors.sort((left, right) => left.line - right.line), errorCount };
  const content: BackupContent = {
    documents: rows.documents.map(({ row }) => ({ ...row, fingerprint: textFingerprint(row.text) })),
    spans: rows.spans.map(({ row }) => row),
    labels: rows.labels.map(({ row }) => row),
    statuses: rows.statuses.map(({ row }) => row),
    settings: rows.settings.map(({ row }) => row),
    suggestions: rows.suggestions.map(({ row }) => row),
  };
  return { value: content };
}

/** Each table's rows in words, one and many. */
const TABLE_NOUNS: Record<BackupTable, [string, string]> = {
  documents: ['document', 'documents'],
  spans: ['span', 'spans'],
  labels: ['label', 'labels'],
  statuses: ['status', 'statuses'],
  settings: ['setting', 'settings'],
  suggestions: ['suggestion', 'suggestions'],
};

const rowsOf = (table: BackupTable, count: number) =>
  `${count.toLocaleString('en')} ${TABLE_NOUNS[table][count === 1 ? 0 : 1]}`;

/** The header's row counts per table, those that are whole numbers of a known table. */
function countsOf(value: unknown): Partial<Record<BackupTable, number>> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      ([table, count]) => table in ROW_SCHEMAS && Number.isInteger(count) && (count as number) >= 0,
    ),
  ) as Partial<Record<BackupTable, number>>;
}

/** What the rows must be together: unique ids, and every span and suggestion quoting a document the backup has. */
function checkTogether(
  rows: { [T in BackupTable]: Located<BackupContent[T][number]>[] },
  fail: (line: number, message: string) => void,
): void {
  const unique = <T>(located: Located<T>[], key: (row: T) => string, noun: string) => {
    const seen = new Set<string>();
    for (const { line, row } of located) {
      const id = key(row);
      if (seen.has(id)) fail(line, `${noun} ${JSON.stringify(id)} appears twice`);
      seen.add(id);
    }
  };
  unique(rows.documents, (row) => row.id, 'document');
  unique(rows.spans, (row) => row.id, 'span');
  unique(rows.labels, (row) => row.name, 'label');
  unique(rows.statuses, (row) => layerKey(row.documentId, row.annotator), 'the status of layer');
  unique(rows.settings, (row) => row.key, 'setting');
  unique(rows.suggestions, (row) => row.id, 'suggestion');
  const documents = new Map(
    rows.documents.map(({ row }) => [row.id, { text: row.text, index: null as CodePointIndex | null }]),
  );
  const quoting = (noun: string, located: Located<Span | Suggestion>[]) => {
    for (const { line, row: span } of located) {
      const document = documents.get(span.documentId);
      if (!document) {
        fail(
          line,
          `${noun} ${span.id} belongs to document ${JSON.stringify(span.documentId)}, which the backup does not have`,
        );
        continue;
      }
      document.index ??= new CodePointIndex(document.text);
      const quoted = sliceCodePoints(document.text, span.start, span.end, document.index);
      if (span.end > document.index.codePointLength || quoted !== span.text)
        fail(
          line,
          `${noun} ${span.id} quotes ${quote(span.text)} but its document has ${quote(quoted)} at ${span.start}–${span.end}`,
        );
    }
  };
  quoting('span', rows.spans);
  quoting('suggestion', rows.suggestions);
}

/**
 * Replaces everything stored with `content`, in one transaction, once no import is under way (see
 * {@link whileNoImportRuns}; the journal of one that ended without finishing goes with the data it
 * named). Team sync's stored updates stay, with a new restore mark (restoreMark.ts): the restore
 * replaces this database, never the team's work. Note drafts stay, as they do in localStorage.
 */
export async function restoreBackup(
  database: SpanwrightDatabase,
  content: BackupContent,
  options: { locks?: LockManagerLike; restoreId?: string } = {},
): Promise<void> {
  const kept = new Set([database.changes.name, database.syncUpdates.name, database.drafts.name]);
  await whileNoImportRuns(
    database,
    (ended) =>
      database.transaction('rw', database.tables, async () => {
        // An import begun since the locks were taken has written its first batch: it is under way.
        const begun = await database.importJournal.filter((entry) => !ended.has(entry.importId)).first();
        if (begun) throw new ImportUnderWay(begun.file);
        // The change log stays: it tells open tabs that everything changed (see changes.ts).
        for (const table of database.tables) if (!kept.has(table.name)) await table.clear();
        await addDocuments(database, content.documents);
        await database.spans.bulkAdd(content.spans);
        await database.labels.bulkAdd(content.labels);
        // Restored layers start without a revision, so every open tab reads them afresh.
        await database.statuses.bulkAdd(content.statuses.map(withoutRevision));
        await database.settings.bulkAdd(content.settings);
        await database.suggestions.bulkAdd(content.suggestions);
        await writeRestoreMark(database, options.restoreId ?? crypto.randomUUID());
        await logChange(database, 'everything');
      }),
    options.locks,
  );
}

import { BACKUP_MARKER_KEY } from '../formats/detect';
import { readJsonlLines } from '../formats/jsonlReader';
import { parseJson } from '../formats/errorMessages';
import { isJsonObject, sanitizeJson, type FormatError } from '../formats/records';
import { textFingerprint } from '../model/fingerprint';
import { STATUSES, type Document, type DocumentStatus, type Label, type Span } from '../model/types';
import type { SpanwrightDatabase, Setting } from './database';
import { logChange } from './changes';
import type { NamedBlob } from '../formats/format';
import { MAX_LISTED_ERRORS } from './importer';

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
}

const TABLES = ['documents', 'spans', 'labels', 'statuses', 'settings'] as const;
type TableName = (typeof TABLES)[number];

export async function exportBackup(database: SpanwrightDatabase, now = new Date()): Promise<Blob> {
  return database.transaction('r', database.tables, async () => {
    const content: BackupContent = {
      documents: await database.documents.orderBy('order').toArray(),
      spans: await database.spans.toArray(),
      labels: await database.labels.orderBy('order').toArray(),
      // Revisions name states of this database's layers, nothing a backup should carry.
      statuses: (await database.statuses.toArray()).map(withoutRevision),
      settings: await database.settings.toArray(),
    };
    const counts = Object.fromEntries(TABLES.map((table) => [table, content[table].length]));
    const parts = [
      `${JSON.stringify({ [BACKUP_MARKER_KEY]: BACKUP_VERSION, schema: database.verno, created: now.toISOString(), counts })}\n`,
    ];
    for (const table of TABLES) for (const row of content[table]) parts.push(`${JSON.stringify({ table, row })}\n`);
    return new Blob(parts, { type: 'application/jsonl' });
  });
}

function withoutRevision(status: DocumentStatus): DocumentStatus {
  const { revision: _revision, ...rest } = status;
  return rest;
}

type Check = string | null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

const ROW_CHECKS: Record<TableName, (row: Record<string, unknown>) => Check> = {
  documents: (row) =>
    !isString(row.id) || row.id === ''
      ? 'a document needs a non-empty string "id"'
      : !isString(row.text)
        ? 'a document needs a string "text"'
        : !isString(row.title)
          ? 'a document needs a string "title"'
          : typeof row.order !== 'number'
            ? 'a document needs a numeric "order"'
            : null,
  spans: (row) =>
    !isString(row.id) || !isString(row.documentId) || !isString(row.annotator)
      ? 'a span needs string "id", "documentId" and "annotator"'
      : !isCount(row.start) || !isCount(row.end) || (row.start as number) >= (row.end as number)
        ? 'a span needs whole-number offsets with start < end'
        : !isString(row.label) || row.label === ''
          ? 'a span needs a non-empty string "label"'
          : !isString(row.text)
            ? 'a span needs its quoted "text"'
            : null,
  labels: (row) =>
    !isString(row.name) || row.name === ''
      ? 'a label needs a non-empty string "name"'
      : !isString(row.colour)
        ? 'a label needs a "colour"'
        : null,
  statuses: (row) =>
    !isString(row.annotator) || !isString(row.documentId)
      ? 'a status needs string "annotator" and "documentId"'
      : !STATUSES.includes(row.status as DocumentStatus['status'])
        ? `a status must be one of ${STATUSES.join(', ')}`
        : null,
  settings: (row) => (!isString(row.key) ? 'a setting needs a string "key"' : null),
};

/** Reads and checks a backup file; nothing is stored. */
export async function readBackup(
  file: NamedBlob,
): Promise<{ value: BackupContent } | { errors: FormatError[]; errorCount: number }> {
  const content: BackupContent = { documents: [], spans: [], labels: [], statuses: [], settings: [] };
  const errors: FormatError[] = [];
  let errorCount = 0;
  const fail = (line: number, message: string) => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ line, message });
  };
  let sawHeader = false;
  for await (const item of readJsonlLines(file.stream())) {
    if (item.error) {
      fail(item.error.line, item.error.message);
      continue;
    }
    const json = parseJson(item.line);
    if ('message' in json) {
      fail(item.lineNumber, json.message);
      continue;
    }
    const parsed = sanitizeJson(json.value);
    if (!isJsonObject(parsed)) {
      fail(item.lineNumber, 'each line must be a JSON object');
      continue;
    }
    if (!sawHeader) {
      sawHeader = true;
      if (parsed[BACKUP_MARKER_KEY] !== BACKUP_VERSION) {
        fail(
          item.lineNumber,
          `not a Spanwright backup of version ${BACKUP_VERSION} (the first line must have "${BACKUP_MARKER_KEY}": ${BACKUP_VERSION})`,
        );
        break;
      }
      continue;
    }
    const table = parsed.table;
    const row = parsed.row;
    if (!isString(table) || !(TABLES as readonly string[]).includes(table)) {
      fail(item.lineNumber, `unknown table ${JSON.stringify(table)}`);
      continue;
    }
    if (!isJsonObject(row)) {
      fail(item.lineNumber, '"row" must be a JSON object');
      continue;
    }
    const problem = ROW_CHECKS[table as TableName](row);
    if (problem) fail(item.lineNumber, problem);
    else (content[table as TableName] as unknown[]).push(row);
  }
  if (!sawHeader) fail(0, 'the file is empty');
  // Every span must quote its document.
  const texts = new Map(content.documents.map((document) => [document.id, document.text]));
  for (const span of content.spans) {
    const text = texts.get(span.documentId);
    if (text === undefined)
      fail(0, `span ${span.id} belongs to document ${JSON.stringify(span.documentId)}, which the backup does not have`);
  }
  if (errorCount > 0) return { errors, errorCount };
  for (const document of content.documents) document.fingerprint = textFingerprint(document.text);
  return { value: content };
}

/** Replaces everything stored with `content`, in one transaction. */
export async function restoreBackup(database: SpanwrightDatabase, content: BackupContent): Promise<void> {
  await database.transaction('rw', database.tables, async () => {
    // The change log stays: it tells open tabs that everything changed (see changes.ts).
    for (const table of database.tables) if (table !== database.changes) await table.clear();
    await database.documents.bulkAdd(content.documents);
    await database.spans.bulkAdd(content.spans);
    await database.labels.bulkAdd(content.labels);
    // Restored layers start without a revision, so every open tab reads them afresh.
    await database.statuses.bulkAdd(content.statuses.map(withoutRevision));
    await database.settings.bulkAdd(content.settings);
    await logChange(database, 'everything');
  });
}

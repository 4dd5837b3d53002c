import { formatOf, serializeRecords } from '../formats/registry';
import type { AnnotatedRecord, FormatName, OffsetUnit } from '../formats/records';
import { sortSpans } from '../model/spanOrder';
import type { Document, DocumentStatus, Span } from '../model/types';
import type { SpanwrightDatabase } from './database';

export type ExportScope = 'all' | 'done' | 'current';

export interface ExportOptions {
  format: FormatName;
  unit: OffsetUnit;
  scope: ExportScope;
  /** The open document, for scope `current`. */
  currentDocumentId?: string | null;
  /** One annotator's layer (the gold layer is the annotator `gold`), or every layer. */
  annotator: string | 'all';
  /** Also write documents that have no span in the chosen layer(s). */
  includeUnlabelled: boolean;
  onProgress?(done: number, total: number): void;
}

export interface ExportResult {
  blob: Blob;
  records: number;
  spans: number;
}

const PAGE = 2000;
/** Strings are joined into parts of about this many characters before they go into the Blob. */
const PART_CHARACTERS = 1 << 20;

/**
 * `default-alice-2026-11-22.jsonl`: corpus, annotator and date, safe for any file system; a
 * native file with UTF-16 offsets ends in `-utf16`, so it is not mistaken for the code point one
 * (the file itself does not say which unit it counts).
 */
export function exportFileName(
  corpus: string,
  annotator: string,
  format: FormatName,
  date: Date,
  unit: OffsetUnit = 'codepoint',
): string {
  const safe = (part: string) =>
    part
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/^_+|_+$/gu, '') || 'x';
  const day = date.toISOString().slice(0, 10);
  const unitPart = format === 'native' && unit === 'utf16' ? '-utf16' : '';
  return `${safe(corpus)}-${safe(annotator === 'all' ? 'all-annotators' : annotator)}-${day}${unitPart}.${formatOf(format).extension}`;
}

/** The documents to export, page by page in list order (keyset paging: no offset scans). */
async function* documentPages(database: SpanwrightDatabase, options: ExportOptions): AsyncGenerator<Document[]> {
  if (options.scope === 'current') {
    const document = options.currentDocumentId ? await database.documents.get(options.currentDocumentId) : undefined;
    if (document) yield [document];
    return;
  }
  let after = -Infinity;
  for (;;) {
    const page = await database.documents.where('order').above(after).limit(PAGE).toArray();
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].order;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

/** The spans and statuses of the chosen layer(s), read once, by document. */
interface LayerData {
  spans: Map<string, Span[]>;
  statuses: Map<string, DocumentStatus[]>;
}

/**
 * Reads the chosen layer(s) in one indexed range each: far faster than a query per page of
 * documents (an `anyOf` over 500 keys walks the index 500 times).
 */
async function readLayers(database: SpanwrightDatabase, options: ExportOptions): Promise<LayerData> {
  if (options.scope === 'current' && options.currentDocumentId) {
    const id = options.currentDocumentId;
    const spans = await database.spans.where('documentId').equals(id).toArray();
    const statuses = await database.statuses.where('documentId').equals(id).toArray();
    return {
      spans: groupBy(
        options.annotator === 'all' ? spans : spans.filter((span) => span.annotator === options.annotator),
        (span) => span.documentId,
      ),
      statuses: groupBy(
        options.annotator === 'all' ? statuses : statuses.filter((status) => status.annotator === options.annotator),
        (status) => status.documentId,
      ),
    };
  }
  // Both reads at once: IndexedDB serves concurrent read-only transactions in parallel.
  const [spans, statuses] = await Promise.all([
    options.annotator === 'all'
      ? database.spans.toArray()
      : database.spans.where('annotator').equals(options.annotator).toArray(),
    options.annotator === 'all'
      ? database.statuses.toArray()
      : database.statuses.where('annotator').equals(options.annotator).toArray(),
  ]);
  return {
    spans: groupBy(spans, (span) => span.documentId),
    statuses: groupBy(statuses, (status) => status.documentId),
  };
}

/** The records of one page of documents: one per document and chosen layer. */
function pageRecords(documents: Document[], layers: LayerData, options: ExportOptions): AnnotatedRecord[] {
  const records: AnnotatedRecord[] = [];
  for (const document of documents) {
    const documentSpans = layers.spans.get(document.id) ?? [];
    const layerStatuses = layers.statuses.get(document.id) ?? [];
    const annotators =
      options.annotator === 'all'
        ? [
            ...new Set([
              ...layerStatuses.map((status) => status.annotator),
              ...documentSpans.map((span) => span.annotator),
            ]),
          ].sort()
        : [options.annotator];
    let wrote = false;
    for (const annotator of annotators) {
      const layer =
        options.annotator === 'all' ? documentSpans.filter((span) => span.annotator === annotator) : documentSpans;
      const status = layerStatuses.find((candidate) => candidate.annotator === annotator)?.status ?? 'todo';
      if (options.scope === 'done' && status !== 'done') continue;
      if (layer.length === 0 && !options.includeUnlabelled) continue;
      records.push(toRecord(document, annotator, status, layer));
      wrote = true;
    }
    // A document nobody has touched, when unlabelled documents are wanted in an all-layers export.
    if (!wrote && annotators.length === 0 && options.includeUnlabelled && options.scope !== 'done') {
      records.push({
        id: document.id,
        text: document.text,
        title: document.title,
        annotator: null,
        status: null,
        spans: [],
        meta: document.meta,
      });
    }
  }
  return records;
}

function toRecord(
  document: Document,
  annotator: string,
  status: DocumentStatus['status'],
  layer: Span[],
): AnnotatedRecord {
  const spans = sortSpans(
    layer.map((span) => ({ start: span.start, end: span.end, label: span.label, text: span.text })),
  );
  return { id: document.id, text: document.text, title: document.title, annotator, status, spans, meta: document.meta };
}

/**
 * Builds the export file as a Blob, reading storage a page of documents at a time and joining
 * the serialized text into large parts (a Blob of many tiny strings is slow to build).
 */
export async function exportRecords(database: SpanwrightDatabase, options: ExportOptions): Promise<ExportResult> {
  const parts: string[] = [];
  let part = '';
  const write = (chunk: string) => {
    part += chunk;
    if (part.length >= PART_CHARACTERS) {
      parts.push(part);
      part = '';
    }
  };
  let records = 0;
  let spans = 0;
  let done = 0;
  // Label Studio is one JSON array: gather its records and write them at the end.
  const gathered: AnnotatedRecord[] = [];
  // The layers, the count and the first page of documents are read at once, and each next page
  // is read while the current one is serialized: the export waits on IndexedDB, not in turns.
  const pages = documentPages(database, options);
  const [layers, total, first] = await Promise.all([
    readLayers(database, options),
    options.scope === 'current' ? 1 : database.documents.count(),
    pages.next(),
  ]);
  for (let current = first; !current.done;) {
    const page = current.value;
    const following = pages.next();
    following.catch(() => undefined); // awaited below; this only keeps a failure mid-page from going unhandled
    const pageRecordList = pageRecords(page, layers, options);
    records += pageRecordList.length;
    for (const record of pageRecordList) spans += record.spans.length;
    if (options.format === 'labelstudio' || options.format === 'text') gathered.push(...pageRecordList);
    else for (const chunk of serializeRecords(pageRecordList, options.format, options.unit)) write(chunk);
    done += page.length;
    options.onProgress?.(done, total);
    current = await following;
  }
  if (options.format === 'labelstudio' || options.format === 'text') {
    for (const chunk of serializeRecords(gathered, options.format, options.unit)) write(chunk);
  }
  if (part.length > 0) parts.push(part);
  return { blob: new Blob(parts, { type: formatOf(options.format).mime }), records, spans };
}

/** Every annotator with a layer or a status, for the export and review choices. */
export async function listAnnotators(database: SpanwrightDatabase): Promise<string[]> {
  const names = new Set<string>((await database.statuses.orderBy('annotator').uniqueKeys()) as string[]);
  for (const name of (await database.spans.orderBy('annotator').uniqueKeys()) as string[]) names.add(name);
  return [...names].sort();
}

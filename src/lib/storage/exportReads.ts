/**
 * What an export reads: the documents a page at a time in list order, and the chosen layer(s)'
 * spans and statuses, each read bounded (the rows of one IndexedDB read are copied into the page
 * in one task, so a read of a whole table is a long task of its own).
 */
import type { Document, DocumentStatus, Span } from '../model/types';
import type { SpanwrightDatabase } from './database';

export type ExportScope = 'all' | 'done' | 'current';

/** Which documents and layers an export reads (see `ExportOptions`). */
export interface ReadChoice {
  scope: ExportScope;
  /** The open document, for scope `current`. */
  currentDocumentId?: string | null;
  /** One annotator's layer, or every layer. */
  annotator: string | 'all';
}

/** Documents per read: each read's rows are copied into the page in one task, so they stay few. */
const PAGE = 100;
/** Span and status rows per read, for the same reason. */
const ROW_PAGE = 1000;
/** The documents to export, page by page in list order (keyset paging: no offset scans). */
export async function* documentPages(database: SpanwrightDatabase, options: ReadChoice): AsyncGenerator<Document[]> {
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

/** The spans and statuses of the chosen layer(s), by document: all read at once, or a page's spans when asked. */
export interface LayerData {
  /** The spans of `documents` in the chosen layer(s), by document. */
  spansOf(documents: readonly Document[]): Promise<Map<string, Span[]>>;
  statuses: Map<string, DocumentStatus[]>;
}

/**
 * Every row a keyset query gives, `ROW_PAGE` at a time, grouped by document as each page comes:
 * one IndexedDB read of a whole table is one long task (its rows are copied into the page at once).
 */
async function rowsInPages<T extends { documentId: string }>(
  page: (after: IndexableKey | null) => Promise<T[]>,
  keyOf: (row: T) => IndexableKey,
  keep: (row: T) => boolean = () => true,
): Promise<Map<string, T[]>> {
  const groups = new Map<string, T[]>();
  for (let after: IndexableKey | null = null; ;) {
    const rows = await page(after);
    for (const row of rows) if (keep(row)) addTo(groups, row.documentId, row);
    if (rows.length < ROW_PAGE) return groups;
    after = keyOf(rows[rows.length - 1]);
  }
}

type IndexableKey = string | number | (string | number)[];

function addTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) addTo(groups, key(item), item);
  return groups;
}

/**
 * Reads the chosen layer(s) by ranges of keys, `ROW_PAGE` rows a read, so no read holds the page
 * long: the statuses by their key (annotator first), the spans by id. One annotator's spans are
 * read through their index when they fit one read, with the rest of the table (skipping other
 * layers) when they are most of it, and page by page of documents otherwise.
 */
export async function readLayers(database: SpanwrightDatabase, options: ReadChoice): Promise<LayerData> {
  const annotator = options.annotator;
  if (options.scope === 'current' && options.currentDocumentId) {
    const id = options.currentDocumentId;
    const spans = await database.spans.where('documentId').equals(id).toArray();
    const statuses = await database.statuses.where('documentId').equals(id).toArray();
    const mine = spans.filter((span) => annotator === 'all' || span.annotator === annotator);
    return {
      spansOf: async () => groupBy(mine, (span) => span.documentId),
      statuses: groupBy(
        annotator === 'all' ? statuses : statuses.filter((status) => status.annotator === annotator),
        (status) => status.documentId,
      ),
    };
  }
  const statusKey = (status: DocumentStatus): IndexableKey => [status.annotator, status.documentId];
  const statusPage = (after: IndexableKey | null) =>
    (annotator === 'all'
      ? database.statuses.where(':id').above(after ?? -Infinity)
      : database.statuses.where(':id').between(after ?? [annotator, -Infinity], [annotator, [[]]], false, true)
    )
      .limit(ROW_PAGE)
      .toArray();
  const spansByTable = (keep?: (span: Span) => boolean) =>
    rowsInPages(
      (after) =>
        database.spans
          .where(':id')
          .above(after ?? -Infinity)
          .limit(ROW_PAGE)
          .toArray(),
      (span) => span.id,
      keep,
    );
  const allSpans = async (): Promise<LayerData['spansOf'] | null> => {
    if (annotator === 'all') return constant(await spansByTable());
    const [mine, everyone] = await Promise.all([
      database.spans.where('annotator').equals(annotator).count(),
      database.spans.count(),
    ]);
    if (mine <= ROW_PAGE)
      return constant(
        groupBy(await database.spans.where('annotator').equals(annotator).toArray(), (span) => span.documentId),
      );
    if (mine * 2 >= everyone) return constant(await spansByTable((span) => span.annotator === annotator));
    return null;
  };
  // Both at once: IndexedDB serves concurrent read-only transactions in parallel.
  const [spansOf, statuses] = await Promise.all([allSpans(), rowsInPages(statusPage, statusKey)]);
  return {
    spansOf:
      spansOf ??
      (async (documents) =>
        groupBy(
          await database.spans
            .where('[documentId+annotator]')
            .anyOf(documents.map((document) => [document.id, annotator]))
            .toArray(),
          (span) => span.documentId,
        )),
    statuses,
  };
}

const constant =
  <T>(value: T) =>
  async (): Promise<T> =>
    value;

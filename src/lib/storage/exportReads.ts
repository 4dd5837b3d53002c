/**
 * What an export reads: the documents a page at a time in list order, and the chosen layer(s)'
 * spans and statuses. On the page's thread each read is bounded (the rows of one IndexedDB read are
 * copied into the page in one task, so a read of a whole table is a long task of its own); in a
 * Worker, whose long tasks hold no page, reads are few and large (each read has a cost of its own).
 */
import { addTo, groupBy } from '../model/groupBy';
import type { Document, DocumentStatus, Span } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { IN_WORKER } from './taskSlices';

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
/** In a Worker, documents per read grow up to about this many characters of text, and this many documents. */
const PAGE_CHARACTERS = 1 << 22;
const MAX_PAGE = 5000;
/** Span and status rows per read on the page's thread, for the same reason as `PAGE`. */
const ROW_PAGE = 1000;
/** In a Worker, whose long tasks hold no page, a table is one read (a read has a cost of its own). */
const ROWS_PER_READ = IN_WORKER ? 2 ** 31 : ROW_PAGE;
/**
 * The documents to export, page by page in list order (keyset paging: no offset scans); with `grow`
 * (in a Worker), pages after the first grow to about PAGE_CHARACTERS of text each.
 */
export async function* documentPages(
  database: SpanwrightDatabase,
  options: ReadChoice,
  grow = IN_WORKER,
): AsyncGenerator<Document[]> {
  if (options.scope === 'current') {
    const document = options.currentDocumentId ? await database.documents.get(options.currentDocumentId) : undefined;
    if (document) yield [document];
    return;
  }
  let after = -Infinity;
  let size = PAGE;
  /** The most characters a document had on average in any page so far. */
  let perDocument = 1;
  for (;;) {
    const page = await database.documents.where('order').above(after).limit(size).toArray();
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].order;
    if (grow) {
      // Pages of about PAGE_CHARACTERS by the longest texts read so far (a read has a cost of its own),
      // at most twice the last: texts further on may be longer than the first ones.
      perDocument = Math.max(perDocument, charactersOf(page) / page.length);
      size = Math.max(PAGE, Math.min(MAX_PAGE, size * 2, Math.floor(PAGE_CHARACTERS / perDocument)));
    }
  }
}

/** Characters of text an export reads ahead of the page it is writing (32 MB as UTF-16). */
const AHEAD_CHARACTERS = 1 << 24;

const charactersOf = (page: readonly Document[]) => page.reduce((sum, document) => sum + document.text.length, 0);

/**
 * The pages of `pages`, each read as soon as the text held ahead of the one in use is under
 * `budget` characters: the documents are read while the layers' spans are, and while each page is
 * written, instead of one page at a time after them. A failed read fails the `next()` that reaches it.
 */
export function readAhead(
  pages: AsyncGenerator<Document[]>,
  budget = AHEAD_CHARACTERS,
): { next(): Promise<IteratorResult<Document[]>>; stop(): void } {
  const queue: Promise<IteratorResult<Document[]>>[] = [];
  let held = 0;
  let ended = false;
  const more = () => {
    if (ended || held >= budget) return;
    const next = pages.next();
    queue.push(next);
    next.then(
      (result) => {
        if (result.done) ended = true;
        else {
          held += charactersOf(result.value);
          more();
        }
      },
      () => (ended = true),
    );
  };
  more();
  return {
    async next() {
      if (queue.length === 0) more();
      const result = await (queue.shift() ?? pages.next());
      if (!result.done) {
        held -= charactersOf(result.value);
        more();
      }
      return result;
    },
    /** Reads no further page (those under way still come): the export ended or failed. */
    stop() {
      ended = true;
    },
  };
}

/** The spans and statuses of the chosen layer(s), by document: all read at once, or a page's spans when asked. */
export interface LayerData {
  /** The spans of `documents` in the chosen layer(s), by document. */
  spansOf(documents: readonly Document[]): Promise<Map<string, Span[]>>;
  statuses: Map<string, DocumentStatus[]>;
}

/**
 * Every row a keyset query gives, grouped by document as each page comes: `ROW_PAGE` rows first,
 * then `perRead` at a time (on the page's thread, one IndexedDB read of a whole table is one long
 * task: its rows are copied into the page at once). Before each read after the first, `more` says
 * whether to go on: a read begun before it is known to be wanted reads one short page, then waits.
 */
async function rowsInPages<T extends { documentId: string }>(
  page: (after: IndexableKey | null, size: number) => Promise<T[]>,
  keyOf: (row: T) => IndexableKey,
  perRead: number,
  keep: (row: T) => boolean = () => true,
  more: () => boolean | Promise<boolean> = () => true,
): Promise<Map<string, T[]>> {
  const groups = new Map<string, T[]>();
  let after: IndexableKey | null = null;
  for (let size = Math.min(ROW_PAGE, perRead); after === null || (await more()); size = perRead) {
    const rows = await page(after, size);
    for (const row of rows) if (keep(row)) addTo(groups, row.documentId, row);
    if (rows.length < size) return groups;
    after = keyOf(rows[rows.length - 1]);
  }
  return groups;
}

type IndexableKey = string | number | (string | number)[];

/**
 * Reads the chosen layer(s) by ranges of keys, `perRead` rows a read (`ROW_PAGE` on the page's
 * thread, so no read holds the page long; a whole table in a Worker): the statuses by their key (annotator first), the spans by id. One annotator's spans are
 * read through their index when they fit one read, with the rest of the table (skipping other
 * layers) when they are most of it, and page by page of documents otherwise.
 */
export async function readLayers(
  database: SpanwrightDatabase,
  options: ReadChoice,
  perRead = ROWS_PER_READ,
): Promise<LayerData> {
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
  const statusPage = (after: IndexableKey | null, size: number) =>
    database.statuses
      .where(':id')
      .above(after ?? -Infinity)
      .limit(size)
      .toArray();
  const spansByTable = (keep?: (span: Span) => boolean, more?: () => Promise<boolean>) =>
    rowsInPages(
      (after, size) =>
        database.spans
          .where(':id')
          .above(after ?? -Infinity)
          .limit(size)
          .toArray(),
      (span) => span.id,
      perRead,
      keep,
      more,
    );
  let spansOf: LayerData['spansOf'] | null;
  let statuses: Map<string, DocumentStatus[]>;
  if (annotator === 'all') {
    // Both at once: IndexedDB serves concurrent read-only transactions in parallel.
    [spansOf, statuses] = await Promise.all([
      spansByTable().then(constant),
      rowsInPages(statusPage, statusKey, perRead),
    ]);
  } else {
    // Every layer's summary row: their span counts choose how to read the annotator's spans (counting
    // the spans table instead walks every row of it: two counts took as long as reading them). The
    // read of the whole table starts meanwhile with one short page, and goes on if the counts choose it.
    let mine = 0;
    let everyone = 0;
    let choose: (byTable: boolean) => void = () => undefined;
    const chosen = new Promise<boolean>((resolve) => (choose = resolve));
    const scan = spansByTable(
      (span) => span.annotator === annotator,
      () => chosen,
    );
    scan.catch(() => undefined); // awaited below when it is the way chosen
    try {
      statuses = await rowsInPages(statusPage, statusKey, perRead, (status) => {
        everyone += status.spanCount;
        if (status.annotator !== annotator) return false;
        mine += status.spanCount;
        return true;
      });
    } catch (error) {
      choose(false);
      throw error;
    }
    const byTable = mine > ROW_PAGE && mine * 2 >= everyone;
    choose(byTable);
    spansOf = byTable
      ? constant(await scan)
      : mine <= ROW_PAGE
        ? constant(
            groupBy(await database.spans.where('annotator').equals(annotator).toArray(), (span) => span.documentId),
          )
        : null;
  }
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

/**
 * The documents' texts as a Worker reads them: straight from the app's database, page by page in
 * the corpus's order, so the page never copies the corpus over to the Worker and the Worker never
 * holds more than two pages (the one it works on and the next, read meanwhile). For the pattern
 * search, "label all occurrences" across the corpus, and any other pass over every text.
 *
 * The one module of workers/ that opens storage: it reuses `SpanwrightDatabase` (the schema and its
 * upgrades) and reads, nothing else; .dependency-cruiser.cjs allows workers that one import.
 */
import { SpanwrightDatabase } from '../storage/database';

/** A document as a pass over the texts needs it. */
export interface StoredText {
  id: string;
  text: string;
}

/** One page of documents, and how many the corpus held when the reading began. */
export interface StoredTextPage {
  documents: StoredText[];
  total: number;
}

/** Documents per page: about half a megabyte of text for news-length documents. */
export const PAGE_SIZE = 200;

/** Pages asked for ahead of the one handed over: storage reads them while the caller works. */
const AHEAD = 2;

/**
 * Every stored document's id and text, a page of `pageSize` at a time, by `order`. The orders are
 * read first (the index alone), so the pages that follow are key ranges asked for ahead, up to
 * {@link AHEAD} at once, while the caller works on the current one. The database is opened by name
 * (the app's, or a test's) and closed when the pages end or the caller stops early.
 */
export async function* storedTexts(databaseName: string, pageSize = PAGE_SIZE): AsyncGenerator<StoredTextPage> {
  const database = new SpanwrightDatabase(databaseName);
  try {
    await database.open();
    const orders = (await database.documents.orderBy('order').keys()) as number[];
    const total = orders.length;
    const read = async (from: number): Promise<StoredText[]> => {
      const last = Math.min(from + pageSize, total) - 1;
      const rows = await database.documents.where('order').between(orders[from], orders[last], true, true).toArray();
      return rows.map(({ id, text }) => ({ id, text }));
    };
    const pending: Promise<StoredText[]>[] = [];
    let next = 0;
    const askAhead = () => {
      while (pending.length <= AHEAD && next < total) {
        const page = read(next);
        // A failed read ahead is reported when it is reached, not as an unhandled rejection meanwhile.
        page.catch(() => undefined);
        pending.push(page);
        next += pageSize;
      }
    };
    askAhead();
    while (pending.length > 0) {
      const documents = await pending.shift()!;
      askAhead();
      yield { documents, total };
    }
  } finally {
    database.close();
  }
}

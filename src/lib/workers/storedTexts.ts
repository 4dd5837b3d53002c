/**
 * The documents' texts as a Worker reads them: straight from the app's database, page by page in
 * the corpus's order, so the page never copies the corpus over to the Worker and the Worker never
 * holds more than a few pages (the one it works on and those read meanwhile). For the pattern
 * search, "label all occurrences" across the corpus, near duplicates, and any other pass over every
 * text. {@link storedTextsOf} reads only the texts a Worker does not hold already.
 *
 * Chromium reads a stored text of a few kilobytes at ~15 MB/s on this project's machine, whatever
 * the request (getAll by key or index range, a cursor, Dexie or raw IndexedDB: measured in
 * docs/performance.md); so the way to be fast is to read fewer texts, not to read them differently.
 *
 * With heldTexts.ts (which writes the derived caches, textBundles.ts and signatureCache.ts), the
 * module of workers/ that opens storage: it reuses `SpanwrightDatabase` (the schema and its
 * upgrades) and reads, nothing else; .dependency-cruiser.cjs allows workers that one import.
 */
import { SpanwrightDatabase } from '../storage/database';
import type { TextCachePass } from './textBundles';

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

/** A document a pass is asked to cover: its id, its place in the list and its text's fingerprint (a head). */
export interface StoredKey {
  id: string;
  order: number;
  fingerprint: string;
}

/** A document of a keyed pass: its text when it was read, null when the caller holds it already. */
export interface KeyedText extends StoredKey {
  text: string | null;
}

/** One page of a keyed pass, in the order of the keys. */
export interface KeyedTextPage {
  documents: KeyedText[];
  total: number;
}

/** Documents per page: about a megabyte of text for news-length documents. */
export const PAGE_SIZE = 500;

/** Pages asked for ahead of the one handed over: storage reads them while the caller works. */
const AHEAD = 2;

/** Pages in order, up to {@link AHEAD} read ahead of the one the caller works on. */
async function* readAhead<T>(count: number, read: (page: number) => Promise<T>): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let next = 0;
  const askAhead = () => {
    while (pending.length <= AHEAD && next < count) {
      const page = read(next++);
      // A failed read ahead is reported when it is reached, not as an unhandled rejection meanwhile.
      page.catch(() => undefined);
      pending.push(page);
    }
  };
  askAhead();
  while (pending.length > 0) {
    const page = await pending.shift()!;
    askAhead();
    yield page;
  }
}

/**
 * Every stored document's id and text, a page of `pageSize` at a time, by `order`. The orders are
 * read first (the index alone), so the pages that follow are key ranges asked for ahead while the
 * caller works on the current one. The database is opened by name (the app's, or a test's) and
 * closed when the pages end or the caller stops early.
 */
export async function* storedTexts(databaseName: string, pageSize = PAGE_SIZE): AsyncGenerator<StoredTextPage> {
  const database = new SpanwrightDatabase(databaseName);
  try {
    await database.open();
    const orders = (await database.documents.orderBy('order').keys()) as number[];
    const total = orders.length;
    const read = async (page: number): Promise<StoredTextPage> => {
      const from = page * pageSize;
      const last = Math.min(from + pageSize, total) - 1;
      const rows = await database.documents.where('order').between(orders[from], orders[last], true, true).toArray();
      return { documents: rows.map(({ id, text }) => ({ id, text })), total };
    };
    yield* readAhead(Math.ceil(total / pageSize), read);
  } finally {
    database.close();
  }
}

/**
 * The texts of `keys` (heads in list order, as the page knows them), a page at a time in that
 * order; a document for which `held` says yes comes without its text and, when a whole page is
 * held, nothing is read for it. A document stored since with another fingerprint (or removed) is
 * left out of its page.
 *
 * Given a `cache` pass, and when at least a quarter of the listed texts are to be read, the search
 * cache (textBundles.ts) is read first and serves every text it holds with the listed fingerprint;
 * the rest are read from `documents` (a page's as one key range of `order` when the cache served
 * none of them) and noted in the pass, to be bundled after the search ({@link TextCachePass.write}).
 */
export async function* storedTextsOf(
  databaseName: string,
  keys: readonly StoredKey[],
  held: (key: StoredKey) => boolean = () => false,
  pageSize = PAGE_SIZE,
  cache?: TextCachePass,
): AsyncGenerator<KeyedTextPage> {
  const total = keys.length;
  const pages = Math.ceil(total / pageSize);
  let database: SpanwrightDatabase | null = null;
  const open = async () => {
    database ??= new SpanwrightDatabase(databaseName);
    if (!database.isOpen()) await database.open();
    return database;
  };
  const read = async (page: number): Promise<KeyedTextPage> => {
    const slice = keys.slice(page * pageSize, (page + 1) * pageSize);
    const wanted = slice.filter((key) => !held(key));
    if (wanted.length === 0) return { documents: slice.map((key) => ({ ...key, text: null })), total };
    const texts = new Map<string, string>();
    if (cache !== undefined)
      for (const key of wanted) {
        const text = (await cache.serves(key)) ? await cache.textOf(key) : undefined;
        if (text !== undefined) texts.set(key.id, text);
      }
    const missing = new Map(wanted.filter((key) => !texts.has(key.id)).map((key) => [key.id, key]));
    for (const row of await readRows(await open(), [...missing.values()], missing.size === wanted.length)) {
      const key = missing.get(row.id);
      if (key === undefined || row.fingerprint !== key.fingerprint) continue;
      texts.set(row.id, row.text);
      cache?.missed(key, row.text);
    }
    const documents: KeyedText[] = [];
    for (const key of slice) {
      if (held(key)) documents.push({ ...key, text: null });
      else {
        const text = texts.get(key.id);
        if (text !== undefined) documents.push({ ...key, text });
      }
    }
    return { documents, total };
  };
  try {
    if (cache !== undefined) {
      const wanted = keys.reduce((count, key) => count + (held(key) ? 0 : 1), 0);
      if (wanted > 0 && wanted * 4 >= total) await cache.read(await open(), keys);
    }
    yield* readAhead(pages, read);
  } finally {
    (database as SpanwrightDatabase | null)?.close();
  }
}

/**
 * The stored rows of `keys`: as one key range of `order` when they are a whole page's (the range
 * holds few others), else by id.
 */
async function readRows(
  database: SpanwrightDatabase,
  keys: readonly StoredKey[],
  range: boolean,
): Promise<{ id: string; fingerprint: string; text: string }[]> {
  if (keys.length === 0) return [];
  if (!range) return (await database.documents.bulkGet(keys.map((key) => key.id))).filter((row) => row !== undefined);
  const from = Math.min(...keys.map((key) => key.order));
  const to = Math.max(...keys.map((key) => key.order));
  return database.documents.where('order').between(from, to, true, true).toArray();
}

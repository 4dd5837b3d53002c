import { searchable } from '../model/searchable';
import type { Document } from '../model/types';

/** Reads every document in list order, a page at a time (Store.readDocumentPages). */
export type PageReader = () => AsyncIterable<readonly Document[]>;

/**
 * Finds the documents whose folded text holds `query` (already folded), telling each page's
 * matches with how far it has read; stops (rejecting) when `signal` aborts. In the app a Worker
 * that reads the texts itself (workers/textSearchClient.ts).
 */
export type TextSearcher = (
  query: string,
  onPage: (ids: readonly string[], done: number, total: number) => void,
  signal: AbortSignal,
) => Promise<void>;

/** The search in this thread over `read`'s pages (tests, and where no Worker is given). */
export function searchInPages(read: PageReader): TextSearcher {
  return async (query, onPage, signal) => {
    let done = 0;
    for await (const page of read()) {
      signal.throwIfAborted();
      const ids = page.filter((document) => searchable(document.text).includes(query)).map(({ id }) => id);
      done += page.length;
      onPage(ids, done, done);
    }
  };
}

/**
 * Search through the documents' texts without holding them: each query runs the searcher (a Worker
 * reading the texts a page at a time in the app), keeps the ids whose folded text holds the query,
 * and reports how far it has read. A new
 * query (or `stop`) abandons the search still running; the list shows what is found as it comes. The
 * last query's matches stay until the new one's first page is read: a key typed into the search box
 * does not empty the list of texts found for the pause before the reading (helper-173); where the new query
 * types on from the last, or back, each stays until the reading passes it.
 */
export class TextSearch {
  #matches = $state.raw<ReadonlySet<string>>(new Set());
  #progress = $state.raw<{ done: number; total: number } | null>(null);
  #query = '';
  #run = 0;
  #controller: AbortController | null = null;
  readonly #searcher: TextSearcher;
  /** Each document's place in list order, the order the searcher reads them in (none: nothing is kept as unread). */
  readonly #order: () => ReadonlyMap<string, number>;

  constructor(searcher: TextSearcher, order: () => ReadonlyMap<string, number> = () => new Map()) {
    this.#searcher = searcher;
    this.#order = order;
  }

  /** The documents whose text holds the query, as far as the search has read. */
  get matches(): ReadonlySet<string> {
    return this.#matches;
  }

  /** While a first query is read: every document from this place in list order on is not read yet, and kept listed. */
  #unreadFrom = $state<number | null>(null);

  /** Whether the document `id`, at `place` in list order, is listed: its text holds the query, or it is not read yet. */
  holds(id: string, place: number): boolean {
    return this.#matches.has(id) || (this.#unreadFrom !== null && place >= this.#unreadFrom);
  }

  /** While a search reads: how many documents of how many. */
  get progress(): { done: number; total: number } | null {
    return this.#progress;
  }

  /**
   * Searches for `query` (already folded by `searchable`) over `total` documents; '' stops. The
   * reading starts after `delay` ms, so typing a word reads the texts once, not once per key.
   */
  async search(query: string, total: number, delay = 0): Promise<void> {
    const run = ++this.#run;
    this.#controller?.abort();
    this.#controller = null;
    if (query === '') {
      this.#query = query;
      this.#unreadFrom = null;
      this.#matches = new Set();
      this.#progress = null;
      return;
    }
    let first = true;
    // A query typed on from the last (a letter more, or a first letter) or back (one less): the last one's matches
    // not read again yet stay listed as they come (helper-207: the list emptied row by row while a word was typed).
    // The new query's matches are among them (a letter more), or hold them all (one less).
    const before = this.#query;
    this.#query = query;
    const related = before === '' || query.includes(before) || before.includes(query);
    // After no query every document is kept, by its place alone (none is listed by id: 100,000 would be); so are
    // those the last query had not read yet, when it is typed on before its reading was through.
    this.#unreadFrom = before === '' ? 0 : related ? this.#unreadFrom : null;
    const order = related && before !== '' ? this.#order() : new Map<string, number>();
    /** The last matches, by their place in list order; those before `passed` have been read again. */
    const kept = [...(order.size > 0 ? this.#matches : [])]
      .map((id): [number, string] => [order.get(id) ?? -1, id])
      .filter(([at]) => at >= 0)
      .sort((a, b) => a[0] - b[0]);
    let passed = 0;
    /** When the list was last told of what was passed over (a page with no match waits up to 100 ms to say so). */
    let told = 0;
    const found = new Set<string>();
    this.#progress = { done: 0, total };
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (run !== this.#run) return;
    const controller = new AbortController();
    this.#controller = controller;
    try {
      await this.#searcher(
        query,
        (ids, done, read) => {
          if (run !== this.#run) return;
          for (const id of ids) found.add(id);
          while (passed < kept.length && kept[passed][0] < done) passed++;
          const now = performance.now();
          if (first || ids.length > 0 || now - told >= 100) {
            told = now;
            this.#matches = new Set([...found, ...kept.slice(passed).map(([, id]) => id)]);
            if (this.#unreadFrom !== null) this.#unreadFrom = Math.max(this.#unreadFrom, done);
          }
          first = false;
          this.#progress = { done, total: Math.max(total, read, done) };
        },
        controller.signal,
      );
    } catch (error) {
      // A newer query (or stop) superseded this one: not a failure.
      if (!controller.signal.aborted) throw error;
    } finally {
      if (run === this.#run) {
        // Read through: what it found (nothing read, no document or a failure: none).
        this.#matches = found;
        this.#unreadFrom = null;
        this.#progress = null;
        this.#controller = null;
      }
    }
  }

  /** The query searched last (folded). */
  get query(): string {
    return this.#query;
  }

  stop(): void {
    this.#run++;
    this.#unreadFrom = null;
    this.#controller?.abort();
    this.#controller = null;
    this.#progress = null;
  }
}

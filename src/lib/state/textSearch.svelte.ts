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
    const order = related ? this.#order() : new Map<string, number>();
    /** The last matches (every document, after no query), by place in list order; those before `passed` are read. */
    const kept = [...(!related ? [] : before === '' ? order.keys() : this.#matches)]
      .map((id): [number, string] => [order.get(id) ?? -1, id])
      .filter(([at]) => at >= 0)
      .sort((a, b) => a[0] - b[0]);
    let passed = 0;
    const found = new Set<string>();
    // Through the pause before the reading too.
    if (before === '') this.#matches = new Set(kept.map(([, id]) => id));
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
          const from = passed;
          while (passed < kept.length && kept[passed][0] < done) passed++;
          if (first || ids.length > 0 || passed !== from)
            this.#matches = new Set([...found, ...kept.slice(passed).map(([, id]) => id)]);
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
        // Nothing read (no document, or it failed): the last query's matches go.
        if (first) this.#matches = new Set();
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
    this.#controller?.abort();
    this.#controller = null;
    this.#progress = null;
  }
}

import { searchable } from '../model/searchable';
import type { Document } from '../model/types';

/** Reads every document in list order, a page at a time (Store.readDocumentPages). */
export type PageReader = () => AsyncIterable<readonly Document[]>;

/**
 * Search through the documents' texts without holding them: each query reads the texts a page at
 * a time, keeps the ids whose folded text holds the query, and reports how far it has read. A new
 * query (or `stop`) abandons the search still running; the list shows what is found as it comes.
 */
export class TextSearch {
  #matches = $state.raw<ReadonlySet<string>>(new Set());
  #progress = $state.raw<{ done: number; total: number } | null>(null);
  #query = '';
  #run = 0;
  readonly #read: PageReader;

  constructor(read: PageReader) {
    this.#read = read;
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
    this.#query = query;
    this.#matches = new Set();
    if (query === '') {
      this.#progress = null;
      return;
    }
    this.#progress = { done: 0, total };
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (run !== this.#run) return;
    let done = 0;
    try {
      for await (const page of this.#read()) {
        if (run !== this.#run) return;
        const found = page.filter((document) => searchable(document.text).includes(query));
        if (found.length > 0) this.#matches = new Set([...this.#matches, ...found.map((document) => document.id)]);
        done += page.length;
        this.#progress = { done, total: Math.max(total, done) };
      }
    } finally {
      if (run === this.#run) this.#progress = null;
    }
  }

  /** The query searched last (folded). */
  get query(): string {
    return this.#query;
  }

  stop(): void {
    this.#run++;
    this.#progress = null;
  }
}

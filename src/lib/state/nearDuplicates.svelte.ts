import type { NearDuplicatePair } from '../model/nearDuplicates';
import { textFingerprint } from '../model/fingerprint';
import type { DocumentHead } from '../model/types';
import type { KeptSearch, NearDuplicateMemory } from '../storage/nearDuplicateMemory';
import type { StoredKey } from '../workers/storedTexts';

/**
 * Searches the documents `documents` (heads in list order) of the database named `databaseName` for
 * near duplicates, reading their texts itself: in a Worker in the app, in the caller's thread in tests.
 */
export type NearDuplicateFinder = (
  databaseName: string,
  documents: readonly StoredKey[],
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
) => Promise<NearDuplicatePair[]>;

/** The search in this thread, for tests and where no Worker is given. */
export const findInThisThread: NearDuplicateFinder = async (databaseName, documents, _onProgress, signal) => {
  const texts: { id: string; text: string }[] = [];
  const { storedTextsOf } = await import('../workers/storedTexts');
  for await (const page of storedTextsOf(databaseName, documents)) {
    signal.throwIfAborted();
    for (const { id, text } of page.documents) if (text !== null) texts.push({ id, text });
  }
  // The comparison's code loads with the first search (it is not part of the first page).
  const { findNearDuplicates } = await import('../model/nearDuplicates');
  return findNearDuplicates(texts);
};

export interface NearDuplicate {
  id: string;
  /** Estimated share of word shingles the two texts have in common (Jaccard), 0–1. */
  similarity: number;
}

/**
 * The corpus's near-duplicate documents, found again whenever the set of texts changes (an
 * import, a removal), in the background. A newer search supersedes one still running.
 */
export class NearDuplicates {
  #byDocument = $state.raw<ReadonlyMap<string, readonly NearDuplicate[]>>(new Map());
  #progress = $state.raw<{ done: number; total: number } | null>(null);
  #failed = $state(false);
  readonly #find: NearDuplicateFinder;
  /**
   * What the last search was over: the fingerprint of every id and text fingerprint in order, not
   * that string itself (3 MB kept at 100,000 documents); two lists share one by a 2⁻⁵³ chance.
   */
  #searched = '';
  #run = 0;

  readonly #databaseName: string;
  readonly #settleMs: number;
  /** Stops the search still running when a newer one supersedes it. */
  #controller: AbortController | null = null;
  /** The last finished search, kept on this device: a start over the same documents searches nothing. */
  readonly #memory: NearDuplicateMemory | null;
  /** What the memory held when first read, or this page's last finished search (undefined: not read yet). */
  #kept: KeptSearch | null | undefined;

  /**
   * `settleMs`: how long the documents must stay the same before a search starts (an import
   * changes them batch by batch, and each search reads the texts it has not signed yet); `memory`:
   * where the last finished search is kept (none in tests that do not give one).
   */
  constructor(
    databaseName: string,
    find: NearDuplicateFinder = findInThisThread,
    settleMs = 0,
    memory: NearDuplicateMemory | null = null,
  ) {
    this.#databaseName = databaseName;
    this.#find = find;
    this.#settleMs = settleMs;
    this.#memory = memory;
  }

  /** The documents that nearly duplicate `documentId`, most similar first. */
  of(documentId: string): readonly NearDuplicate[] {
    return this.#byDocument.get(documentId) ?? [];
  }

  /** How many documents nearly duplicate another. */
  get count(): number {
    return this.#byDocument.size;
  }

  /** While a search runs: how many documents it has read of how many. */
  get progress(): { done: number; total: number } | null {
    return this.#progress;
  }

  get failed(): boolean {
    return this.#failed;
  }

  /** Searches again when the texts differ from the last search's. */
  follow(documents: readonly DocumentHead[]): Promise<void> {
    const key = textFingerprint(
      documents.map((document) => `${document.id}\u0000${document.fingerprint}`).join('\u0001'),
    );
    if (key === this.#searched) return Promise.resolve();
    this.#searched = key;
    // Read once a page (an import calls this batch by batch); this page's own searches update it.
    if (this.#kept === undefined) this.#kept = this.#memory?.read() ?? null;
    if (this.#kept?.key === key) return this.#recall(this.#kept, documents);
    return this.#search(documents, key);
  }

  /**
   * Shows the pairs the last finished search over these same documents found (no text read), or
   * searches when that search compared them under another scheme (an older version of the app).
   */
  async #recall(kept: KeptSearch, documents: readonly DocumentHead[]): Promise<void> {
    const run = this.#supersede();
    try {
      const { duplicatesByDocument, PAIRS_SCHEME } = await import('../model/nearDuplicates');
      if (run !== this.#run) return;
      if (kept.scheme !== PAIRS_SCHEME) return await this.#search(documents, kept.key);
      this.#byDocument = duplicatesByDocument(kept.pairs);
      this.#failed = false;
      this.#progress = null;
    } catch {
      // The comparison's code did not load (offline after an update, say): the list shows none, as a failed search.
      if (run === this.#run) this.#failed = true;
    }
  }

  /** Stops the search still running, if any; the number of the run that supersedes it. */
  #supersede(): number {
    this.#controller?.abort();
    this.#controller = null;
    return ++this.#run;
  }

  async #search(documents: readonly DocumentHead[], key: string): Promise<void> {
    const run = this.#supersede();
    const controller = new AbortController();
    this.#controller = controller;
    this.#progress = { done: 0, total: documents.length };
    if (this.#settleMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#settleMs));
    if (run !== this.#run) return;
    try {
      const pairs = await this.#find(
        this.#databaseName,
        documents,
        (done, total) => {
          if (run === this.#run) this.#progress = { done, total };
        },
        controller.signal,
      );
      const { duplicatesByDocument, PAIRS_SCHEME } = await import('../model/nearDuplicates');
      if (run !== this.#run) return;
      this.#byDocument = duplicatesByDocument(pairs);
      this.#failed = false;
      this.#kept = { key, scheme: PAIRS_SCHEME, documents: documents.length, pairs };
      this.#memory?.write(this.#kept);
    } catch {
      // Near duplicates are a help, not a duty: the list simply shows none.
      if (run === this.#run) this.#failed = true;
    } finally {
      if (run === this.#run) this.#progress = null;
    }
  }
}

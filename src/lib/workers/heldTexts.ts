/**
 * What a kept Worker holds between searches (keptWorker.ts), by id and text fingerprint, so a search
 * reads from storage only the texts that are new or changed since the last one: the texts
 * themselves (the pattern search) or what was computed from each (near-duplicate signatures).
 * Whatever is held of documents no longer listed, or of another database, is dropped.
 */
import { SpanwrightDatabase } from '../storage/database';
import { storedTextsOf, type StoredKey } from './storedTexts';
import { TextCachePass, whileCaching } from './textBundles';

/** A listed document with what is held of it. */
export interface HeldDocument<T> {
  id: string;
  value: T;
}

export class HeldTexts<T> {
  readonly #held = new Map<string, { fingerprint: string; value: T }>();
  #databaseName = '';
  readonly #valueOf: (text: string) => T;
  /** The last pass's view of the search cache, until {@link cacheTexts} writes what it missed. */
  #pass: TextCachePass | null = null;

  /** `valueOf`: what to hold of a text read (the text itself, or what is computed from it). */
  constructor(valueOf: (text: string) => T) {
    this.#valueOf = valueOf;
  }

  /** How many documents are held. */
  get size(): number {
    return this.#held.size;
  }

  /**
   * The listed documents `keys` (heads in list order) with their held values, a page at a time in
   * that order; the texts not held (or held with another fingerprint) are read and their values
   * kept. A document no longer stored is left out.
   */
  async *pages(
    databaseName: string,
    keys: readonly StoredKey[],
  ): AsyncGenerator<{ documents: HeldDocument<T>[]; total: number }> {
    if (databaseName !== this.#databaseName) this.#held.clear();
    this.#databaseName = databaseName;
    const listed = new Set(keys.map((key) => key.id));
    for (const id of this.#held.keys()) if (!listed.has(id)) this.#held.delete(id);
    const isHeld = (key: StoredKey) => this.#held.get(key.id)?.fingerprint === key.fingerprint;
    const pass = new TextCachePass();
    this.#pass = pass;
    for await (const page of storedTextsOf(databaseName, keys, isHeld, undefined, pass)) {
      const documents: HeldDocument<T>[] = [];
      for (const { id, fingerprint, text } of page.documents) {
        if (text !== null) this.#held.set(id, { fingerprint, value: this.#valueOf(text) });
        const held = this.#held.get(id);
        if (held !== undefined) documents.push({ id, value: held.value });
      }
      yield { documents, total: page.total };
    }
  }

  /**
   * Bundles into the search cache the texts the last pass read from `documents` (textBundles.ts),
   * calling `ready` first (once the cache's lock is held), so a search is answered before its
   * texts are cached; `ready` is called even when nothing is to be written.
   */
  async cacheTexts(databaseName: string, ready: () => void): Promise<void> {
    const pass = this.#pass;
    this.#pass = null;
    if (pass === null || !pass.due) return ready();
    await whileCaching(databaseName, ready, async () => {
      const database = new SpanwrightDatabase(databaseName);
      try {
        await database.open();
        await pass.write(database);
      } catch {
        // The cache is optional: a failed write leaves it as it was, and the next pass tries again.
      } finally {
        database.close();
      }
    });
  }
}

/**
 * What a kept Worker holds between searches (keptWorker.ts), by id and text fingerprint, so a search
 * reads from storage only the texts that are new or changed since the last one: the texts
 * themselves (the pattern search) or what was computed from each (near-duplicate signatures).
 * Whatever is held of documents no longer listed, or of another database, is dropped. A derived
 * cache of the values (signatureCache.ts), when given, serves a new Worker's values without their texts.
 */
import { SpanwrightDatabase } from '../storage/database';
import { storedTextsOf, type StoredKey } from './storedTexts';
import { TextCachePass, whileCaching } from './textBundles';

/** A stored cache of the values computed from the texts, one pass of it (as signatureCache.ts's). */
export interface DerivedCachePass<T> {
  /** The values it holds for the listed `keys`, by id (each with its listed fingerprint). */
  read(database: SpanwrightDatabase, keys: readonly StoredKey[]): Promise<Map<string, T>>;
  /** A value the pass computed from `key`'s text, to store afterwards. */
  computed(key: StoredKey, value: T): void;
  /** Takes what is worth storing before the pass ends and answers its write (only adding rows), or null. */
  early(): ((database: SpanwrightDatabase) => Promise<void>) | null;
  readonly due: boolean;
  write(database: SpanwrightDatabase): Promise<void>;
}

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
  readonly #derived: (() => DerivedCachePass<T>) | null;
  /** The last pass's view of the derived cache, until {@link cacheTexts} writes what it computed. */
  #derivedPass: DerivedCachePass<T> | null = null;
  /** The derived cache's early writes of the last pass, one after another. */
  #early: Promise<void> = Promise.resolve();

  /**
   * `valueOf`: what to hold of a text read (the text itself, or what is computed from it);
   * `derived`: a new pass of a stored cache of those values, read before the texts.
   */
  constructor(valueOf: (text: string) => T, derived?: () => DerivedCachePass<T>) {
    this.#valueOf = valueOf;
    this.#derived = derived ?? null;
  }

  /** How many documents are held. */
  get size(): number {
    return this.#held.size;
  }

  /**
   * The listed documents `keys` (heads in list order) with their held values, a page at a time in
   * that order; the texts not held (or held with another fingerprint) are read and their values
   * kept; a document not held and no longer stored is left out. Given a derived cache, and when at
   * least a quarter of the listed documents are not held, the cache is read first and its values
   * held (by the listed fingerprint, as a kept Worker's are).
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
    const derived = this.#derived?.() ?? null;
    this.#derivedPass = derived;
    if (derived !== null) await this.#holdDerived(databaseName, derived, keys, isHeld);
    const pass = new TextCachePass();
    this.#pass = pass;
    for await (const page of storedTextsOf(databaseName, keys, isHeld, undefined, pass)) {
      const documents: HeldDocument<T>[] = [];
      for (const key of page.documents) {
        const { id, fingerprint, text } = key;
        if (text !== null) {
          const value = this.#valueOf(text);
          this.#held.set(id, { fingerprint, value });
          derived?.computed(key, value);
        }
        const held = this.#held.get(id);
        if (held !== undefined) documents.push({ id, value: held.value });
      }
      const early = derived?.early();
      if (early) this.#early = this.#early.then(() => writeEarly(databaseName, early));
      yield { documents, total: page.total };
    }
  }

  /** Holds the values the derived cache serves, when enough of `keys` are not held to be worth reading it. */
  async #holdDerived(
    databaseName: string,
    derived: DerivedCachePass<T>,
    keys: readonly StoredKey[],
    isHeld: (key: StoredKey) => boolean,
  ): Promise<void> {
    const wanted = keys.filter((key) => !isHeld(key));
    if (wanted.length === 0 || wanted.length * 4 < keys.length) return;
    const database = new SpanwrightDatabase(databaseName);
    try {
      await database.open();
      const served = await derived.read(database, keys);
      for (const key of wanted)
        if (served.has(key.id)) this.#held.set(key.id, { fingerprint: key.fingerprint, value: served.get(key.id)! });
    } catch {
      // The cache is optional: the texts are read instead.
    } finally {
      database.close();
    }
  }

  /**
   * Bundles into the search cache the texts the last pass read from `documents` (textBundles.ts),
   * and stores the values it computed in the derived cache, if any, calling `ready` first (once the
   * cache's lock is held), so a search is answered before anything is cached; `ready` is called
   * even when nothing is to be written.
   */
  async cacheTexts(databaseName: string, ready: () => void): Promise<void> {
    const writes = [this.#pass, this.#derivedPass].filter(
      (pass): pass is TextCachePass | DerivedCachePass<T> => pass !== null && pass.due,
    );
    this.#pass = null;
    this.#derivedPass = null;
    if (writes.length === 0) return ready();
    await whileCaching(databaseName, ready, async () => {
      const database = new SpanwrightDatabase(databaseName);
      try {
        await database.open();
        await this.#early;
        for (const pass of writes)
          await pass.write(database).catch(() => {
            // The caches are optional: a failed write leaves one as it was, and the next pass tries again.
          });
      } catch {
        // Not opened: nothing is written, and the next pass tries again.
      } finally {
        database.close();
      }
    });
  }
}

/**
 * An early write of a derived cache, while the pass goes on, without the cache's lock (it only adds
 * rows: a member written twice serves once, and its row is rewritten when mostly ignored).
 */
async function writeEarly(databaseName: string, write: (database: SpanwrightDatabase) => Promise<void>) {
  const database = new SpanwrightDatabase(databaseName);
  try {
    await database.open();
    await write(database);
  } catch {
    // The cache is optional: what was not written is computed again by the next pass.
  } finally {
    database.close();
  }
}

import type { Document, DocumentHead } from '../model/types';
import type { Store } from '../storage/store';

/**
 * The corpus with its texts, for the pages that compute over them (Review, Overview): read when
 * such a page opens, again when the documents change while it is open, and let go when the last
 * one closes. The annotator's page never holds them (it reads the open document by id).
 */
export class CorpusTexts {
  #documents = $state.raw<readonly Document[]>([]);
  #holders = 0;
  #stopFollowing: (() => void) | null = null;
  #read = 0;
  readonly #store: Store;
  readonly #heads: () => readonly DocumentHead[];
  readonly #onError: (error: unknown) => void;

  constructor(store: Store, heads: () => readonly DocumentHead[], onError: (error: unknown) => void) {
    this.#store = store;
    this.#heads = heads;
    this.#onError = onError;
  }

  /** Every document with its text, in list order, while held; empty until read. */
  get documents(): readonly Document[] {
    return this.#documents;
  }

  /** Keeps the texts read and current until the returned function is called. */
  hold(): () => void {
    if (this.#holders++ === 0) {
      this.#stopFollowing = $effect.root(() => {
        $effect(() => {
          const key = this.#heads()
            .map((head) => `${head.id}\u0000${head.fingerprint}`)
            .join('\u0001');
          void key;
          void this.#reload();
        });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#holders > 0) return;
      this.#stopFollowing?.();
      this.#stopFollowing = null;
      this.#read++;
      this.#documents = [];
    };
  }

  async #reload(): Promise<void> {
    const read = ++this.#read;
    try {
      const documents = await this.#store.readDocuments();
      if (read === this.#read) this.#documents = documents;
    } catch (error) {
      if (read === this.#read) this.#onError(error);
    }
  }
}

/**
 * The documents' heads (id, order, fingerprint) sent to a search Worker a slice per task: cloning
 * 10,000 of them in one message held the page 10–40 ms on a loaded machine, past 50 ms under more
 * load; 2,000 take a few milliseconds. The Worker gathers the slices before the search starts.
 */
import type { StoredKey } from './storedTexts';

/** Heads per message. */
export const KEYS_PER_MESSAGE = 2000;

/** One slice of the list; `first` starts a new list. */
export interface KeysMessage {
  type: 'keys';
  keys: StoredKey[];
  first: boolean;
}

/**
 * Posts `documents`' heads to `worker` in slices, one per task, each with only the fields a
 * search needs; stops early when `signal` aborts.
 */
export async function postKeys(
  worker: Pick<Worker, 'postMessage'>,
  documents: readonly StoredKey[],
  signal?: AbortSignal,
): Promise<void> {
  for (let from = 0; from === 0 || from < documents.length; from += KEYS_PER_MESSAGE) {
    if (signal?.aborted) return;
    const keys = documents
      .slice(from, from + KEYS_PER_MESSAGE)
      .map(({ id, order, fingerprint }) => ({ id, order, fingerprint }));
    worker.postMessage({ type: 'keys', keys, first: from === 0 } satisfies KeysMessage);
    await new Promise((next) => setTimeout(next, 0));
  }
}

/** The list a Worker gathers from {@link KeysMessage}s. */
export class ListedKeys {
  #keys: StoredKey[] = [];

  take(message: KeysMessage): void {
    if (message.first) this.#keys = [];
    for (const key of message.keys) this.#keys.push(key);
  }

  get keys(): readonly StoredKey[] {
    return this.#keys;
  }
}

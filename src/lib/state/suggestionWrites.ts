/**
 * Writing many suggestions without holding the page: proposals stored, removed and put back a slice
 * at a time, one transaction per slice, the page free between slices (and within one: storage
 * issues a slice's requests 100 to a task, `storage/requestBatches.ts`). A corpus-wide proposal can
 * hold a hundred thousand matches; a slice is as many as one transaction holds without keeping
 * other writes of suggestions (an accept, a reject) waiting long, and as few transactions as that
 * allows, since each reads the layers it writes to and tells a watcher of the open layer (which
 * redraws the text) once.
 */
import type { Suggestion } from '../model/types';
import type { NewSuggestion, Store } from '../storage/store';

/**
 * Suggestions per transaction: "label all occurrences" of a frequent word in a long document (7,000
 * or so) is one. At 100 per transaction each slice read the whole layer again, and the open
 * document's suggestions were read and drawn again 70 times: ~20 s (docs/performance.md). A
 * transaction holds the suggestions only, so labelling does not wait for it.
 */
export const SLICE = 10_000;

const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The items of `items` in arrays of up to `size`. */
async function* slicesOf<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let slice: T[] = [];
  for await (const item of items) {
    slice.push(item);
    if (slice.length === size) {
      yield slice;
      slice = [];
    }
  }
  if (slice.length > 0) yield slice;
}

/** Where a sliced write got to, when it failed part-way: what was written, and why it stopped. */
export class PartlyWritten<T> extends Error {
  constructor(
    readonly written: T[],
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Stores the proposals that are new (as `Store.proposeSuggestions` does), a slice at a time; each
 * slice's proposals are made only when it is stored (`proposals` may be asynchronous: matches whose
 * texts are asked of a Worker as they are needed). `onProgress` hears how many were looked at.
 * Rejects with a {@link PartlyWritten} holding what was stored when a slice fails. `size`: per slice.
 */
export async function proposeInSlices(
  store: Store,
  proposals: Iterable<NewSuggestion> | AsyncIterable<NewSuggestion>,
  now: number,
  onProgress: (done: number) => void = () => undefined,
  size = SLICE,
): Promise<Suggestion[]> {
  const added: Suggestion[] = [];
  let done = 0;
  const slices = slicesOf(proposals, size);
  for (;;) {
    let slice: NewSuggestion[];
    try {
      const next = await slices.next();
      if (next.done) break;
      slice = next.value;
      added.push(...(await store.proposeSuggestions(slice, now)));
    } catch (error) {
      throw new PartlyWritten(added, error);
    }
    onProgress((done += slice.length));
    await breathe();
  }
  return added;
}

/** Removes suggestions by id, a slice at a time; resolves with those that were there. */
export async function removeInSlices(store: Store, ids: readonly string[], size = SLICE): Promise<Suggestion[]> {
  const removed: Suggestion[] = [];
  for await (const slice of slicesOf(ids, size)) {
    removed.push(...(await store.removeSuggestions(slice)));
    await breathe();
  }
  return removed;
}

/** Puts suggestions back as they were, a slice at a time. */
export async function restoreInSlices(store: Store, suggestions: readonly Suggestion[], size = SLICE): Promise<void> {
  for await (const slice of slicesOf(suggestions, size)) {
    await store.restoreSuggestions(slice);
    await breathe();
  }
}

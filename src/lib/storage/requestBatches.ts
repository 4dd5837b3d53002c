/**
 * Many IndexedDB requests without holding the page: a bulk write issues every request in the task
 * that calls it, so a write of thousands is issued a batch at a time, each awaited before the next
 * (inside one transaction, which stays open while a request is pending); the page runs between.
 * Callers await each batch's Dexie call directly in their transaction's function: a native async
 * wrapper around it can lose the transaction in Dexie's zone tracking (a PrematureCommitError when
 * nested in a caller's transaction).
 */

/**
 * IndexedDB requests issued in one task. Chromium spends ~0.1 ms of main-thread time per get, add,
 * put or delete request (a profile of 20,000): 100 keeps that task near 10 ms, well under the 50 ms
 * that a person notices.
 */
export const REQUESTS_PER_TASK = 100;

/** `items` in arrays of up to {@link REQUESTS_PER_TASK}, in order. */
export function* batchesOf<T>(items: readonly T[]): Generator<T[]> {
  for (let at = 0; at < items.length; at += REQUESTS_PER_TASK) yield items.slice(at, at + REQUESTS_PER_TASK);
}

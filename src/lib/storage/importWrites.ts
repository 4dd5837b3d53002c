/** How an import sends its rows to IndexedDB (importer.ts's `storeBatch`). */

/**
 * Rows per write request. IndexedDB copies what it is given (a structured clone) on the main
 * thread, in the task that makes the request: bounded requests, each awaited, keep every task
 * short, and the rows of the next request are built in the task that sees the last one done.
 */
export const WRITE_DOCUMENTS = 10;
export const WRITE_SPANS = 100;

/** A write request under way, and whether it is done. */
export interface Sent {
  request: Promise<unknown>;
  done: boolean;
}

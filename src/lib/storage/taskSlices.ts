/**
 * Long work on the main thread, cut into short tasks: imports and exports check the clock between
 * records and, once a slice has run for its budget, give the event loop a turn (input, rendering,
 * the progress bar, Cancel) before going on. Never used inside a transaction: IndexedDB ends a
 * transaction whose task ends without a request pending.
 */

/** True in a Worker: its long tasks hold no page, so its reads and writes may come in larger pieces. */
export const IN_WORKER = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

/** How long a slice may run before it yields, in milliseconds (a long task is one over 50 ms). */
export const SLICE_MS = 20;

interface Scheduler {
  yield?(): Promise<void>;
}

/** Resolves in a later task: `scheduler.yield()` where the browser has it, else a zero timeout. */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A clock for one piece of long work: `due` once the current slice has run its budget. */
export class TaskSlicer {
  readonly #budget: number;
  #started = performance.now();

  constructor(budget = SLICE_MS) {
    this.#budget = budget;
  }

  /** True when the current slice has used its budget. */
  get due(): boolean {
    return performance.now() - this.#started >= this.#budget;
  }

  /** Gives the event loop a turn, and starts a new slice. */
  async yield(): Promise<void> {
    await nextTask();
    this.#started = performance.now();
  }

  /** Yields when the current slice is due, else carries on at once (no await of a task). */
  pause(): Promise<void> | undefined {
    return this.due ? this.yield() : undefined;
  }

  /** Starts a new slice now (after an await that ended the task anyway, such as an IndexedDB read). */
  restart(): void {
    this.#started = performance.now();
  }
}

/** `items` in consecutive slices of at most `size`. */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let from = 0; from < items.length; from += size) yield items.slice(from, from + size);
}

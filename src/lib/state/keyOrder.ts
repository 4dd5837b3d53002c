/**
 * Keys act in the order pressed, undo and redo included. A change a key began (a label, a delete, a status…) joins
 * the history only once it is written, a few milliseconds later: Ctrl+Z pressed in that time (a quick hand, key
 * repeat, a macro) undid the step before it, and a delete's undo was refused. So an undo or redo waits for the
 * changes keys began before it (at most MOST_WAIT_MS), and every key pressed after it waits for it.
 */
import type { Action } from './keymap';
import { GOLD_WRITES } from './keySheet';

/** Kinds of key actions that write a change to the history: the Documents page's, and the Review's gold writes. */
export const CHANGE_ACTIONS: ReadonlySet<Action['kind']> = new Set<Action['kind']>([
  ...GOLD_WRITES,
  'label',
  'delete',
  'rejectSuggestion',
  'done',
  'skip',
  'example',
  'acceptSuggestion',
  'acceptAllSuggestions',
]);

/**
 * Keys that act on what the changes before them leave (the spans listed, the span labelled last, the suggestion
 * focused): while a change is written they wait for it, as an undo does.
 */
export const AFTER_CHANGES: ReadonlySet<Action['kind']> = new Set<Action['kind']>([
  'nextSpan',
  'previousSpan',
  'nextSuggestion',
  'previousSuggestion',
  'acceptSuggestion',
  'rejectSuggestion',
  'proposeInDocument',
  'proposeInCorpus',
  'proposeFromCopy',
]);

/** An undo waits this long at most for the changes before it, and the keys after it for the undo (a write IndexedDB holds up must not stall the keys). */
export const MOST_WAIT_MS = 3000;

export class KeyOrder {
  /** The changes keys began that are not written yet. */
  readonly #writing = new Set<Promise<unknown>>();
  /** The last undo or redo waiting or running, and the changes pressed after it: null when none waits. */
  #queue: Promise<void> | null = null;

  /** Whether no change a key began is being written, and no undo or redo waits. */
  get idle(): boolean {
    return this.#queue === null && this.#writing.size === 0;
  }

  /** A change's key: it acts now, or after an undo or redo pressed before it. */
  change(act: () => unknown): void {
    if (this.#queue === null) this.#track(act());
    else this.#then(async () => void this.#track(act()));
  }

  /** Any other key (N, ], Esc…): it acts now, or after an undo or redo pressed before it (which may open a document). */
  other(act: () => unknown): void {
    if (this.#queue === null) act();
    else this.#then(async () => void act());
  }

  /**
   * An undo or redo key, or any key on the Review: it acts once the changes pressed before it are written (and the
   * step before it is done); the keys after it wait until it is done (its step may open another document, a decision
   * moves the focus on).
   */
  step(act: () => unknown): void {
    // The changes pressed before it have all begun when its turn comes (those after it wait behind it).
    this.#then(async () => {
      if (this.#writing.size > 0) await within(Promise.allSettled([...this.#writing]), MOST_WAIT_MS);
      // A step IndexedDB holds up (another tab's upgrade, say) holds the keys after it for as long at most.
      await within(Promise.resolve(act()), MOST_WAIT_MS);
    });
  }

  #track(result: unknown): void {
    if (!(result instanceof Promise)) return;
    const written: Promise<unknown> = result.catch(() => undefined).finally(() => this.#writing.delete(written));
    this.#writing.add(written);
  }

  #then(task: () => Promise<void>): void {
    const run: Promise<void> = (this.#queue ?? Promise.resolve()).then(task).catch(() => undefined);
    this.#queue = run;
    void run.then(() => {
      if (this.#queue === run) this.#queue = null;
    });
  }
}

async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * "Gold done" on the review page (the button, and `D`): marks the current document's gold done and
 * opens the next document whose gold is not, as `D` does on the Documents page. With differences
 * still undecided it first asks (the count stays in `asking` until the reviewer answers).
 */
import { doneYetOpen, type ReviewEntry } from './reviewTypes';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Document, type Span, type Status } from '../model/types';
import type { Store } from '../storage/store';
import type { Command, History, Recorded } from './history.svelte';
import { statusSteps, type WriteStatus } from './statusSteps';
import { truncate } from './truncate';

/** What "gold done" needs of the Review. */
export interface GoldDoneContext {
  current(): Document | null;
  /** Differences of `document` still to decide (the list's "to decide"), gold's and the rejected layer's spans by `spansOf`. */
  toDecide(document: Document, spansOf: (layer: string) => readonly Span[]): number;
  /**
   * Puts the agreements still out of gold into it (nothing when the review does not put them in),
   * telling `recorded` of the undo step it records; false when the write failed (and said so).
   */
  acceptAgreements(document: Document, recorded: Recorded): Promise<boolean>;
  /** The review's undo history: an undo or redo pressed before D is written before D reads gold. */
  readonly history: Pick<History, 'settled'>;
  /** Where gold is read and its status written. */
  store(): Store;
  /** The time a status write records. */
  now(): number;
  /** Says that a write failed and nothing was saved. */
  writeFailed(error: unknown): void;
  /**
   * Records `command` in the review's undo history, as one step with `after.step` when that is still
   * its last step (`History.record`); undone or redone, it opens `documentId`.
   */
  record(command: Command, documentId: string, after?: { step: Command; description: string }): void;
  /** True, and says why, when no decision may be written here (an annotator with team sync on). */
  locked(): boolean;
  entries(): readonly ReviewEntry[];
  open(documentId: string): void;
  notify(text: string): void;
}

/** The entry after `currentId` in the list (round from the top) whose gold is not done, or null. */
export function nextNotDone(entries: readonly ReviewEntry[], currentId: string | undefined): ReviewEntry | null {
  const here = entries.findIndex((entry) => entry.document.id === currentId);
  for (let step = 1; step < entries.length + (here < 0 ? 1 : 0); step += 1) {
    const entry = entries[(here + step) % entries.length];
    if (!entry.goldDone && entry.document.id !== currentId) return entry;
  }
  return null;
}

export class GoldDone {
  readonly #context: GoldDoneContext;
  /** Differences left undecided when "gold done" was asked for, until the reviewer answers; null when not asking. */
  asking = $state<number | null>(null);

  /** The mark under way, settled or not: a second D waits for nothing (it is dropped), undo waits for it. */
  #marking: Promise<unknown> | null = null;

  constructor(context: GoldDoneContext) {
    this.#context = context;
  }

  /** Resolves once no mark is under way: Ctrl+Z pressed during D takes back the "done" D records, not the step before it. */
  get settled(): Promise<unknown> {
    return this.#marking ?? Promise.resolve();
  }

  /**
   * Marks the current document's gold done and opens the next one not done. With differences still
   * undecided it does nothing and answers how many (and `asking` holds it), unless `anyway`, or it
   * is asked again while asking about the same count (`D` twice).
   */
  mark(anyway = false): Promise<{ undecided: number }> {
    // A second press while the first is written (a held or doubled D) adds nothing.
    if (this.#marking) return Promise.resolve({ undecided: 0 });
    const marking = (async () => {
      try {
        return await this.#mark(anyway);
      } finally {
        this.#marking = null; // before the caller hears the answer: a D right after it is a D of its own
      }
    })();
    this.#marking = marking.catch(() => undefined);
    return marking;
  }

  async #mark(anyway: boolean): Promise<{ undecided: number }> {
    const context = this.#context;
    const document = context.current();
    if (!document || context.locked()) return { undecided: 0 };
    let stored: { toDecide: number; done: boolean };
    try {
      await context.history.settled; // Ctrl+Z, then D at once: the undo reads label names before it writes gold
      stored = await this.#readGold(document);
    } catch (error) {
      context.writeFailed(error); // nothing is written: "Not saved", with why
      return { undecided: 0 };
    }
    const undecided = stored.toDecide;
    this.asking = undecided > 0 && !anyway && this.asking !== undecided ? undecided : null;
    if (this.asking !== null) return { undecided };
    // Agreements still out of gold go in with "done": they are not the reviewer's to decide.
    // Not done without them: a failed write of the agreements leaves the document as it was.
    let agreements: Command | null = null;
    if (!(await context.acceptAgreements(document, (step) => (agreements = step)))) return { undecided: 0 };
    // Done already (another tab, or the team): nothing to write, and no step for Ctrl+Z to reopen it by.
    const already = stored.done;
    if (!already && !(await this.#setDone(document, agreements))) return { undecided: 0 };
    const left =
      undecided > 0 ? `, ${undecided === 1 ? '1 difference' : `${undecided} differences`} left out undecided` : '';
    const next = nextNotDone(context.entries(), document.id);
    // With none left to do, this one stays open (opened by name, so it stays whatever is done meanwhile).
    context.open(next?.document.id ?? document.id);
    // Done is not decided: the others done with differences left open are counted (the list shows them amber).
    const open = context.entries().filter((entry) => doneYetOpen(entry) && entry.document.id !== document.id).length;
    const others =
      open === 0
        ? ''
        : `, but ${open === 1 ? '1 of them is' : `${open} of them are`} still open: differences to decide, or gold its annotators have left (amber in the list)`;
    // The list is the compared annotators': documents of other pairs are not said to be done.
    const then = next ? `; next: “${next.document.title}”` : `; every document listed here has its gold done${others}`;
    context.notify(`Gold of “${document.title}” ${already ? 'was marked done already' : 'marked done'}${left}${then}`);
    return { undecided: 0 };
  }

  /**
   * What is still to decide on `document` and whether its gold is done, from gold and the rejected layer as
   * stored now: the list may not have read back yet a decision or a "done" undone just before (a D right after Ctrl+Z).
   */
  async #readGold(document: Document): Promise<{ toDecide: number; done: boolean }> {
    const read = (layer: string) => this.#context.store().readLayer(document.id, layer);
    const [gold, rejected] = await Promise.all([read(GOLD_ANNOTATOR), read(REJECTED_ANNOTATOR)]);
    const toDecide = this.#context.toDecide(document, (layer) => (layer === GOLD_ANNOTATOR ? gold : rejected).spans);
    return { toDecide, done: gold.status === 'done' };
  }

  /**
   * Stores the document's gold status at `now`, only while it is `from` when given, and, given `finished`, was
   * marked done then (false when it is not).
   */
  #writeStatus(document: Document, status: Status, now: number, from?: Status, finished?: number): Promise<boolean> {
    return this.#context.store().setStatus(document.id, GOLD_ANNOTATOR, status, now, from, finished);
  }

  /**
   * Stores the document's gold as done, one step in the review's undo history with the `agreements`
   * D put in gold just before (their step); false when the write failed (and said so).
   */
  async #setDone(document: Document, agreements: Command | null): Promise<boolean> {
    const context = this.#context;
    const at = context.now();
    try {
      await this.#writeStatus(document, 'done', at);
    } catch (error) {
      context.writeFailed(error);
      return false;
    }
    const write: WriteStatus = (...change) => this.#writeStatus(document, ...change);
    const done: Command = {
      description: `mark gold of “${truncate(document.title)}” done`,
      ...statusSteps(write, () => context.now(), { before: 'todo', after: 'done', at }),
    };
    const after = agreements && { step: agreements, description: `${agreements.description} and ${done.description}` };
    context.record(done, document.id, after ?? undefined);
    return true;
  }
}

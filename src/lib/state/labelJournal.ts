import * as v from 'valibot';
import { SPAN_ORIGIN } from '../formats/spanSchemas';
import type { Span } from '../model/types';
import { browserLocks, type LockManagerLike } from '../storage/importTypes';
import type { LocalStore } from '../storage/localStore';
import type { GoldDecision } from '../storage/review';
import type { Store } from '../storage/store';
import {
  DECISION_PREFIX,
  describeDecisions,
  keepDecision,
  keptDecisions,
  writeKeptDecision,
  type KeptDecision,
} from './decisionJournal';
import { readKept } from './keptDrafts';
import { TabWatch } from './tabLocks';
import { quoteText } from './truncate';

/**
 * A span being written: what the label key made, before IndexedDB has it; or a span an undo of a Delete puts back,
 * with its note and marks ({@link Extras}).
 */
export type LabelInFlight = Pick<Span, 'documentId' | 'annotator' | 'start' | 'end' | 'label' | 'text'> &
  Partial<Extras>;

/**
 * What a span carries beyond its place and label, kept with it: a span put back at the next start keeps its note,
 * its review origin (a gold span) and when it was first made (the Pace chart's day).
 */
type Extras = Pick<Span, 'note' | 'example' | 'source' | 'imported' | 'feedback' | 'origin' | 'created'>;

/**
 * As kept: the id its span is written under, which tab wrote it, and when (the clock the layer's
 * summary is written with, milliseconds); `delete`: a Delete of that span, not a label.
 */
interface KeptLabel extends LabelInFlight {
  id: string;
  tab: string;
  at: number;
  kind?: 'delete';
}

/** What the status line is told. */
export type JournalReport = (text: string, tone: 'info' | 'error') => void;

const PREFIX = 'spanwright.labelInFlight.';
/** Deletes kept under a key of their own: a tab of an older version, which knows only labels, leaves them alone. */
const DELETE_PREFIX = 'spanwright.deleteInFlight.';
const STRINGS = ['id', 'documentId', 'annotator', 'label', 'text', 'tab'];
/** Without Web Locks, another tab's label this old is taken for one its page left unwritten. */
export const STALE_MS = 30_000;

/**
 * The labels being written, kept in localStorage from the label key until IndexedDB has committed
 * them. IndexedDB commits a moment after the key; a tab closed within that moment (a few
 * milliseconds, or longer while another write holds the table) took the label with it. localStorage
 * is written at once, and outlives the page: the next start, or another open tab once the writing tab
 * has gone, writes what was left. Only while nothing else was written to that layer since the key:
 * its span already there (committed just before the page went) is not written again, and one the
 * user has deleted or relabelled since (in another tab) is not brought back; when the layer changed,
 * the status line names the label instead, for the user to check.
 */
export class LabelJournal {
  readonly #storage: LocalStore | undefined;
  readonly #tab: string;
  readonly #now: () => number;
  readonly #tabs: TabWatch;
  /** Another tab's label noticed as it was kept (a `storage` event): written once that tab has gone. */
  #noticing: ((event: StorageEvent) => void) | null = null;

  constructor(
    storage: LocalStore | undefined,
    options: { now?: () => number; tab?: string; locks?: LockManagerLike } = {},
  ) {
    const { now = Date.now, tab = crypto.randomUUID() } = options;
    this.#storage = storage;
    this.#now = now;
    this.#tab = tab;
    this.#tabs = new TabWatch('locks' in options ? options.locks : browserLocks(), tab);
  }

  /**
   * Keeps `label` (synchronously) under the span id it is to be written with: until the call it answers
   * (once its write has ended, stored or refused).
   */
  keep(label: LabelInFlight, options: { id?: string; deleting?: boolean } = {}): { id: string; done: () => void } {
    const deleting = options.deleting === true;
    const id = options.id ?? crypto.randomUUID();
    const key = `${deleting ? DELETE_PREFIX : PREFIX}${this.#tab}/${id}`;
    const { documentId, annotator, start, end, text } = label;
    const kept: KeptLabel = {
      ...(deleting ? { kind: 'delete' as const } : extrasOf(label)),
      id,
      documentId,
      annotator,
      start,
      end,
      label: label.label,
      text,
      tab: this.#tab,
      at: this.#now(),
    };
    try {
      this.#storage?.setItem(key, JSON.stringify(kept));
    } catch {
      // Storage full or refused (a privacy mode): the label is only as safe as IndexedDB makes it.
    }
    return { id, done: () => this.#forget(key) };
  }

  /** Keeps a review decision (synchronously) until the call it answers, once its write has ended (`decisionJournal.ts`). */
  keepDecision(decision: GoldDecision, what: string): () => void {
    return keepDecision(this.#storage, this.#tab, this.#now(), decision, what);
  }

  /**
   * Writes the labels that tabs now gone left unwritten, and says so in the status line; those of a
   * tab that still lives are written once it has gone (without Web Locks, once they are {@link STALE_MS} old).
   */
  async replay(store: Store, report: JournalReport): Promise<void> {
    this.#notice(store, report);
    const live = await this.#tabs.live();
    const now = this.#now();
    const due: [string, KeptLabel][] = [];
    const decisions: [string, KeptDecision][] = [];
    for (const [key, kept] of [...this.#all(), ...keptDecisions(this.#storage)]) {
      if (kept.tab === this.#tab) continue;
      const list: [string, KeptLabel | KeptDecision][] = 'decision' in kept ? decisions : due;
      if (live ? !live.has(kept.tab) : now - kept.at > STALE_MS) list.push([key, kept]);
      else if (live) this.#tabs.whenGone(kept.tab, () => this.replay(store, report));
    }
    const saved: KeptLabel[] = [];
    const lost: string[] = [];
    for (const [key, kept] of due) {
      let outcome: Outcome;
      try {
        outcome = await (kept.kind === 'delete' ? deleteOne : writeOne)(store, kept, now);
      } catch {
        continue; // Storage failed: the label stays for the next start.
      }
      this.#forget(key);
      if (outcome === 'saved') saved.push(kept);
      else if (outcome !== 'already') lost.push(describeLost(kept, outcome));
    }
    // A tab's decisions in the order of their keys (one may decide again where another did).
    decisions.sort(([, left], [, right]) =>
      left.tab < right.tab ? -1 : left.tab > right.tab ? 1 : left.order - right.order,
    );
    const decided: KeptDecision[] = [];
    const undecided: [KeptDecision, Awaited<ReturnType<typeof writeKeptDecision>>][] = [];
    for (const [key, kept] of decisions) {
      try {
        const outcome = await writeKeptDecision(store, kept, now);
        if (outcome === 'saved') decided.push(kept);
        else if (outcome !== 'already') undecided.push([kept, outcome]);
      } catch {
        continue; // Storage failed: the decision stays for the next start.
      }
      this.#forget(key);
    }
    // A tab gone as its write committed told no other tab of it: the watches look at the log themselves.
    if (due.length + decisions.length > 0) store.lookForChanges();
    const [labels, deletions] = [
      saved.filter((one) => one.kind !== 'delete'),
      saved.filter((one) => one.kind === 'delete'),
    ];
    const texts = [
      ...(labels.length > 0 ? [describeSaved(labels)] : []),
      ...(deletions.length > 0 ? [describeDeleted(deletions)] : []),
      ...lost,
      ...describeDecisions(decided, undecided),
    ];
    if (texts.length > 0) report(texts.join(' '), lost.length + undecided.length > 0 ? 'error' : 'info');
  }

  /** Stops waiting for other tabs to go. */
  stop(): void {
    this.#tabs.stop();
    if (this.#noticing) globalThis.removeEventListener?.('storage', this.#noticing);
    this.#noticing = null;
  }

  /** From now on, another tab's label kept meanwhile is written once that tab has gone (not at the next start only). */
  #notice(store: Store, report: JournalReport): void {
    if (this.#noticing || this.#tabs.stopped || typeof globalThis.addEventListener !== 'function') return;
    this.#noticing = (event: StorageEvent) => {
      const prefix = [PREFIX, DELETE_PREFIX, DECISION_PREFIX].find((one) => event.key?.startsWith(one));
      if (!prefix || !event.key || event.newValue === null) return;
      const tab = event.key.slice(prefix.length).split('/')[0];
      if (tab !== this.#tab) this.#tabs.whenGone(tab, () => this.replay(store, report));
    };
    globalThis.addEventListener('storage', this.#noticing);
  }

  /** Every kept label of every tab, with its key; a damaged one is removed. */
  #all(): [string, KeptLabel][] {
    // What each is, by its key: a Delete under its own prefix, a label under the other.
    const kept = [PREFIX, DELETE_PREFIX].flatMap((prefix) =>
      readKept<KeptLabel>(this.#storage, prefix, STRINGS, 'at').map(([key, one]): [string, KeptLabel] => [
        key,
        { ...one, kind: prefix === DELETE_PREFIX ? 'delete' : undefined },
      ]),
    );
    return kept.filter(([key, kept]) => {
      const whole = [kept.start, kept.end].every(Number.isSafeInteger) && kept.start < kept.end;
      if (!whole) this.#forget(key);
      return whole;
    });
  }

  #forget(key: string): void {
    try {
      this.#storage?.removeItem(key);
    } catch {
      // A storage that refuses holds nothing of ours.
    }
  }
}

type Outcome = 'saved' | 'already' | 'document' | 'label' | 'changed';

/**
 * Writes one label left unwritten: stored; there already (its write had committed); or not, with why:
 * its document or label gone, or its layer written since the key (the label may have been committed,
 * then deleted or relabelled in another tab: not brought back unasked).
 */
async function writeOne(store: Store, kept: KeptLabel, now: number): Promise<Outcome> {
  if (await store.spanById(kept.id)) return 'already';
  if (!(await store.readDocument(kept.documentId))) return 'document';
  const { id, documentId, annotator, start, end, text } = kept;
  if (((await store.summaryOf(annotator, documentId))?.updated ?? -Infinity) > kept.at) return 'changed';
  // Under the name its label goes by now: a redo kept under the name before a rename (helper-208).
  const label = (await store.labelNamesNow([kept.label], kept.at)).get(kept.label) ?? kept.label;
  const input = { id, documentId, annotator, start, end, label, text, ...extrasOf(kept) };
  const written = await store.createSpan(input, now);
  if ('span' in written) return 'saved';
  return written.refused === 'twin' ? 'already' : 'label';
}

/**
 * Deletes one span whose Delete was left uncommitted: done; gone already (it had committed); or not, as its
 * layer was written since the key (another tab may have brought it back or changed it: not undone unasked).
 */
async function deleteOne(store: Store, kept: KeptLabel, now: number): Promise<Outcome> {
  if (!(await store.spanById(kept.id))) return 'already';
  if (((await store.summaryOf(kept.annotator, kept.documentId))?.updated ?? -Infinity) > kept.at) return 'changed';
  await store.deleteSpans([kept.id], now);
  return 'saved';
}

const VERDICTS: readonly unknown[] = ['kept', 'changed', 'removed'];

/** The note and marks of `span` that are whole (read back from localStorage, any of them may be damaged). */
function extrasOf(span: Partial<Extras>): Partial<Extras> {
  const { note, example, source, imported, feedback, origin, created } = span;
  const whole =
    typeof feedback === 'object' &&
    feedback !== null &&
    VERDICTS.includes(feedback.verdict) &&
    typeof feedback.reviewer === 'string' &&
    Number.isFinite(feedback.at) &&
    (feedback.to === undefined || Array.isArray(feedback.to));
  return {
    ...(typeof note === 'string' ? { note } : {}),
    ...(example === true ? { example } : {}),
    ...(typeof source === 'string' ? { source } : {}),
    ...(imported === true ? { imported } : {}),
    ...(whole ? { feedback } : {}),
    ...(v.is(SPAN_ORIGIN, origin) ? { origin } : {}),
    ...(Number.isFinite(created) ? { created } : {}),
  };
}

function describeDeleted(deleted: readonly KeptLabel[]): string {
  const what = deleted.map((kept) => `${quoteText(kept.text)} ${kept.label}`).join(', ');
  return deleted.length === 1
    ? `A span you deleted just before the page closed is deleted: ${what}.`
    : `${deleted.length} spans you deleted just before the page closed are deleted: ${what}.`;
}

function describeSaved(saved: readonly KeptLabel[]): string {
  const what = saved.map((kept) => `${quoteText(kept.text)} ${kept.label}`).join(', ');
  return saved.length === 1
    ? `A label you made just before the page closed was saved: ${what}.`
    : `${saved.length} labels you made just before the page closed were saved: ${what}.`;
}

function describeLost(kept: KeptLabel, why: 'document' | 'label' | 'changed'): string {
  if (kept.kind === 'delete')
    return `A span you deleted just before the page closed, ${quoteText(kept.text)} ${kept.label}, may not have been deleted: its layer was changed since (in another tab). Delete it again if it is still there.`;
  const what = `A label you made just before the page closed, ${quoteText(kept.text)} ${kept.label},`;
  if (why === 'changed')
    return `${what} may not have been saved: its layer was changed since (in another tab). Label it again if it is missing.`;
  const reason = why === 'document' ? 'its document is gone' : `the label ${kept.label} was removed meanwhile`;
  return `${what} was not saved: ${reason}.`;
}

/** Stores `input` as a new span through `store`, kept in `journal` while it is written. */
export async function createKept(
  journal: LabelJournal | undefined,
  store: Store,
  input: LabelInFlight,
  now: number,
): ReturnType<Store['createSpan']> {
  const kept = journal?.keep(input);
  try {
    return await store.createSpan(kept ? { ...input, id: kept.id } : input, now);
  } finally {
    kept?.done();
  }
}

/**
 * Runs `write` with `spans` kept in `journal` under their own ids (as labels to write, or as Deletes) until it has
 * ended, stored or refused: a page closed meanwhile has them done at the next start.
 */
export async function whileKept<T>(
  journal: LabelJournal | undefined,
  spans: readonly (LabelInFlight & { id: string })[],
  deleting: boolean,
  write: () => Promise<T>,
): Promise<T> {
  const kept = spans.map((span) => journal?.keep(span, { id: span.id, deleting }));
  try {
    return await write();
  } finally {
    for (const one of kept) one?.done();
  }
}

/** Deletes `span` through `store`, the Delete kept in `journal` while it is written (a reload then does not undo it). */
export function deleteKept(
  journal: LabelJournal | undefined,
  store: Store,
  span: Span | undefined,
  id: string,
  now: number,
): ReturnType<Store['deleteSpans']> {
  return whileKept(journal, span ? [span] : [], true, () => store.deleteSpans([id], now));
}

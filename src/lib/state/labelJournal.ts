import type { Span } from '../model/types';
import { browserLocks, type LockManagerLike } from '../storage/importTypes';
import type { LocalStore } from '../storage/localStore';
import type { Store } from '../storage/store';
import { readKept } from './keptDrafts';
import { TabWatch } from './tabLocks';
import { quoteText } from './truncate';

/** A span being written: what the label key made, before IndexedDB has it. */
export type LabelInFlight = Pick<Span, 'documentId' | 'annotator' | 'start' | 'end' | 'label' | 'text'>;

/** As kept: which tab wrote it, and when (its clock, milliseconds). */
interface KeptLabel extends LabelInFlight {
  tab: string;
  at: number;
}

/** What the status line is told. */
export type JournalReport = (text: string, tone: 'info' | 'error') => void;

const PREFIX = 'spanwright.labelInFlight.';
const STRINGS = ['documentId', 'annotator', 'label', 'text', 'tab'];
/** Without Web Locks, another tab's label this old is taken for one its page left unwritten. */
export const STALE_MS = 30_000;

/**
 * The labels being written, kept in localStorage from the label key until IndexedDB has committed
 * them. IndexedDB commits a moment after the key; a tab closed within that moment (a few
 * milliseconds) took the label with it. localStorage is written at once, and outlives the page: the
 * next start, or another tab once this one has gone, writes what was left. Writing one twice stores it
 * once (a span's twin is refused), so a label committed just before its page went is not doubled.
 */
export class LabelJournal {
  readonly #storage: LocalStore | undefined;
  readonly #tab: string;
  readonly #now: () => number;
  readonly #tabs: TabWatch;

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

  /** Keeps `label` (synchronously) until the call it answers: once its write has ended, stored or refused. */
  keep(label: LabelInFlight): () => void {
    const key = `${PREFIX}${this.#tab}/${crypto.randomUUID()}`;
    const { documentId, annotator, start, end, text } = label;
    const kept: KeptLabel = {
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
    return () => this.#forget(key);
  }

  /**
   * Writes the labels that tabs now gone left unwritten, and says so in the status line; those of a
   * tab that still lives are written once it has gone (without Web Locks, once they are {@link STALE_MS} old).
   */
  async replay(store: Store, report: JournalReport): Promise<void> {
    const live = await this.#tabs.live();
    const now = this.#now();
    const due: [string, KeptLabel][] = [];
    for (const [key, kept] of this.#all()) {
      if (kept.tab === this.#tab) continue;
      if (live ? !live.has(kept.tab) : now - kept.at > STALE_MS) due.push([key, kept]);
      else if (live) this.#tabs.whenGone(kept.tab, () => this.replay(store, report));
    }
    const saved: KeptLabel[] = [];
    const lost: string[] = [];
    for (const [key, kept] of due) {
      let outcome: 'saved' | 'already' | 'document' | 'label';
      try {
        outcome = await writeOne(store, kept, now);
      } catch {
        continue; // Storage failed: the label stays for the next start.
      }
      this.#forget(key);
      if (outcome === 'saved') saved.push(kept);
      else if (outcome !== 'already') lost.push(describeLost(kept, outcome));
    }
    const texts = [...(saved.length > 0 ? [describeSaved(saved)] : []), ...lost];
    if (texts.length > 0) report(texts.join(' '), lost.length > 0 ? 'error' : 'info');
  }

  /** Stops waiting for other tabs to go. */
  stop(): void {
    this.#tabs.stop();
  }

  /** Every kept label of every tab, with its key; a damaged one is removed. */
  #all(): [string, KeptLabel][] {
    return readKept<KeptLabel>(this.#storage, PREFIX, STRINGS, 'at').filter(([key, kept]) => {
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

/** Writes one label left unwritten: stored; there already (its write had committed); or not, with why. */
async function writeOne(
  store: Store,
  kept: KeptLabel,
  now: number,
): Promise<'saved' | 'already' | 'document' | 'label'> {
  if (!(await store.readDocument(kept.documentId))) return 'document';
  const { documentId, annotator, start, end, label, text } = kept;
  const written = await store.createSpan({ documentId, annotator, start, end, label, text }, now);
  if ('span' in written) return 'saved';
  return written.refused === 'twin' ? 'already' : 'label';
}

function describeSaved(saved: readonly KeptLabel[]): string {
  const what = saved.map((kept) => `${quoteText(kept.text)} ${kept.label}`).join(', ');
  return saved.length === 1
    ? `A label you made just before the page closed was saved: ${what}.`
    : `${saved.length} labels you made just before the page closed were saved: ${what}.`;
}

function describeLost(kept: KeptLabel, why: 'document' | 'label'): string {
  const reason = why === 'document' ? 'its document is gone' : `the label ${kept.label} was removed meanwhile`;
  return `A label you made just before the page closed, ${quoteText(kept.text)} ${kept.label}, was not saved: ${reason}.`;
}

/** Stores `input` as a new span through `store`, kept in `journal` while it is written. */
export async function createKept(
  journal: LabelJournal | undefined,
  store: Store,
  input: LabelInFlight,
  now: number,
): ReturnType<Store['createSpan']> {
  const written = journal?.keep(input);
  try {
    return await store.createSpan(input, now);
  } finally {
    written?.();
  }
}

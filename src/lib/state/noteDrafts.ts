import type { DraftMirror } from '../storage/draftMirror';
import { browserLocks, type LockManagerLike } from '../storage/importTypes';
import type { LocalStore } from '../storage/localStore';
import type { Store } from '../storage/store';
import { parseKept, readKept, readKeptAs } from './keptDrafts';
import { TabWatch } from './tabLocks';
import { quoteText } from './truncate';

/** Where drafts are kept: localStorage in the app (storage/localStore.ts), a map in tests. */
export type DraftStorage = LocalStore;

/** How a tab is set up; each has a default for the app. */
export interface NoteDraftOptions {
  now?: () => number;
  /** This tab's id (new at every page load). */
  tab?: string;
  /** Web Locks (undefined without them: beats decide). */
  locks?: LockManagerLike;
  /** How long a reloading tab's drafts are left to its next start ({@link CLOSED_GRACE_MS}). */
  closedGraceMs?: number;
  /** The drafts kept in IndexedDB as well (storage/draftMirror.ts), for a browser killed before localStorage was on disk. */
  mirror?: Pick<DraftMirror, 'set' | 'read'>;
}

/**
 * A note being written on a span, kept in localStorage at every key stroke so that a reload, a crash
 * or a closed tab does not take it: the next start saves it as the span's note.
 */
export interface NoteDraft {
  annotator: string;
  documentId: string;
  spanId: string;
  /** The span's text, to name it in the status line. */
  spanText: string;
  /** The span's note as it was stored when editing began: the draft is restored only over that note. */
  from: string;
  draft: string;
}

/** A draft as kept: whose tab wrote it, and whether that tab is still there to finish it. */
interface KeptDraft extends NoteDraft {
  tab: string;
  /** When the writing tab last said it is still editing (its clock, milliseconds). */
  beat: number;
  /** Set as the writing page goes away (reload, closed tab, navigation): no tab is editing it any more. */
  closed?: boolean;
}

/** What the status line is told: a text, and whether it must stay (a draft not saved, to copy). */
export type DraftReport = (text: string, tone: 'info' | 'error') => void;

const PREFIX = 'spanwright.noteDraft.';
/**
 * Where a draft dropped (Esc) or saved is marked gone in localStorage too, by key after {@link PREFIX}, with when:
 * a reload right after Esc may come before the mirror's removal commits, and its draft must not come back.
 */
const GONE = 'spanwright.noteDraftGone.';
/** A kept draft's string fields (its number field is `beat`). */
const STRINGS = ['annotator', 'documentId', 'spanId', 'spanText', 'from', 'draft', 'tab'];
/** How often a tab with an open note field says it is still editing. */
export const BEAT_MS = 5_000;
/**
 * A draft whose tab has said nothing for this long is taken for a crashed tab's. Long enough for a
 * background tab, whose timers the browser may slow to once a minute.
 */
export const STALE_MS = 150_000;
/** How long a tab leaves a reloading tab's drafts to that tab's next start before it saves them itself. */
export const CLOSED_GRACE_MS = 5_000;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The drafts of unsaved notes. A draft belongs to the tab that wrote it: each tab has an id of its
 * own (new at every page load) in the key, and while its note field is open it refreshes `beat`.
 * At start a tab restores only drafts no tab is editing any more: those marked `closed` (their page
 * went away: a reload, a closed tab, "Reload to update") and those whose beat is older than
 * {@link STALE_MS} (their tab crashed). Another live tab's draft is left to that tab, and looked at
 * again once it could be stale. Where the browser has Web Locks, a tab is live while it holds its
 * lock: a crashed tab's drafts (or all drafts, after the browser itself was killed) are saved at the
 * next start at once, and a live tab's as soon as it goes.
 */
export class NoteDrafts {
  readonly #storage: DraftStorage | undefined;
  readonly #now: () => number;
  readonly #tab: string;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /** Which other tabs live (Web Locks; without them, beats decide). */
  readonly #tabs: TabWatch;
  readonly #closedGraceMs: number;
  readonly #mirror: NoteDraftOptions['mirror'];

  constructor(storage: DraftStorage | undefined, options: NoteDraftOptions = {}) {
    const { now = Date.now, tab = crypto.randomUUID(), closedGraceMs = CLOSED_GRACE_MS } = options;
    const locks = 'locks' in options ? options.locks : browserLocks();
    this.#closedGraceMs = closedGraceMs;
    this.#storage = storage;
    this.#mirror = options.mirror;
    this.#now = now;
    this.#tab = tab;
    this.#tabs = new TabWatch(locks, tab);
  }

  /** Keeps `draft` (synchronously); one that leaves the note as it was is not kept. */
  keep(draft: NoteDraft): void {
    const key = this.#key(draft);
    if (draft.draft.trim() === draft.from.trim()) return this.#remove(key);
    if (this.#mirror) this.#forget(GONE + key.slice(PREFIX.length));
    this.#write(key, { ...draft, tab: this.#tab, beat: this.#now() });
  }

  /** Forgets this tab's draft of `draft`'s span (saved, or discarded by Esc). */
  drop(draft: Pick<NoteDraft, 'annotator' | 'documentId' | 'spanId'>): void {
    this.#remove(this.#key(draft));
  }

  /** Says this tab is still editing its drafts (a timer calls it while a note field is open). */
  beat(): void {
    this.#rewrite((kept) => ({ ...kept, beat: this.#now(), closed: false }));
  }

  /** The page goes away (pagehide): its drafts are no longer edited, the next start saves them. */
  markClosed(): void {
    this.#rewrite((kept) => ({ ...kept, closed: true }));
  }

  /**
   * Saves `draft` as its span's note through `save` (the labelling's undoable step) when it differs from
   * the stored note: the note field closed by a save, or by the user moving on (another span, another
   * document), which saves as a spreadsheet cell does. With `announce`, the status line says so. The
   * kept draft goes once the note is stored; a span gone meanwhile, or a note another tab changed
   * since the field opened (not written over), is reported with the draft's text; so is one `refused` (the reason).
   */
  async commit(
    draft: NoteDraft,
    save: (spanId: string, note: string, from: string) => Promise<void>,
    store: Store,
    report: DraftReport,
    announce: boolean,
    refused: string | null = null,
  ): Promise<void> {
    const stored = () => store.spanById(draft.spanId);
    try {
      const before = await stored();
      if (before && (before.note ?? '') === draft.draft.trim()) return this.drop(draft);
      // A layer that takes no writes now (team sync: another member's): said with the text, which is not kept to
      // be written at the next start either (helper-198: it was, into this browser only).
      if (refused !== null) return void (this.drop(draft), report(`${refused} Your note: ${draft.draft}`, 'error'));
      if (!before) {
        this.drop(draft);
        return report(describeLost(draft, 'gone', 'The note you were writing'), 'error');
      }
      await save(draft.spanId, draft.draft, draft.from);
      const after = await stored();
      if ((after?.note ?? '') !== draft.draft.trim()) {
        // Gone, or its note changed meanwhile (another tab: not written over), the draft's text is given;
        // else the write failed and said so itself, and the draft stays kept for the next start.
        const lost = !after ? 'gone' : (after.note ?? '') !== draft.from ? 'changed' : null;
        if (lost) this.drop(draft);
        if (lost) report(describeLost(draft, lost, 'The note you were writing'), 'error');
        return;
      }
      this.drop(draft);
      if (announce) report(`Note saved on ${quoteText(draft.spanText)}.`, 'info');
    } catch {
      // Storage closed (the workbench stopped): the kept draft is saved at the next start.
    }
  }

  /**
   * Saves every draft no tab is editing any more as its span's note, only while the span is there and
   * its note is still the one the draft began from; says in the status line what was saved, and
   * gives the text of a draft that could not be. Drafts of live tabs are looked at again later.
   */
  async restore(
    store: Store,
    report: DraftReport,
    refuses: (annotator: string) => Promise<string | null> = async () => null,
  ): Promise<void> {
    const now = this.#now();
    const due: { key: string; kept: KeptDraft }[] = [];
    let next = Infinity;
    const live = await this.#tabs.live();
    for (const [key, kept] of await this.#allKept(live)) {
      if (kept.tab === this.#tab) continue;
      const gone = live ? !live.has(kept.tab) : now - kept.beat > STALE_MS;
      if (kept.closed === true || gone) due.push({ key, kept });
      else if (live) this.#whenGone(kept.tab, () => this.restore(store, report));
      else next = Math.min(next, kept.beat + STALE_MS - now + 1);
    }
    const saved: KeptDraft[] = [];
    const lost: string[] = [];
    for (const { key, kept } of due) {
      let outcome: 'saved' | 'already' | 'changed' | 'gone';
      try {
        // A note on a layer this copy may not write (team sync: another member's) is not written here (helper-198).
        const refused = await refuses(kept.annotator);
        if (refused !== null) {
          this.#remove(key, false);
          lost.push(
            `A note you were writing before the page closed, on ${quoteText(kept.spanText)}, was not saved. ${refused} Your text: ${kept.draft}`,
          );
          continue;
        }
        outcome = await restoreOne(store, kept, now);
      } catch {
        continue; // Storage failed: the draft stays for the next start.
      }
      this.#remove(key, false);
      if (outcome === 'saved') saved.push(kept);
      else if (outcome !== 'already')
        lost.push(describeLost(kept, outcome, 'A note you were writing before the page closed'));
    }
    const texts = [...(saved.length > 0 ? [describeSaved(saved)] : []), ...lost];
    if (texts.length > 0) report(texts.join(' '), lost.length > 0 ? 'error' : 'info');
    if (next !== Infinity && !this.#stopped)
      this.#retry = setTimeout(() => void this.restore(store, report), Math.min(next, STALE_MS));
  }

  /** Stops looking again at other tabs' drafts. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#tabs.stop();
  }

  /** Runs `then` once the tab `tab` has gone (its lock is free), once per tab. */
  #whenGone(tab: string, then: () => Promise<void>): void {
    this.#tabs.whenGone(tab, async () => {
      // A page that went away on its own (marked closed) may be reloading: its next start saves the draft and says
      // so where the user looks. This tab saves it only if that start did not (a closed tab, a crash).
      if (this.#all().some(([, kept]) => kept.tab === tab && kept.closed === true)) await wait(this.#closedGraceMs);
      if (!this.#stopped) await then();
    });
  }

  #key({ annotator, documentId, spanId }: Pick<NoteDraft, 'annotator' | 'documentId' | 'spanId'>): string {
    return `${PREFIX}${this.#tab}/${[annotator, documentId, spanId].map(encodeURIComponent).join('/')}`;
  }

  /** Keeps `kept` at `key`, in localStorage and in the mirror. */
  #write(key: string, kept: KeptDraft): void {
    const value = JSON.stringify(kept);
    this.#mirror?.set(key, value);
    try {
      this.#storage?.setItem(key, value);
    } catch {
      // Storage full or refused (a privacy mode): the draft lives in the field (and the mirror) only.
    }
  }

  /**
   * Forgets the draft at `key`. The mirror keeps when (a removal's mark), to overrule an older copy localStorage kept;
   * localStorage keeps it too ({@link GONE}), to overrule the mirror's copy where its removal was not committed (not
   * for another tab's draft saved at a start: written again, it would be the note already).
   */
  #remove(key: string, markGone = true): void {
    const now = this.#now();
    this.#mirror?.set(key, JSON.stringify({ removed: true, beat: now }));
    this.#forget(key);
    try {
      if (this.#mirror && markGone) this.#storage?.setItem(GONE + key.slice(PREFIX.length), String(now));
    } catch {
      // Storage full or refused: the mirror's mark is the only one.
    }
  }

  /** Takes the draft at `key` out of localStorage only. */
  #forget(key: string): void {
    try {
      this.#storage?.removeItem(key);
    } catch {
      // Nothing to do: a storage that refuses holds nothing of ours.
    }
  }

  /** Rewrites this tab's drafts with `change`. */
  #rewrite(change: (kept: KeptDraft) => KeptDraft): void {
    for (const [key, kept] of this.#all()) if (kept.tab === this.#tab) this.#write(key, change(kept));
  }

  /** Every kept draft in localStorage, of every tab, with its key. */
  #all(): [string, KeptDraft][] {
    return readKept<KeptDraft>(this.#storage, PREFIX, STRINGS, 'beat');
  }

  /**
   * Every kept draft with its key: localStorage's, and the mirror's where it is newer or localStorage
   * has none (a killed browser had not written it to disk yet); a removal the mirror marked (saved, or
   * dropped by Esc) after localStorage's copy was written takes that copy away. A live tab's (`live`)
   * and this tab's only from localStorage, which they write first.
   */
  async #allKept(live: Set<string> | null): Promise<[string, KeptDraft][]> {
    const found = new Map(this.#all());
    const gone = this.#gone();
    const tabOf = (key: string) => key.slice(PREFIX.length).split('/')[0];
    for (const [key, raw] of (await this.#mirror?.read(PREFIX)) ?? []) {
      const tab = tabOf(key);
      if (tab === this.#tab || live?.has(tab)) continue;
      const there = found.get(key);
      const removed = removalOf(raw);
      const kept = removed === null ? (parseKept(raw, STRINGS, 'beat') as KeptDraft | null) : null;
      if (removed !== null && there && there.beat <= removed) {
        found.delete(key);
        this.#forget(key);
      }
      const dropped = kept !== null && kept.beat <= (gone.get(key) ?? -Infinity);
      if (kept === null || dropped)
        this.#mirror?.set(key, null); // a removal's mark, used; a draft dropped after it was kept; or damaged
      else if (!there || kept.beat > there.beat) found.set(key, kept);
    }
    // The marks of tabs known gone are used (without Web Locks none is known gone: a live tab's may yet be needed).
    for (const key of gone.keys())
      if (tabOf(key) !== this.#tab && live !== null && !live.has(tabOf(key)))
        this.#forget(GONE + key.slice(PREFIX.length));
    return [...found];
  }

  /** When each draft was marked gone in localStorage, by the draft's key. */
  #gone(): Map<string, number> {
    const marks = readKeptAs(this.#storage, GONE, (raw) => (Number.isFinite(Number(raw)) ? Number(raw) : null));
    return new Map(marks.map(([key, at]) => [PREFIX + key.slice(GONE.length), at]));
  }
}

/** When a removal's mark in the mirror was made (its `beat`), or null for a draft (or anything else). */
function removalOf(raw: string): number | null {
  try {
    const value = JSON.parse(raw) as { removed?: unknown; beat?: unknown } | null;
    return value?.removed === true && typeof value.beat === 'number' ? value.beat : null;
  } catch {
    return null;
  }
}

/**
 * Writes one draft through the store's `from` guard: saved; already the note; not saved because the
 * note changed since editing began (another tab); or not saved because the span is gone.
 */
async function restoreOne(
  store: Store,
  kept: KeptDraft,
  now: number,
): Promise<'saved' | 'already' | 'changed' | 'gone'> {
  const result = await store.setSpanNote(kept.spanId, kept.draft, now, kept.from);
  if (result) return result.after === result.before ? 'changed' : 'saved';
  // Nothing written: the span is gone, or its note is the draft already.
  return (await store.spanById(kept.spanId)) ? 'already' : 'gone';
}

function describeSaved(saved: readonly KeptDraft[]): string {
  const where = saved.map((kept) => `${quoteText(kept.spanText)}`).join(', ');
  return saved.length === 1
    ? `A note you were writing before the page closed was saved on ${where}.`
    : `${saved.length} notes you were writing before the page closed were saved, on ${where}.`;
}

function describeLost(draft: NoteDraft, why: 'changed' | 'gone', what: string): string {
  const span = `${quoteText(draft.spanText)}`;
  const reason =
    why === 'gone' ? `the span ${span} is gone` : `the note on ${span} was changed meanwhile (in another tab)`;
  return `${what} was not saved: ${reason}. Your text: ${draft.draft}`;
}

import type { LocalStore } from '../storage/localStore';
import type { Store } from '../storage/store';
import type { DraftReport } from './noteDrafts';
import { readKept } from './keptDrafts';
import { quoteText } from './truncate';

/**
 * A label's description being typed in Settings → Labels, kept in localStorage at every key stroke
 * until it is stored. The description is written to the database as it is typed, one write at a
 * time, so a reload, a closed tab or a crash in the moment after the last key strokes took them (the
 * write in flight, and the text typed behind it). The next start writes a kept draft over the text
 * it was typed over, and only over that: a description changed since (another tab) is not written
 * over, and the draft's text is given in the status line.
 */
interface KeptDescription {
  label: string;
  /** The description as stored when this text was typed over it. */
  from: string;
  /** A text on its way to storage as the page went: it may have arrived, and the draft goes over it too. */
  sending?: string;
  draft: string;
  tab: string;
  /** When it was last typed (the writing tab's clock, milliseconds). */
  at: number;
  /** Set as the writing page goes away (reload, closed tab): no tab is writing it any more. */
  closed?: boolean;
}

const PREFIX = 'spanwright.descriptionDraft.';
/**
 * A draft left this long by a tab that did not say it went is taken for a crashed tab's: a live tab's
 * draft goes as soon as its text is stored, a few milliseconds after the last key stroke.
 */
export const DESCRIPTION_STALE_MS = 10_000;

export class DescriptionDrafts {
  readonly #storage: LocalStore | undefined;
  readonly #now: () => number;
  readonly #tab: string;
  /** By label: the description this tab last stored (or found) while its field is being typed in. */
  readonly #from = new Map<string, string>();
  /** By label: the text this tab is writing now, if any. */
  readonly #sending = new Map<string, string>();
  /** By label: the text last typed in this tab (what its kept record holds as `draft`). */
  readonly #typed = new Map<string, string>();
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(storage: LocalStore | undefined, now: () => number = Date.now, tab: string = crypto.randomUUID()) {
    this.#storage = storage;
    this.#now = now;
    this.#tab = tab;
  }

  /** `draft` was typed in `label`'s description, which is `stored` now (read at the first key stroke only). */
  typed(label: string, stored: string, draft: string): void {
    if (!this.#from.has(label)) this.#from.set(label, stored);
    this.#typed.set(label, draft);
    this.#keep(label, draft);
  }

  /** `text` is on its way to storage as `label`'s description (it may arrive though the page goes first). */
  sending(label: string, text: string): void {
    this.#sending.set(label, text);
    const draft = this.#typed.get(label);
    if (draft !== undefined) this.#keep(label, draft);
  }

  /** `text` is stored as `label`'s description: the kept draft goes, or is now typed over `text`. */
  written(label: string, text: string, draft: string): void {
    this.#sending.delete(label);
    this.#from.set(label, text);
    if (draft === text) this.#remove(this.#key(label));
    else this.#keep(label, draft);
  }

  /** The field was left: its next key stroke reads the stored description again. */
  left(label: string): void {
    this.#from.delete(label);
    this.#sending.delete(label);
    this.#typed.delete(label);
  }

  /** The page goes away (pagehide): the next start writes this tab's drafts at once. */
  markClosed(): void {
    for (const [key, kept] of this.#all()) if (kept.tab === this.#tab) this.#set(key, { ...kept, closed: true });
  }

  /**
   * Writes every draft no tab is writing any more (closed, or left for {@link DESCRIPTION_STALE_MS})
   * over the description it was typed over, says what was saved, and gives the text of a draft that
   * could not be; drafts of live tabs are looked at again later.
   */
  async restore(store: Store, report: DraftReport): Promise<void> {
    const now = this.#now();
    let next = Infinity;
    const saved: string[] = [];
    const lost: string[] = [];
    for (const [key, kept] of this.#all()) {
      if (kept.tab === this.#tab) continue;
      if (kept.closed !== true && now - kept.at <= DESCRIPTION_STALE_MS) {
        next = Math.min(next, kept.at + DESCRIPTION_STALE_MS - now + 1);
        continue;
      }
      let outcome: Awaited<ReturnType<Store['describeLabelIf']>>;
      try {
        const over = kept.sending === undefined ? [kept.from] : [kept.from, kept.sending];
        outcome = await store.describeLabelIf(kept.label, over, kept.draft);
      } catch {
        continue; // Storage failed: the draft stays for the next start.
      }
      this.#remove(key);
      if (outcome === 'saved') saved.push(quoteText(kept.label));
      else if (outcome !== 'already')
        lost.push(
          `The description of ${quoteText(kept.label)} you were writing before the page closed was not saved: ${
            outcome === 'gone' ? 'the label is gone' : 'it was changed meanwhile (in another tab)'
          }. Your text: ${kept.draft}`,
        );
    }
    const texts = [
      ...(saved.length > 0
        ? [`The description you were writing before the page closed was saved, on ${saved.join(', ')}.`]
        : []),
      ...lost,
    ];
    if (texts.length > 0) report(texts.join(' '), lost.length > 0 ? 'error' : 'info');
    if (next !== Infinity && !this.#stopped) this.#retry = setTimeout(() => void this.restore(store, report), next);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
  }

  #keep(label: string, draft: string): void {
    const from = this.#from.get(label) ?? '';
    const key = this.#key(label);
    const sending = this.#sending.get(label);
    // Typed back to the stored text: nothing to keep, unless another text is on its way over it.
    if (draft === from && (sending === undefined || sending === from)) return this.#remove(key);
    this.#set(key, {
      label,
      from,
      draft,
      tab: this.#tab,
      at: this.#now(),
      ...(sending === undefined ? {} : { sending }),
    });
  }

  #key(label: string): string {
    return `${PREFIX}${this.#tab}/${encodeURIComponent(label)}`;
  }

  #set(key: string, kept: KeptDescription): void {
    try {
      this.#storage?.setItem(key, JSON.stringify(kept));
    } catch {
      // Storage full or refused (a privacy mode): the draft lives in the field only, as before.
    }
  }

  #remove(key: string): void {
    try {
      this.#storage?.removeItem(key);
    } catch {
      // A storage that refuses holds nothing of ours.
    }
  }

  /** Every kept draft, of every tab, with its key (a damaged one is removed). */
  #all(): [string, KeptDescription][] {
    return readKept<KeptDescription>(this.#storage, PREFIX, ['label', 'from', 'draft', 'tab'], 'at');
  }
}

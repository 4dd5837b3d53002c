import type { LockManagerLike } from '../storage/importTypes';

/** The Web Lock each tab holds while its page lives, by its tab id: a crash or a closed tab lets it go. */
const TAB_LOCK = 'spanwright-tab:';

/**
 * Which tabs live, by the Web Lock each holds while its page lives (its id, new at every page load):
 * what a tab left in localStorage for its page's end (a note's draft, a label being written) is taken
 * over by another tab, or the next start, only once that tab has gone. A crash or a closed tab lets
 * its lock go; without Web Locks (`query` missing) nothing is known, and callers fall back on age.
 */
export class TabWatch {
  /** Web Locks that can say which tabs hold theirs (undefined without them). */
  readonly #locks: LockManagerLike | undefined;
  /** The other tabs whose end this tab waits for; aborted at stop. */
  readonly #watched = new Set<string>();
  /** The tabs known gone: this tab was given their lock (and holds it while it takes over what they left). */
  readonly #gone = new Set<string>();
  readonly #stopping = new AbortController();

  constructor(locks: LockManagerLike | undefined, tab: string) {
    this.#locks = locks?.query ? locks : undefined;
    // Held while this page lives, never let go: the browser lets it go with the page.
    this.#locks?.request(TAB_LOCK + tab, {}, () => new Promise<never>(() => {})).catch(() => undefined);
  }

  get stopped(): boolean {
    return this.#stopping.signal.aborted;
  }

  /** The ids of the other tabs that live now; null without Web Locks (or when they fail). */
  async live(): Promise<Set<string> | null> {
    const held = await this.#locks?.query?.().catch(() => null);
    if (!held) return null;
    const names = (held.held ?? []).map((lock) => lock.name ?? '').filter((name) => name.startsWith(TAB_LOCK));
    return new Set(names.map((name) => name.slice(TAB_LOCK.length)).filter((tab) => !this.#gone.has(tab)));
  }

  /** Runs `then` once the tab `tab` has gone (its lock is free), once per tab, holding its lock meanwhile. */
  whenGone(tab: string, then: () => Promise<void>): void {
    if (this.#watched.has(tab) || this.stopped) return;
    this.#watched.add(tab);
    const options = { signal: this.#stopping.signal };
    this.#locks
      ?.request(TAB_LOCK + tab, options, async () => {
        this.#gone.add(tab);
        this.#watched.delete(tab);
        if (!this.stopped) await then();
      })
      .catch(() => this.#watched.delete(tab));
  }

  /** Stops waiting for other tabs. */
  stop(): void {
    this.#stopping.abort();
  }
}

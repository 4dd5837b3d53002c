import { scrollerOf } from '../../editor/scroller';
import type { SearchHit } from '../../model/searchHits';

/** What the text is shown with of the document search: its hits, the current one, and whether the search is on. */
export interface SearchShown {
  hits: readonly SearchHit[];
  /** The current hit's index (-1: none). */
  current: number;
  /** Whether a step was taken (Enter): the search then ends where it went, not back where the text was read. */
  stepped: boolean;
  /** Whether a search is on (its query not empty). */
  on: boolean;
}

/** Where a text was read (`top`, in `scroller`) before the search moved it; whether the reader `moved` on since. */
interface Reading {
  key: string;
  top: number;
  moved: boolean;
  scroller: HTMLElement;
}

/** No search. */
export const NO_SEARCH: SearchShown = { hits: [], current: -1, stepped: false, on: false };

/** The viewer's part in it. */
interface Marks {
  setSearchHits(hits: readonly SearchHit[], current: number): void;
  scrollToOffset(offset: number): void;
}

/** What the reader does in the text that moves on from where the search put it. */
const MOVES = ['wheel', 'pointerdown', 'keydown'] as const;

/**
 * How a text follows the document search, as a browser's find does: its hits marked, the current one scrolled to (a
 * new first hit, or a step); where the text was read before the search moved it is kept, and given back when the
 * search ends with neither a step taken nor the text scrolled or clicked since (a look, not a move: Esc, or the field
 * emptied).
 */
export class SearchFollow {
  #marked: { key: string; text: string; hits: readonly SearchHit[]; current: number } | null = null;
  /** Where the text `key` was scrolled before this search moved it; whether the reader moved on since. */
  #reading: Reading | null = null;
  readonly #moved = () => {
    if (this.#reading) this.#reading.moved = true;
  };

  /** Shows `next` on the text `key` (`text`), shown now in `viewer` in `host` (it, or a box around it, scrolls). */
  show(viewer: Marks, host: HTMLElement, key: string, text: string, next: SearchShown): void {
    const within = host.firstElementChild;
    const scrollerNow = () => (within instanceof HTMLElement ? scrollerOf(within) : null);
    const reading = this.#reading;
    if (reading && next.stepped) reading.moved = true;
    const marked = this.#marked;
    const same = marked !== null && marked.key === key && marked.text === text;
    if (!next.on) this.#keep(null);
    if (!next.on && reading && !reading.moved && reading.key === key && reading.scroller === scrollerNow())
      reading.scroller.scrollTop = reading.top;
    if (same && marked.hits === next.hits && marked.current === next.current) return;
    const showing = same && marked.hits.length > 0;
    this.#marked = { key, text, hits: next.hits, current: next.current };
    if (next.hits.length > 0 || showing) viewer.setSearchHits(next.hits, next.current);
    const hit = next.hits[next.current];
    const was = showing ? marked.hits[marked.current] : undefined;
    if (!hit || was?.start === hit.start) return;
    const scroller = this.#reading?.key === key ? null : scrollerNow();
    if (scroller) this.#keep({ key, top: scroller.scrollTop, moved: next.stepped, scroller });
    viewer.scrollToOffset(hit.start);
  }

  /** Lets go of the text (it is gone). */
  stop(): void {
    this.#keep(null);
  }

  /** Keeps `reading` (none: null), heeding what the reader does in its text meanwhile. */
  #keep(reading: Reading | null): void {
    for (const event of MOVES) this.#reading?.scroller.removeEventListener(event, this.#moved);
    this.#reading = reading;
    for (const event of MOVES) reading?.scroller.addEventListener(event, this.#moved, { passive: true });
  }
}

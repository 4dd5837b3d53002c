import { keepLineAtTop, lineAtTop } from '../../editor/linePlaces';
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

/**
 * Where a text was read before the search moved it: the line at the top of `scroller` (`line`, in the view `root`),
 * else how far it was scrolled (`top`); whether the reader `moved` on since.
 */
interface Reading {
  key: string;
  root: Element;
  line: { line: number; top: number } | null;
  top: number;
  moved: boolean;
  scroller: HTMLElement;
}

/** Frames a line given back is held where it was, while the chunks the scroll brings near are laid out. */
const SETTLE_FRAMES = 10;

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
      giveBack(reading);
    if (same && marked.hits === next.hits && marked.current === next.current) return;
    const showing = same && marked.hits.length > 0;
    this.#marked = { key, text, hits: next.hits, current: next.current };
    if (next.hits.length > 0 || showing) viewer.setSearchHits(next.hits, next.current);
    const hit = next.hits[next.current];
    const was = showing ? marked.hits[marked.current] : undefined;
    if (!hit || was?.start === hit.start) return;
    const scroller = this.#reading?.key === key ? null : scrollerNow();
    if (scroller && within)
      this.#keep({
        key,
        root: within,
        line: lineAtTop(within, scroller),
        top: scroller.scrollTop,
        moved: next.stepped,
        scroller,
      });
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

/**
 * Scrolls back to `reading`: its line where it stood, held there for a few frames (a long text's chunks off screen are
 * sized by estimate until shown, so the line moves as those the scroll brings near are laid out: helper-214 came back
 * 1,800 to 8,700 px off by the scroll offset alone). The reader's own wheel, key or click ends it.
 */
function giveBack(reading: Reading): void {
  const { root, line, scroller } = reading;
  if (line === null) return void (scroller.scrollTop = reading.top);
  let frames = 0;
  let stopped = false;
  const stop = () => (stopped = true);
  const events = ['wheel', 'keydown', 'pointerdown'] as const;
  for (const event of events) scroller.ownerDocument.addEventListener(event, stop, { capture: true, once: true });
  const hold = () => {
    if (stopped || !root.isConnected || frames++ >= SETTLE_FRAMES) {
      for (const event of events) scroller.ownerDocument.removeEventListener(event, stop, { capture: true });
      return;
    }
    keepLineAtTop(root, scroller, line);
    requestAnimationFrame(hold);
  };
  hold();
}

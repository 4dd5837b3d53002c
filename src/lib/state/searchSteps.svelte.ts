import { SEARCH_HIT_LIMIT, searchHits, type SearchHit } from '../model/searchHits';

/** How many hits of the open text Enter steps through at most (the text marks those around the current one). */
export const STEP_LIMIT = 100_000;

/**
 * The document search's hits in the open text, and which is current: the first, until Enter in the search field goes
 * to the next and Shift+Enter to the previous (round the ends), as a browser's find does. A query typed on after a
 * step keeps the hit it stands on, or goes to the next (helper-214: it went back to the first). A search ended with a
 * step taken leaves the caret at the current hit; one ended without gives the text back where it was read (TextView).
 */
export class SearchSteps {
  readonly #text: () => string;
  readonly #query: () => string;
  /** Where the text is read (the first line in view, UTF-16), when known: a new search starts there. */
  readonly #reading: () => number | null;
  /** Where the hit stepped to starts (or the search began), in which text: the current hit is the first there or after. */
  #anchor = $state<{ text: string; at: number } | null>(null);
  #stepped = $state(false);
  /** Where the hit stepped to started when the field was emptied (Esc then puts the caret there), else null. */
  #emptied: number | null = null;
  /** One hit more than {@link STEP_LIMIT} when the text holds more: the count then says "+". */
  readonly #found: readonly SearchHit[] = $derived.by(() => searchHits(this.#text(), this.#query(), STEP_LIMIT + 1));
  /** Every hit of the query in the open text, in reading order (UTF-16 offsets), up to {@link STEP_LIMIT}. */
  readonly all: readonly SearchHit[] = $derived.by(() =>
    this.#found.length > STEP_LIMIT ? this.#found.slice(0, STEP_LIMIT) : this.#found,
  );
  /** The current hit's index in {@link all}: the first until a step; -1 with none. */
  readonly current: number = $derived.by(() => {
    const hits = this.all;
    if (hits.length === 0) return -1;
    const anchor = this.#anchor;
    if (anchor === null || anchor.text !== this.#text()) return 0;
    const after = firstFrom(hits, anchor.at);
    return after === hits.length ? 0 : after;
  });
  /**
   * The hits the text marks: all of them, or the {@link SEARCH_HIT_LIMIT} around the current one where there are more
   * (marking each of 100,000 would hold the page); `current`, the current one's index among them.
   */
  readonly shown: { hits: readonly SearchHit[]; current: number } = $derived.by(() => {
    const [hits, current] = [this.all, this.current];
    if (hits.length <= SEARCH_HIT_LIMIT) return { hits, current };
    const from = Math.min(Math.max(0, current - SEARCH_HIT_LIMIT / 2), hits.length - SEARCH_HIT_LIMIT);
    return { hits: hits.slice(from, from + SEARCH_HIT_LIMIT), current: current - from };
  });

  constructor(text: () => string, query: () => string, reading: () => number | null = () => null) {
    this.#text = text;
    this.#query = query;
    this.#reading = reading;
  }

  /** Whether a step was taken in the open text since the search began (its hits gone through, not only looked at). */
  get stepped(): boolean {
    return this.#stepped && this.#anchor?.text === this.#text();
  }

  /** How many hits the open text holds, as said: "19", or "100,000+" past {@link STEP_LIMIT}. */
  get count(): string {
    return `${this.all.length.toLocaleString('en')}${this.#found.length > STEP_LIMIT ? '+' : ''}`;
  }

  /** "hit 3 of 19" (or of "100,000+"), where the search stands in the open text; '' with no hit. */
  get standing(): string {
    const count = this.all.length;
    if (count === 0) return '';
    return `hit ${(this.current + 1).toLocaleString('en')} of ${this.count}`;
  }

  /** Enter (+1) or Shift+Enter (-1): the next or previous hit is current; what a screen reader is told. */
  step(direction: 1 | -1): string {
    const count = this.all.length;
    if (count === 0) return this.#query().trim() === '' ? '' : 'No hit in the open text.';
    const at = (((this.current + direction) % count) + count) % count;
    this.#anchor = { text: this.#text(), at: this.all[at].start };
    this.#stepped = true;
    return `${this.standing[0].toUpperCase()}${this.standing.slice(1)} in the open text.`;
  }

  /**
   * The field now holds `query`. A search begun starts from where the text is read, as a browser's find does (the
   * first hit below, else round to the first); emptied after a step, it is over, and Esc puts the caret where it was.
   */
  typed(query: string): void {
    if (query.trim() !== '') {
      this.#emptied = null;
      const at = this.#anchor === null ? this.#reading() : null;
      if (at !== null) this.#anchor = { text: this.#text(), at };
      return;
    }
    // Called before the field's query is cleared: the hit the text shows now.
    this.#emptied = this.stepped ? (this.all[this.current]?.start ?? null) : null;
    this.#anchor = null;
    this.#stepped = false;
  }

  /** The search ends (Esc): where the caret goes, the current hit's start after a step, else null. */
  end(): number | null {
    const at = this.stepped ? (this.all[this.current]?.start ?? null) : this.#emptied;
    this.#anchor = null;
    this.#stepped = false;
    this.#emptied = null;
    return at;
  }
}

/** The index of the first of `hits` (in reading order) starting at or after `at`; their count when none does. */
function firstFrom(hits: readonly SearchHit[], at: number): number {
  let [low, high] = [0, hits.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (hits[middle].start < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The search steps of the Documents page: the corpus's query in the open document's text (of `workbench()`). */
export function openTextSearch(
  workbench: () => {
    document: { current: { text: string } | null; viewer: { firstOffsetInView?(): number } | null };
    corpus: { query: string };
  },
): SearchSteps {
  return new SearchSteps(
    () => workbench().document.current?.text ?? '',
    () => workbench().corpus.query,
    () => workbench().document.viewer?.firstOffsetInView?.() ?? null,
  );
}

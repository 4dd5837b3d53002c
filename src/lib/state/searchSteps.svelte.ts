import { SEARCH_HIT_LIMIT, searchHits, type SearchHit } from '../model/searchHits';

/** Which of the hits is current, and of what: the query and text it was stepped in. */
interface Steps {
  query: string;
  text: string;
  at: number;
}

/**
 * The document search's hits in the open text, and which is current: the first, until Enter in the search field goes
 * to the next and Shift+Enter to the previous (round the ends), as a browser's find does. A search ended with a step
 * taken leaves the caret at the current hit; one ended without gives the text back where it was read (TextView).
 */
export class SearchSteps {
  readonly #text: () => string;
  readonly #query: () => string;
  #steps = $state<Steps | null>(null);
  #stepped = $state(false);
  /** The hits of the query in the open text, in reading order (UTF-16 offsets). */
  readonly hits: readonly SearchHit[] = $derived.by(() => searchHits(this.#text(), this.#query()));

  constructor(text: () => string, query: () => string) {
    this.#text = text;
    this.#query = query;
  }

  /** The current hit's index in {@link hits}: the first until a step; -1 with none. */
  get current(): number {
    const count = this.hits.length;
    if (count === 0) return -1;
    const steps = this.#steps;
    const here = steps !== null && steps.query === this.#query().trim() && steps.text === this.#text();
    return here ? ((steps.at % count) + count) % count : 0;
  }

  /** Whether a step was taken since the search began (its hits were gone through, not only looked at). */
  get stepped(): boolean {
    return this.#stepped;
  }

  /** Enter (+1) or Shift+Enter (-1): the next or previous hit is current; what a screen reader is told. */
  step(direction: 1 | -1): string {
    const count = this.hits.length;
    if (count === 0) return this.#query().trim() === '' ? '' : 'No hit in the open text.';
    const at = this.current + direction;
    this.#steps = { query: this.#query().trim(), text: this.#text(), at: ((at % count) + count) % count };
    this.#stepped = true;
    const more = count === SEARCH_HIT_LIMIT ? ' or more' : '';
    return `Hit ${this.current + 1} of ${count}${more} in the open text.`;
  }

  /** The search ends (Esc, or its field emptied): where the caret goes, the current hit's start after a step, else null. */
  end(): number | null {
    const at = this.#stepped ? (this.hits[this.current]?.start ?? null) : null;
    this.#steps = null;
    this.#stepped = false;
    return at;
  }
}

/** The search steps of the Documents page: the corpus's query in the open document's text (of `workbench()`). */
export function openTextSearch(
  workbench: () => { document: { current: { text: string } | null }; corpus: { query: string } },
): SearchSteps {
  return new SearchSteps(
    () => workbench().document.current?.text ?? '',
    () => workbench().corpus.query,
  );
}

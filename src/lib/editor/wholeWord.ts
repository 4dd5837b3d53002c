import type { EditorView } from '@tiptap/pm/view';
import { cliticBefore } from '../model/tokens';

/** How far either side of a double-clicked word the text is read for its bounds (no word is longer). */
const REACH = 256;

/**
 * The word-like segment of `text` (Unicode word bounds, as the browser's) holding all of UTF-16 range
 * [start, end) and longer than it; null when there is none (the range is a word already, or no word).
 */
export function wholeWord(text: string, start: number, end: number): { start: number; end: number } | null {
  const from = Math.max(0, start - REACH);
  const segment = new Intl.Segmenter(undefined, { granularity: 'word' })
    .segment(text.slice(from, Math.min(text.length, end + REACH)))
    .containing(start - from);
  if (!segment?.isWordLike) return null;
  const word = { start: from + segment.index, end: from + segment.index + segment.segment.length };
  return word.start <= start && end <= word.end && word.end - word.start > end - start ? word : null;
}

/**
 * A double-clicked word without the English clitic that ends it: "Russia" of "Russia’s", as the tokens cut it
 * (`tokens.ts`) and as a name is labelled. A drag over the clitic's letters takes it, and a key after a
 * double-click on a span that holds it relabels that span (`selectionOnSpan.ts`).
 */
export function withoutClitic(text: string, word: { start: number; end: number }): { start: number; end: number } {
  // Past the space a double-click selects after its word on Windows ("Russia’s ").
  let end = word.end;
  while (end > word.start && /\s/u.test(text[end - 1])) end--;
  const clitic = cliticBefore(text, end);
  return clitic > word.start ? { start: word.start, end: clitic } : word;
}

/**
 * After a double-click, selects its word whole: the caret bar the first click drew stands inside the
 * word (an element, not text), and the browser's word selection stops there ("Kir" of "Kirby"). A clitic
 * after the word stays out ({@link withoutClitic}).
 * `selected` is the browser's selection as text offsets; `position` maps a text offset into the view.
 */
export function selectWholeWord(
  view: EditorView,
  text: string,
  selected: { start: number; end: number } | null,
  position: (offset: number) => number,
): { start: number; end: number } | null {
  if (!selected) return null;
  const word = withoutClitic(text, wholeWord(text, selected.start, selected.end) ?? selected);
  if (word.start === selected.start && word.end === selected.end) return selected;
  const [from, to] = [view.domAtPos(position(word.start)), view.domAtPos(position(word.end))];
  view.dom.ownerDocument.getSelection()?.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
  return word;
}

/**
 * The word a double-click selected, while it is still the selection: a label key on it relabels the
 * span it selected too (a drag over the same words, or keys, add a second label). The next mouse
 * press anywhere, a new text or a cleared selection forgets it.
 */
export class DoubleClicks {
  #word: { start: number; end: number } | null = null;
  /** `select`: selects a double-click's word whole, answering it (or the selection as it is). */
  constructor(private readonly select: () => { start: number; end: number } | null) {}

  readonly #took = () => (this.#word = this.select());
  /** Forgets the word: any mouse press (a drag may start beside the text), a new text, a selection cleared. */
  readonly forget = () => void (this.#word = null);
  listen(dom: HTMLElement): void {
    dom.addEventListener('dblclick', this.#took);
    dom.ownerDocument.addEventListener('mousedown', this.forget, true);
  }
  stop(dom: HTMLElement): void {
    dom.removeEventListener('dblclick', this.#took);
    dom.ownerDocument.removeEventListener('mousedown', this.forget, true);
  }
  /** The word the last double-click selected, while remembered. */
  get word(): { start: number; end: number } | null {
    return this.#word;
  }
  /** Remembers `word` as a double-click's: one on the plain first text, which the editor took over. */
  adopt(word: { start: number; end: number } | null): void {
    this.#word = word;
  }
  /** Whether `selection` (the view's now) is the word the last double-click selected. */
  holds(selection: { start: number; end: number } | null): boolean {
    return this.#word !== null && selection?.start === this.#word.start && selection.end === this.#word.end;
  }
}

import type { EditorView } from '@tiptap/pm/view';
import { cliticBefore } from '../model/tokens';
import { offsetToPosition, positionToOffset, type LineLayout } from './textDocument';

/** How far either side of a double-clicked word the text is read for its bounds (no word is longer). */
const REACH = 256;

/**
 * The word-like segment of `text` (Unicode word bounds, as the browser's) holding all of UTF-16 range
 * [start, end) and longer than it; null when there is none (the range is a word already, or no word).
 */
export function wholeWord(text: string, start: number, end: number): { start: number; end: number } | null {
  const word = wordAt(text, start, end);
  return word && word.start <= start && end <= word.end && word.end - word.start > end - start ? word : null;
}

/** The word-like segment of `text` (Unicode word bounds) holding UTF-16 offset `at`; null when it is no word. */
function wordAt(text: string, at: number, end = at + 1): { start: number; end: number } | null {
  const from = Math.max(0, at - REACH);
  const segment = new Intl.Segmenter(undefined, { granularity: 'word' })
    .segment(text.slice(from, Math.min(text.length, end + REACH)))
    .containing(at - from);
  if (!segment?.isWordLike) return null;
  return { start: from + segment.index, end: from + segment.index + segment.segment.length };
}

/** The text offset (UTF-16) of the character under the point of `event` in `view`, or undefined off the text. */
function characterAtPoint(view: EditorView, layout: LineLayout, event: MouseEvent): number | undefined {
  const hit = view.posAtCoords({ left: event.clientX, top: event.clientY });
  if (!hit) return undefined;
  // The position is the character boundary nearest the point: the character is the one before it when the point
  // is left of it.
  return positionToOffset(layout, hit.pos) - (event.clientX < view.coordsAtPos(hit.pos).left ? 1 : 0);
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
 * When the caret bar stands at the word's end or before its last letter, Chromium selects nothing or the space
 * after the word: the word under the pointer of the double-click `event` is selected instead (helper-191).
 * `selected` is the browser's selection as text offsets; `layout` maps text offsets to view positions and back.
 */
export function selectWholeWord(
  view: EditorView,
  text: string,
  selected: { start: number; end: number } | null,
  layout: LineLayout,
  event: MouseEvent,
): { start: number; end: number } | null {
  const missed = !selected || /^\s+$/u.test(text.slice(selected.start, selected.end));
  const pointed = missed ? characterAtPoint(view, layout, event) : undefined;
  const found =
    (selected && wholeWord(text, selected.start, selected.end)) ??
    (missed && pointed !== undefined && pointed >= 0 ? wordAt(text, pointed) : null) ??
    selected;
  if (!found) return null;
  const word = withoutClitic(text, found);
  if (word.start === selected?.start && word.end === selected.end) return selected;
  const position = (offset: number) => offsetToPosition(layout, offset);
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
  constructor(private readonly select: (event: MouseEvent) => { start: number; end: number } | null) {}

  readonly #took = (event: MouseEvent) => (this.#word = this.select(event));
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

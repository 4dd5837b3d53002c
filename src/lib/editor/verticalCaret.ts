/**
 * Where ↑ and ↓ take the keyboard caret: one line up or down as laid out on screen (a long line
 * wraps into several), nearest a horizontal goal kept over a run of presses; and Home and End, to
 * the start or end of the line on screen.
 *
 * `posAtCoords` answers a place in the DOM, and the caret drawn there can show a line off: where a
 * line wraps, one text offset both ends the upper part and starts the lower one (the caret shows at
 * the start of the lower), and a point past the end of the upper part finds that offset. So each
 * place found is drawn and measured, and moved a character on or back when it shows on another line
 * than the one aimed at.
 */
import type { EditorView } from '@tiptap/pm/view';
import { lineEnd, lineStart, nextCharacter, previousCharacter } from '../model/caret';
import { scrollerOf } from './scroller';
import { offsetToPosition, positionToOffset, type LineLayout } from './textDocument';

/**
 * A space a line may wrap after, left hanging at the end of the upper part: not a no-break one
 * (U+00A0, U+2007, U+202F, U+FEFF), after which a wrap is an emergency break inside a word.
 */
export function breaksAfter(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a && code !== 0x2007) ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** A box on screen, in client pixels. */
export interface ScreenBox {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
}

/** What finding the next line asks of the view. */
export interface CaretLines {
  /** The element the text is drawn in (inside its scroller, if any). */
  readonly dom: HTMLElement;
  /** The box the caret's bar is drawn in now, its head at `head`. */
  shown(head: number): ScreenBox;
  /** Draws the caret's head at text offset `offset`; answers the box its bar is drawn in. */
  show(offset: number): ScreenBox;
  /**
   * Where offset `offset` is laid out (the character after it), measured without drawing anything: a
   * caret drawn inside a word that exactly fills its line gave the browser a place to wrap it there.
   */
  at(offset: number): ScreenBox;
  /** The text offset at a point on screen; null when the point is above or below the text. */
  offsetAt(left: number, top: number): number | null;
  /** The offset one character after (1) or before (-1) `offset`. */
  step(offset: number, direction: -1 | 1): number;
  /** The text's length. */
  readonly length: number;
  /** Where the text line holding `offset` starts and ends (between line breaks; it may wrap on screen). */
  lineOf(offset: number): { start: number; end: number };
  /** True when the character before `offset` is a space a line wraps after (not a no-break space). */
  spaceBefore(offset: number): boolean;
}

/** Points tried, each a half line further, past a line taller than the others (a larger glyph, a label tag). */
const TRIES = 4;

/** The box the caret bar is drawn in, if it is drawn. */
function caretBarBox(dom: HTMLElement): ScreenBox | null {
  return dom.querySelector('.text-caret')?.getBoundingClientRect() ?? null;
}

/** The lines of `view`, showing `text` laid out as `layout`; `draw` draws the caret's head at an offset. */
export function caretLines(
  view: EditorView,
  text: string,
  layout: LineLayout,
  draw: (head: number) => void,
): CaretLines {
  return {
    dom: view.dom,
    shown: (head) => caretBarBox(view.dom) ?? view.coordsAtPos(offsetToPosition(layout, head)),
    show(offset) {
      draw(offset);
      return this.shown(offset);
    },
    at(offset) {
      // The character after the offset, measured by a range over it; where there is none in the same text node
      // (a line's end, a label tag beside it), the caret is drawn there instead.
      const { node, offset: index } = view.domAtPos(offsetToPosition(layout, offset), 1);
      const data = node.nodeType === Node.TEXT_NODE ? (node.textContent ?? '') : '';
      if (index >= data.length) return this.show(offset);
      const range = node.ownerDocument!.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + (data.codePointAt(index)! > 0xffff ? 2 : 1));
      const box = range.getClientRects()[0];
      return box ? { top: box.top, bottom: box.bottom, left: box.left } : this.show(offset);
    },
    offsetAt(left, top) {
      const hit = view.posAtCoords({ left, top });
      return hit && positionToOffset(layout, hit.pos);
    },
    step: (offset, direction) => (direction === 1 ? nextCharacter(text, offset) : previousCharacter(text, offset)),
    length: text.length,
    lineOf: (offset) => ({ start: lineStart(text, offset), end: lineEnd(text, offset) }),
    spaceBefore: (offset) => offset > 0 && breaksAfter(text.codePointAt(previousCharacter(text, offset)) ?? 0),
  };
}

/**
 * Home (`direction` -1) or End (1) from the caret's head at `head`: the start or end of the line it
 * is drawn on as laid out on screen, as ↑ and ↓ see lines (a long line wraps into several). Found by
 * offset, not by the line's pixel edges, so a line mixing right-to-left and left-to-right runs goes
 * to its logical start or end: within a text line, the screen line an offset shows on never goes
 * back as the offset grows, so a binary search finds the first offset on the caret's screen line
 * (Home) and the first on the next. Where a line wraps at a space, End stops before the space, on
 * the line it was pressed on; where it wraps inside a run without one (CJK, a long URL, after a
 * hyphen), End goes after that line's last character: the first offset of the next part, drawn
 * `upstream`, at the end of the upper part (that offset alone would show at the lower part's start).
 */
export function lineEdge(lines: CaretLines, head: number, direction: -1 | 1): { head: number; upstream: boolean } {
  const { start, end } = lines.lineOf(head);
  const from = lines.shown(head);
  const middle = (from.top + from.bottom) / 2;
  const lineHeight = lineHeightOf(lines.dom);
  // Measured without drawing the caret at each offset tried (helper-182: Shift+End on a line that exactly fills the
  // width, the caret drawn between "U" and ".S." let the browser wrap "U.S." there, and End stopped after "U").
  const rowOf = (offset: number) => linesBetween(middle, lines.at(offset), lineHeight);
  // The first offset in [low, high) on screen line `row` or after it; `high` when there is none.
  const firstFrom = (low: number, high: number, row: number) => {
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (rowOf(mid) >= row) high = mid;
      else low = mid + 1;
    }
    return low;
  };
  if (direction === -1) return { head: firstFrom(start, head, 0), upstream: false };
  // From `head` itself: a caret End left upstream shows on the part above the offset's own.
  const next = firstFrom(head, end + 1, 1);
  if (next > end) return { head: end, upstream: false };
  return lines.spaceBefore(next) ? { head: lines.step(next, -1), upstream: false } : { head: next, upstream: true };
}

/**
 * One ↑ (`direction` -1) or ↓ (1) press from the caret's head at `head`: the offset the head goes
 * to, and the horizontal goal to keep (`goal` when a run of presses set one, else where the caret
 * is). From the first line ↑ goes to the text's start, from the last ↓ to its end.
 */
export function lineMove(
  lines: CaretLines,
  head: number,
  goal: number | null,
  direction: -1 | 1,
): { head: number; goal: number } {
  const lineHeight = lineHeightOf(lines.dom);
  let from = lines.shown(head);
  // The line to go to must be on screen to be found: bring it in (the bar scrolls with a margin).
  const frame = scrollerOf(lines.dom)?.getBoundingClientRect();
  if (frame && (direction === 1 ? from.bottom + lineHeight > frame.bottom : from.top - lineHeight < frame.top)) {
    lines.dom.querySelector('.text-caret')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    from = lines.shown(head);
  }
  const left = goal ?? from.left;
  return { head: offsetOnNextLine(lines, head, from, left, lineHeight, direction), goal: left };
}

/**
 * The offset one line below (`direction` 1) or above (-1) the caret at `head`, drawn in `from`,
 * nearest the horizontal place `left`.
 */
function offsetOnNextLine(
  lines: CaretLines,
  head: number,
  from: ScreenBox,
  left: number,
  lineHeight: number,
  direction: -1 | 1,
): number {
  const middle = (from.top + from.bottom) / 2;
  const linesTo = (box: ScreenBox) => linesBetween(middle, box, lineHeight);
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const found = lines.offsetAt(left, middle + direction * lineHeight * (1 + attempt / 2));
    // Past the text: from its last line to its end, from its first to its start.
    if (found === null) return direction === 1 ? lines.length : 0;
    const moved = linesTo(lines.show(found));
    if (moved === direction) return found;
    // Shown a line off: one character on (when shown above the line aimed at) or back shows it there.
    const nudged = lines.step(found, moved < direction ? 1 : -1);
    if (linesTo(lines.show(nudged)) === direction) return nudged;
    // Further than a line is still the right way; short of it, a point further on is tried.
    if (moved * direction > 1) return found;
  }
  return head;
}

/** Screen lines from the one whose middle is at `middle` to the one a caret drawn in `box` is on (negative above). */
function linesBetween(middle: number, box: ScreenBox, lineHeight: number): number {
  return Math.round(((box.top + box.bottom) / 2 - middle) / lineHeight);
}

/**
 * True when a point at `top` is above the line the caret is drawn on: a click past the end of a
 * line's upper part where it wraps finds the offset the caret shows at the start of the lower part.
 */
export function aboveCaretLine(dom: HTMLElement, top: number): boolean {
  const bar = caretBarBox(dom);
  // The bar is centred on its line.
  return bar !== null && top < (bar.top + bar.bottom) / 2 - lineHeightOf(dom) / 2 - 1;
}

/** The text's line height in pixels (its caret bar's height when the style says `normal`). */
function lineHeightOf(dom: HTMLElement): number {
  const height = Number.parseFloat(dom.ownerDocument.defaultView?.getComputedStyle(dom).lineHeight ?? '');
  if (Number.isFinite(height) && height > 0) return height;
  const bar = caretBarBox(dom);
  return Math.max(1, bar ? (bar.bottom - bar.top) * 1.2 : 16);
}

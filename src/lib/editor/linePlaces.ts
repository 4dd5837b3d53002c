/**
 * Places in a view of lines in chunks (the plain first text's, or the editor's, which draws the same
 * lines and chunks): a text offset's DOM place, a selection by text offsets, and the line at a
 * scroller's top, kept there when another view of the same text takes over.
 */
import { LINES_PER_CHUNK, type LineLayout } from './textDocument';

/** The DOM place of text offset `offset` in a view of lines in chunks (the plain one, or the editor's). */
export function domPlace(root: HTMLElement, layout: LineLayout, offset: number): { node: Node; offset: number } {
  let line = 0;
  while (line + 1 < layout.starts.length && layout.starts[line + 1] <= offset) line++;
  const element = lineElement(root, line);
  if (!element) return { node: root, offset: 0 };
  let left = Math.min(offset, layout.ends[line]) - layout.starts[line];
  const walker = root.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.nodeValue?.length ?? 0;
    if (left <= length) return { node, offset: left };
    left -= length;
  }
  return { node: element, offset: 0 };
}

/** Selects text range `range` (UTF-16) in a view of lines in chunks (the plain one, or the editor's). */
export function selectText(
  root: HTMLElement,
  layout: LineLayout,
  range: { start: number; end: number },
  backward = false,
): void {
  const start = domPlace(root, layout, range.start);
  const end = domPlace(root, layout, range.end);
  const [base, extent] = backward ? [end, start] : [start, end];
  root.ownerDocument.getSelection()?.setBaseAndExtent(base.node, base.offset, extent.node, extent.offset);
}

/** Line `line` (an index) of a view of lines in chunks (the plain one, or the editor's). */
export function lineElement(root: Element, line: number): Element | undefined {
  return root.children[Math.floor(line / LINES_PER_CHUNK)]?.children[line % LINES_PER_CHUNK];
}

/**
 * Where a view of lines in chunks stands in `scroller`: the first line showing at its top (or `below` pixels
 * under it), and how far below that line's top is (pixels; negative when it starts above). The
 * chunks' boxes are read first, so only the chunk on screen is laid out line by line.
 */
export function lineAtTop(root: Element, scroller: Element, below = 0): { line: number; top: number } | null {
  const frame = scroller.getBoundingClientRect().top + below;
  const chunks = root.children;
  let chunk = 0;
  while (chunk + 1 < chunks.length && chunks[chunk].getBoundingClientRect().bottom <= frame) chunk++;
  const lines = chunks[chunk]?.children;
  if (!lines || lines.length === 0) return null;
  let at = 0;
  while (at + 1 < lines.length && lines[at].getBoundingClientRect().bottom <= frame) at++;
  return { line: chunk * LINES_PER_CHUNK + at, top: lines[at].getBoundingClientRect().top - frame };
}

/**
 * Scrolls `scroller` so that the line `lineAtTop` read stands where it stood. Another view of the
 * same text (the editor's, after the plain one) may size the chunks off screen otherwise: a long
 * text's chunks above have only an estimated height until shown.
 */
export function keepLineAtTop(root: Element, scroller: Element, place: { line: number; top: number }): void {
  const element = lineElement(root, place.line);
  if (element)
    scroller.scrollTop += element.getBoundingClientRect().top - scroller.getBoundingClientRect().top - place.top;
}

/**
 * The place of the text at the middle of `scroller` (its left edge), as a line and the UTF-16 offset in it: where a
 * reader was, kept to open the text there again (a long paragraph's line is not enough: the place in it is kept).
 */
export function placeAtMiddle(root: Element, scroller: Element): { line: number; within: number } | null {
  const found = lineAtTop(root, scroller, scroller.clientHeight / 2);
  const element = found && lineElement(root, found.line);
  if (!found || !element) return null;
  const box = element.getBoundingClientRect();
  const middle = scroller.getBoundingClientRect().top + scroller.clientHeight / 2;
  const point = root.ownerDocument.caretRangeFromPoint?.(box.left + 1, Math.max(box.top + 1, middle));
  const text = point?.startContainer;
  if (!point || !text || text.nodeType !== Node.TEXT_NODE || !element.contains(text))
    return { line: found.line, within: 0 };
  let within = point.startOffset;
  const walker = root.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && node !== text; node = walker.nextNode())
    within += node.nodeValue?.length ?? 0;
  return { line: found.line, within };
}

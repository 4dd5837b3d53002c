import type { EditorView } from '@tiptap/pm/view';
import { positionToOffset, type LineLayout } from './textDocument';

/** The nearest ancestor of `element` that scrolls vertically, or null. */
export function scrollerOf(element: HTMLElement): HTMLElement | null {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return null;
}

/**
 * The caret of the text `dom` into sight in its scroller and the window; with no caret drawn, the text's
 * scroller (a short window: the text may be below it). `unlessWhole`: not when it shows whole already (T: the text
 * stays still).
 */
export function caretIntoSight(dom: HTMLElement, unlessWhole = false): void {
  if (unlessWhole && caretWhollyInSight(dom)) return;
  const target = dom.querySelector('.text-caret') ?? scrollerOf(dom) ?? dom;
  target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

/** Where the caret bar of the text `dom` is drawn (its top, in the window), or null with none drawn. */
function caretTop(dom: HTMLElement): number | null {
  return dom.querySelector('.text-caret')?.getBoundingClientRect().top ?? null;
}

/**
 * Before a caret key moves the caret: what to call after, to bring it into sight. The text scrolls to keep the caret's lines of context
 * (its scroll margin) only where the caret moved toward the edge it is near, or does not show whole. Along its
 * line, or down from near the top (T leaves it on the first line shown), the text stays still (helper-211).
 */
export function caretFollower(dom: HTMLElement): () => void {
  const before = caretTop(dom);
  return () => caretFollow(dom, before);
}

function caretFollow(dom: HTMLElement, before: number | null): void {
  const bar = dom.querySelector<HTMLElement>('.text-caret');
  if (before === null || !bar || !caretWhollyInSight(dom)) return caretIntoSight(dom);
  const box = bar.getBoundingClientRect();
  const frame = (scrollerOf(dom) ?? dom).getBoundingClientRect();
  const margin = parseFloat(getComputedStyle(bar).scrollMarginTop) || 0;
  const up = box.top < before - 0.5 && box.top - frame.top < margin;
  const down = box.top > before + 0.5 && frame.bottom - box.bottom < margin;
  if (up || down) caretIntoSight(dom);
}

/** Whether the caret bar of the text `dom` shows in its scroller (and the window); false with none drawn. */
export function caretInSight(dom: HTMLElement): boolean {
  const caret = dom.querySelector('.text-caret')?.getBoundingClientRect();
  if (!caret) return false;
  const frame = scrollerOf(dom)?.getBoundingClientRect();
  const top = Math.max(frame?.top ?? 0, 0);
  const bottom = Math.min(frame?.bottom ?? Infinity, window.innerHeight);
  return caret.bottom > top && caret.top < bottom;
}

/**
 * Whether the caret bar of the text `dom` shows whole: its top and its foot on the text, under nothing (the status
 * line, a header) and inside the window.
 */
function caretWhollyInSight(dom: HTMLElement): boolean {
  const caret = dom.querySelector('.text-caret')?.getBoundingClientRect();
  if (!caret) return false;
  return [caret.top + 1, caret.bottom - 1].every((y) => {
    const at = dom.ownerDocument.elementFromPoint(caret.left + 1, y);
    return at !== null && dom.contains(at);
  });
}

/** Ends the settling of the last scroll to a place, if it still runs. */
let settling: (() => void) | null = null;

/** Whether the last scroll to a place is still settling (no wheel, key or click has ended it). */
export const settlingScroll = (): boolean => settling !== null;

/**
 * Scrolls the text at the place `placeOf` gives (a DOM position, as `domAtPos` gives it; asked again each
 * frame while the scroll settles) into the middle of `scroller`, and
 * only it (the page around stays); none: the page. The line the place is on, not its paragraph: one
 * paragraph may be the whole text (a record's text with no line break), whose middle is far from the place.
 */
export function scrollToText(placeOf: () => { node: Node; offset: number }, scroller: HTMLElement | null): void {
  settling?.();
  const top = () => scroller?.scrollTop ?? window.scrollY;
  scrollOnce(placeOf(), scroller);
  // A long text's chunks off screen are laid out at a guessed height until shown: those the scroll brings
  // near the view grow and push the place out of it. It is scrolled to again for a few frames, until it stays
  // (helper-168: a search hit or `[`'s span 3,000 px below the view); the user's own wheel, key or click, or
  // another call, ends that.
  let frames = 0;
  let still = 0;
  let done = false;
  const events = ['wheel', 'keydown', 'pointerdown', 'touchstart'];
  const stop = () => {
    done = true;
    settling = null;
    for (const event of events) window.removeEventListener(event, stop, { capture: true });
  };
  for (const event of events) window.addEventListener(event, stop, { capture: true, passive: true });
  settling = stop;
  const settle = () => {
    if (done) return;
    try {
      const before = top();
      // Found again each frame: the highlights drawn a frame later replace the text's nodes.
      const place = placeOf();
      if (++frames > 40) return stop();
      // A node being drawn anew (the highlights) is found again next frame.
      if (place.node.isConnected) scrollOnce(place, scroller);
      // The chunks brought near show a frame or two after the scroll: it goes on until it has held for five.
      if (top() !== before || !place.node.isConnected) still = 0;
      else if (++still >= 5) return stop();
    } catch {
      return stop(); // the view went (another document opened)
    }
    requestAnimationFrame(settle);
  };
  requestAnimationFrame(settle);
}

function scrollOnce(place: { node: Node; offset: number }, scroller: HTMLElement | null): void {
  const element = place.node instanceof Element ? place.node : place.node.parentElement;
  if (!element) return;
  let box: { top: number; height: number } = element.getBoundingClientRect();
  const { node, offset } = textPlace(place.node, place.offset);
  if (node && node.length > 0) {
    const range = node.ownerDocument.createRange();
    const at = Math.min(offset, node.length - 1);
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const character = range.getBoundingClientRect();
    if (character.height > 0) box = character;
  }
  // In a chunk not laid out yet (its place is known, not its lines'): the chunk is brought into view first.
  const chunk = element.closest('.chunk');
  if (box.height === 0 && chunk) box = { top: chunk.getBoundingClientRect().top, height: 0 };
  if (!scroller) return void window.scrollBy(0, box.top - (window.innerHeight - box.height) / 2);
  const frame = scroller.getBoundingClientRect();
  scroller.scrollTop += box.top - frame.top - (scroller.clientHeight - box.height) / 2;
}

/** The text node and offset a DOM position (an element and a child's index, at a highlight's edge) stands at. */
function textPlace(node: Node, offset: number): { node: Text | null; offset: number } {
  for (let depth = 0; depth < 64; depth++) {
    if (node.nodeType === Node.TEXT_NODE) return { node: node as Text, offset };
    const child = node.childNodes[offset];
    const last = node.childNodes[offset - 1];
    // An element with no text (the caret bar, which ProseMirror places a position before): the text after it.
    if (child && child.nodeType !== Node.TEXT_NODE && !child.textContent) offset++;
    else if (child) [node, offset] = [child, 0];
    else if (last)
      [node, offset] = [last, last.nodeType === Node.TEXT_NODE ? (last as Text).length : last.childNodes.length];
    else break;
  }
  return { node: null, offset: 0 };
}

/**
 * The text offset of the start of the first line `view` shows whole in its scroller (0 when it does not scroll): the
 * line as laid out on screen. Its paragraph's start may be screens above (helper-207: T put the caret there, and the
 * text jumped 100 to 190 px to show it).
 */
export function firstOffsetInView(view: EditorView, layout: LineLayout): number {
  const scroller = scrollerOf(view.dom);
  if (!scroller || scroller.scrollTop === 0) return 0;
  const frame = scroller.getBoundingClientRect();
  const bounds = view.dom.getBoundingClientRect();
  const top = Math.max(frame.top, bounds.top);
  let hit = view.posAtCoords({ left: bounds.left + 2, top: top + 2 });
  if (!hit) return 0;
  // A line cut by the scroller's top edge: the one below it, shown whole.
  const shown = view.coordsAtPos(hit.pos);
  const lineHeight = Number.parseFloat(getComputedStyle(view.dom).lineHeight) || 2 * (shown.bottom - shown.top);
  if (shown.top < top - 1) hit = view.posAtCoords({ left: bounds.left + 2, top: shown.top + lineHeight + 2 }) ?? hit;
  return positionToOffset(layout, hit.pos);
}

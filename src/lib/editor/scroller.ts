import type { EditorView } from '@tiptap/pm/view';
import { lineStart } from '../model/caret';
import { positionToOffset, type LineLayout } from './textDocument';

/** The nearest ancestor of `element` that scrolls vertically, or null. */
export function scrollerOf(element: HTMLElement): HTMLElement | null {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return null;
}

/** Scrolls `element` into the middle of `scroller`, and only it (the page around stays); none: the page. */
export function scrollToMiddle(element: Element, scroller: HTMLElement | null): void {
  if (!scroller) return element.scrollIntoView({ block: 'center' });
  const box = element.getBoundingClientRect();
  const frame = scroller.getBoundingClientRect();
  scroller.scrollTop += box.top - frame.top - (scroller.clientHeight - box.height) / 2;
}

/** The text offset of the start of the first line `view` shows in its scroller (0 when it does not scroll). */
export function firstOffsetInView(view: EditorView, text: string, layout: LineLayout): number {
  const scroller = scrollerOf(view.dom);
  if (!scroller || scroller.scrollTop === 0) return 0;
  const frame = scroller.getBoundingClientRect();
  const bounds = view.dom.getBoundingClientRect();
  const hit = view.posAtCoords({ left: bounds.left + 2, top: Math.max(frame.top, bounds.top) + 8 });
  return hit ? lineStart(text, positionToOffset(layout, hit.pos)) : 0;
}

/**
 * Scrolls `scroller` alone, by the least distance, so that `element` (inside it) is in view, as
 * `scrollIntoView({ block: 'nearest' })` would. Unlike it, this leaves the page's sequential focus
 * navigation starting point alone: Chromium moves that to an element scrolled into view, so on a page
 * with nothing focused (a first visit) the next Tab would go to the element after it.
 */
export function scrollWithin(scroller: HTMLElement, element: Element): void {
  const view = scroller.getBoundingClientRect();
  const box = element.getBoundingClientRect();
  const top = view.top + scroller.clientTop;
  const bottom = top + scroller.clientHeight;
  if (box.top < top) scroller.scrollTop -= top - box.top;
  else if (box.bottom > bottom) scroller.scrollTop += Math.min(box.bottom - bottom, box.top - top);
}

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

/**
 * Scrolls the page by the least distance so that `element` is in the window, above the status line
 * where it is pinned to the window's foot (narrow layouts, where the page scrolls rather than its
 * panes). Nothing when it is in view already, so a wide layout's page never moves.
 */
export function keepInWindow(element: Element): void {
  const box = element.getBoundingClientRect();
  const foot = document.querySelector('.app > .statusline')?.getBoundingClientRect().top ?? innerHeight;
  const bottom = Math.min(innerHeight, foot);
  if (box.top < 0) window.scrollBy(0, box.top);
  else if (box.bottom > bottom) window.scrollBy(0, Math.min(box.bottom - bottom, box.top));
}

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

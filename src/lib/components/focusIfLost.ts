/**
 * An attachment (`{@attach focusIfLost}`) for a button that takes the place of the one just pressed
 * (Download → Save file): it takes the focus when the swap left it nowhere, so the keyboard goes on
 * from it, and leaves the focus alone when the user has moved on.
 */
export function focusIfLost(node: HTMLElement): void {
  // After the swap is done: the pressed button may still be in the page when this runs.
  queueMicrotask(() => {
    const active = node.ownerDocument.activeElement;
    if (node.isConnected && (active === null || active === node.ownerDocument.body)) node.focus();
  });
}

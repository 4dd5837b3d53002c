/**
 * Gives `node` the focus when nothing holds it (the button the user pressed was disabled while its
 * work ran, and the browser moved the focus to the page), so the keyboard goes on from the same
 * button; leaves the focus alone when the user has moved on.
 */
export function focusIfLost(node: HTMLElement | undefined): void {
  if (!node?.isConnected) return;
  const active = node.ownerDocument.activeElement;
  if (active === null || active === node.ownerDocument.body) node.focus();
}

/**
 * A Svelte action for a page's heading (with tabindex -1): opened by a link the page change took away
 * (Overview's Guidelines, the guidelines' Back to the overview), the focus starts there, not on the page.
 * Opened from the top bar's views, it starts there too: the keys (Page Down, ↓) then scroll the page,
 * where on the link they moved nothing (helper-197).
 */
export function takesLostFocus(heading: HTMLElement): void {
  const active = heading.ownerDocument.activeElement;
  if (active instanceof HTMLAnchorElement && active.closest('nav[aria-label="Views"]')) heading.focus();
  else focusIfLost(heading);
}

/** Gives the focus to the Review's focused difference (its first choice): the review's keys act from there. */
export function focusReviewedRow(): void {
  document.querySelector<HTMLElement>('[data-testid=differences] tr.focused .decide button')?.focus();
}

/**
 * After a dialog the user closed (Esc, Close, Cancel) with nothing focused behind it (a drop opened
 * it), the focus goes to the work, not the page: the Review's focused difference there, else `text`
 * (the document's text). Runs once the dialog has gone; leaves a focus the page has taken meanwhile.
 */
export function focusWorkIfLost(text: () => void): void {
  const active = document.activeElement;
  if (active !== null && active !== document.body) return;
  if (document.querySelector('[data-testid=differences]')) focusReviewedRow();
  else text();
}

/**
 * After an action whose button goes with it (Reopen, Remove note, the last suggestion's Accept or
 * Reject, Accept all): once it is done and the button gone (the page redraws when the stored change
 * comes back; at most 2 s), a focus that fell to the page goes to `fallback` (the document's text, the
 * span's item), so the keys go on from the work.
 */
export async function refocusAfter(action: Promise<unknown>, button: EventTarget | null, fallback: () => void) {
  await action;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  for (let frames = 0; frames < 120 && button instanceof Node && button.isConnected; frames++) await frame();
  const active = document.activeElement;
  if (active === null || active === document.body) fallback();
}

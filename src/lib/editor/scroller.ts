/** The nearest ancestor of `element` that scrolls vertically, or null. */
export function scrollerOf(element: HTMLElement): HTMLElement | null {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return null;
}

/**
 * Frames a scroll goes on correcting itself at most; frames in a row it must stay put to end
 * sooner (the browser draws the chunks scrolled to a frame or two after it sees them); the
 * distance (px) it counts as there.
 */
const MAX_FRAMES = 30;
const STILL_FRAMES = 4;
const NEAR = 2;
/** What a person does to scroll: it ends a correction under way, which would undo it. */
const USER_SCROLL = ['wheel', 'pointerdown', 'touchstart', 'keydown'] as const;
/** The correction under way in each scroller, by its stop function. */
const corrections = new WeakMap<HTMLElement, () => void>();

/** A box on screen, in viewport pixels (an element's rect, a character's coordinates). */
export interface Box {
  top: number;
  bottom: number;
}

/** How far `box` is below (positive) or above the middle of `scroller`, in pixels. */
function fromMiddle(box: Box, scroller: HTMLElement): number {
  const frame = scroller.getBoundingClientRect();
  return box.top - frame.top - (scroller.clientHeight - (box.bottom - box.top)) / 2;
}

/**
 * Scrolls the box `target` measures into the middle of `scroller`, and only it (the page around
 * stays); none: `element` into the middle of the page. Off-screen parts of a long text have an estimated height until they are
 * drawn (`content-visibility: auto`), so the first scroll can land beside the element: the next
 * frames, once the newly shown parts are laid out, measure it again and correct, until it stays
 * put (a few frames). `target` measures again each frame (null: nothing to show any more).
 */
export function scrollToMiddle(target: () => Box | null, scroller: HTMLElement | null, element: Element): void {
  if (!scroller) return element.scrollIntoView({ block: 'center' });
  corrections.get(scroller)?.();
  let frames = 0;
  let still = 0;
  let request = 0;
  const stop = () => {
    cancelAnimationFrame(request);
    corrections.delete(scroller);
    for (const type of USER_SCROLL) scroller.removeEventListener(type, stop);
  };
  const correct = () => {
    const box = target();
    const offset = box ? fromMiddle(box, scroller) : 0;
    const before = scroller.scrollTop;
    if (Math.abs(offset) > NEAR) scroller.scrollTop = before + offset;
    // Near enough, or as far as the scroller goes: still; `STILL_FRAMES` in a row end it.
    still = Math.abs(scroller.scrollTop - before) < 1 ? still + 1 : 0;
  };
  correct();
  if (typeof requestAnimationFrame !== 'function') return;
  const next = () => {
    correct();
    if (still >= STILL_FRAMES || ++frames >= MAX_FRAMES) stop();
    else request = requestAnimationFrame(next);
  };
  corrections.set(scroller, stop);
  for (const type of USER_SCROLL) scroller.addEventListener(type, stop, { passive: true });
  request = requestAnimationFrame(next);
}

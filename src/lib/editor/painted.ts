/** How long `painted` waits for a frame at most: a hidden tab paints none. */
const PAINT_WAIT_MS = 100;

/**
 * Resolves once the frame `window` is preparing has been painted (a task after its animation
 * frame), or after {@link PAINT_WAIT_MS} when no frame comes (a hidden tab, or no window at all).
 */
export function painted(window: Window | null): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, PAINT_WAIT_MS);
    window?.requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

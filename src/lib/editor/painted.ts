/** How long `painted` waits for a frame at most: a hidden tab paints none. */
const PAINT_WAIT_MS = 100;

/**
 * Resolves once the frame `window` is preparing has been painted, or after {@link PAINT_WAIT_MS}
 * when no frame comes (a hidden tab, or no window at all). It resolves in a task behind those
 * already waiting when the frame ends (a background task where the browser schedules by priority):
 * what follows a painted frame (listing a span just drawn) is not urgent, and what was queued
 * meanwhile (another key, other code waiting for the same frame) need not wait for it.
 */
export function painted(window: Window | null): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, PAINT_WAIT_MS);
    window?.requestAnimationFrame(() =>
      afterQueuedTasks(window, () => {
        clearTimeout(fallback);
        resolve();
      }),
    );
  });
}

/** Runs `callback` in a task of its own, at background priority where the Scheduler API is (not in every browser). */
function afterQueuedTasks(window: Window, callback: () => void): void {
  if ('scheduler' in window && typeof window.scheduler?.postTask === 'function')
    void window.scheduler.postTask(callback, { priority: 'background' });
  else setTimeout(callback, 0);
}

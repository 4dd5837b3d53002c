import type { OpenDocument } from './openDocument.svelte';

/** How long stepping to something in another document waits for that document's layer to show. */
const SHOW_WAIT_MS = 5000;
const SHOW_POLL_MS = 15;

/**
 * Resolves true once document `documentId` is shown with its layer and `ready()` holds; false if
 * another document opened meanwhile, or after a few seconds.
 */
export async function whenReady(document: OpenDocument, documentId: string, ready: () => boolean): Promise<boolean> {
  // Counted in polls, not read from the session's clock (which tests may stop).
  for (let poll = 0; poll * SHOW_POLL_MS < SHOW_WAIT_MS; poll++) {
    if (document.id !== documentId) return false;
    if (document.viewShowsCurrent && ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, SHOW_POLL_MS));
  }
  return false;
}

/** Resolves true once span `id` of document `documentId` is shown; false if another document opened meanwhile. */
export const whenShown = (document: OpenDocument, id: string, documentId: string): Promise<boolean> =>
  whenReady(document, documentId, () => document.spanViews.some((span) => span.id === id));

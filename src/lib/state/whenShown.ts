import type { OpenDocument } from './openDocument.svelte';

/** How long stepping to a span in another document waits for that document's layer to show. */
const SHOW_WAIT_MS = 5000;
const SHOW_POLL_MS = 15;

/** Resolves true once span `id` of document `documentId` is shown; false if another document opened meanwhile. */
export async function whenShown(document: OpenDocument, id: string, documentId: string): Promise<boolean> {
  // Counted in polls, not read from the session's clock (which tests may stop).
  for (let poll = 0; poll * SHOW_POLL_MS < SHOW_WAIT_MS; poll++) {
    if (document.id !== documentId) return false;
    if (document.viewShowsCurrent && document.spanViews.some((span) => span.id === id)) return true;
    await new Promise((resolve) => setTimeout(resolve, SHOW_POLL_MS));
  }
  return false;
}

import type { Document, DocumentHead } from './types';

/** A document's head: what the list shows and sorts by, without the text. */
export function headOf(document: Document): DocumentHead {
  const { id, title, source, order, fingerprint, created } = document;
  return { id, title, source, order, fingerprint, created, length: document.text.length };
}

/**
 * `heads` as read from storage, sorted in list order (in place), each repeated `source` made one
 * string: a read gives every row its own copy, and 100,000 heads from one file share one source.
 */
export function headsInOrder(heads: DocumentHead[]): DocumentHead[] {
  const sources = new Map<string, string>();
  for (const head of heads) {
    const shared = sources.get(head.source);
    if (shared === undefined) sources.set(head.source, head.source);
    else head.source = shared;
  }
  return heads.sort((a, b) => a.order - b.order);
}

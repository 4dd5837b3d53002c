import type { Document, DocumentHead } from './types';

/** A document's head: what the list shows and sorts by, without the text. */
export function headOf(document: Document): DocumentHead {
  const { id, title, source, order, fingerprint, created } = document;
  return { id, title, source, order, fingerprint, created, length: document.text.length };
}

/** The review's differences by document, worked out again only when a layer of the compared set changes. */
import { adjudicate, type Difference } from '../model/adjudication';
import type { Document, Span } from '../model/types';

/** Differences by document, kept while the set's layers of the document are the same arrays (a decision does not touch them). */
export class DifferenceCache {
  readonly #cache = new WeakMap<
    Document,
    { layers: readonly (readonly Span[])[]; a: string; b: string; differences: Difference[] }
  >();

  /** The differences of `document` within its compared set (`setOf`), A and B compared; `spansOf` reads an annotator's layer of it. */
  of(
    document: Document,
    layers: { a: string; b: string; setOf(documentId: string): readonly string[] },
    spansOf: (annotator: string) => readonly Span[],
  ): Difference[] {
    const { a, b } = layers;
    const set = layers.setOf(document.id);
    const spans = set.map(spansOf);
    const cached = this.#cache.get(document);
    if (
      cached &&
      cached.a === a &&
      cached.b === b &&
      cached.layers.length === spans.length &&
      cached.layers.every((layer, index) => layer === spans[index])
    )
      return cached.differences;
    const differences = adjudicate(new Map(set.map((name, index) => [name, spans[index]])), a, b, set);
    this.#cache.set(document, { layers: spans, a, b, differences });
    return differences;
  }
}

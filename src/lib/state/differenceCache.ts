/** The review's differences by document, worked out again only when a layer of the compared set changes. */
import { adjudicate, type Difference } from '../model/adjudication';
import type { Document, Span } from '../model/types';

/** Differences by document, kept while the set's layers of the document are the same arrays (a decision does not touch them). */
export class DifferenceCache {
  readonly #cache = new WeakMap<
    Document,
    { layers: readonly (readonly Span[])[]; a: string; b: string; differences: Difference[] }
  >();

  /** The differences of `document` within `set`, A and B compared; `spansOf` reads an annotator's layer of it. */
  of(
    document: Document,
    { a, b, set }: { a: string; b: string; set: readonly string[] },
    spansOf: (annotator: string) => readonly Span[],
  ): Difference[] {
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

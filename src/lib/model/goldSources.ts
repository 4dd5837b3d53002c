import { samePlace } from './spanIdentity';
import type { Span } from './types';

/**
 * Gold's spans that came from annotators' layers (a decision on their versions) and that none of those
 * annotators holds any more at that place with that label: removed or relabelled since the decision. Each
 * with those annotators. `layerOf` answers an annotator's spans on the document, undefined for a layer not
 * read (not compared now): one of those is not counted either way. The reviewer's own spans (edited: drawn,
 * relabelled or kept as theirs) and spans with no record of their decision are not counted.
 */
export function goneFromLayers(
  gold: readonly Span[],
  layerOf: (annotator: string) => readonly Span[] | undefined,
): Map<string, string[]> {
  const gone = new Map<string, string[]>();
  for (const span of gold) {
    const origin = span.origin;
    if (!origin || origin.kind === 'edited' || origin.kind === 'neither') continue;
    const read = origin.annotators.flatMap((name) => {
      const layer = layerOf(name);
      return layer ? [{ name, layer }] : [];
    });
    if (read.length > 0 && read.every(({ layer }) => !layer.some((other) => samePlace(other, span))))
      gone.set(
        span.id,
        read.map(({ name }) => name),
      );
  }
  return gone;
}

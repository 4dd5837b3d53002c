import { spanKey } from './spanIdentity';
import type { Span } from './types';

/**
 * Gold's spans that came from annotators' layers (a decision on their versions) and that none of those
 * annotators holds any more at that place with that label: removed, relabelled or resized since the
 * decision. Each with those annotators. `layerOf` answers an annotator's spans on the document, undefined
 * for a layer not read (not compared now): a span one of whose annotators is not read is not counted, as
 * that one may hold it still. The reviewer's own spans (edited), those kept when no annotator held them
 * (no annotators left in their origin) and spans with no record of their decision are not counted.
 * An agreement (`agreed`: every compared annotator marked it) is gone as soon as one of them holds it no
 * more, with those who do not: it went into gold because all agreed, which no longer holds (helper-209).
 */
export function goneFromLayers(
  gold: readonly Span[],
  layerOf: (annotator: string) => readonly Span[] | undefined,
): Map<string, string[]> {
  const gone = new Map<string, string[]>();
  // Each annotator's places and labels, once (null: their layer is not read).
  const held = new Map<string, ReadonlySet<string> | null>();
  const keysOf = (name: string): ReadonlySet<string> | null => {
    let keys = held.get(name);
    if (keys === undefined) {
      const layer = layerOf(name);
      keys = layer ? new Set(layer.map(spanKey)) : null;
      held.set(name, keys);
    }
    return keys;
  };
  for (const span of gold) {
    const origin = span.origin;
    if (!origin || origin.kind === 'edited' || origin.kind === 'neither' || origin.annotators.length === 0) continue;
    const key = spanKey(span);
    const without = origin.annotators.filter((name) => {
      const keys = keysOf(name);
      return keys !== null && !keys.has(key);
    });
    if (without.length === origin.annotators.length || (origin.kind === 'agreed' && without.length > 0))
      gone.set(span.id, without);
  }
  return gone;
}

import { counted } from '../model/counted';

/**
 * The card's note on spans stored in the layers a file gives spans to (on its documents) that the file
 * does not give: an import adds spans and never removes one, so they stay, and a span the file gives
 * another label arrives beside the stored one (a tag corrected in a notebook, re-imported). Said,
 * so a user who meant the file to replace the layer knows before confirming (there is no replacing
 * import yet). Null when there are none.
 */
export function absentSpansNote(
  layers: ReadonlyMap<string, { stored: ReadonlySet<string>; file: ReadonlySet<string> }>,
): string | null {
  let absent = 0;
  let relabelled = 0;
  // `start:end:label` keys (spanIdentity.ts): a place is the key up to its second colon.
  const place = (spanKey: string) => spanKey.slice(0, spanKey.indexOf(':', spanKey.indexOf(':') + 1));
  // A layer the file gives no span (a document alone, a status alone) is not one it says anything of.
  for (const seen of layers.values()) {
    if (seen.file.size === 0) continue;
    // Places where the file brings a span the layer lacks: one it holds already arrives beside nothing.
    const filePlaces = new Set([...seen.file].filter((key) => !seen.stored.has(key)).map(place));
    for (const stored of seen.stored) {
      if (seen.file.has(stored)) continue;
      absent++;
      if (filePlaces.has(place(stored))) relabelled++;
    }
  }
  if (absent === 0) return null;
  const beside =
    relabelled > 0
      ? `; ${relabelled.toLocaleString('en')} of them ${relabelled === 1 ? 'has' : 'have'} another label in the file, which arrives beside ${relabelled === 1 ? 'it' : 'them'}`
      : '';
  return `${counted(absent, 'span')} stored in the layers this file gives spans to ${absent === 1 ? 'is' : 'are'} not in it: ${absent === 1 ? 'it stays' : 'they stay'} (an import adds spans, it never removes one)${beside}.`;
}

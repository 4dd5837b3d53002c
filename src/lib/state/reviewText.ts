import type { TextSpan } from '../editor/highlightMarkup';
import { disagreeingRanges, versionsOf, type Difference } from '../model/adjudication';
import { CodePointIndex } from '../model/offsets';
import type { SpanPlace } from '../model/spanIdentity';

/**
 * The spans of a review's text view: gold filled, A's a band above the text, B's a band below,
 * and where the focused difference's versions disagree hatched (the whole span, for a version only
 * other annotators marked). Offsets become UTF-16.
 */
export function reviewTextSpans(
  text: string,
  layers: {
    gold: readonly (SpanPlace & { id: string })[];
    a: readonly (SpanPlace & { id: string })[];
    b: readonly (SpanPlace & { id: string })[];
    focused: Difference | null;
  },
): TextSpan[] {
  const index = new CodePointIndex(text);
  const view = (span: SpanPlace & { id: string }, layer: TextSpan['layer']): TextSpan => ({
    id: span.id,
    label: span.label,
    start16: index.toUtf16(span.start),
    end16: index.toUtf16(span.end),
    layer,
  });
  const spans = [
    ...layers.gold.map((span) => view(span, 'gold')),
    ...layers.a.map((span) => view(span, 'a')),
    ...layers.b.map((span) => view(span, 'b')),
  ];
  const { focused } = layers;
  // A version neither A nor B has shows in neither band: hatched whole, as where the versions disagree.
  const ranges: [number, number][] = focused?.others
    ? [[focused.others.span.start, focused.others.span.end]]
    : focused
      ? disagreeingRanges(focused)
      : [];
  if (focused)
    ranges.forEach(([start, end], position) =>
      spans.push(view({ id: `differ-${position}`, start, end, label: versionsOf(focused)[0].span.label }, 'differ')),
    );
  return spans;
}

import type { TextSpan } from '../editor/viewer';
import { disagreeingRanges, versionsOf, type Difference } from '../model/adjudication';
import { CodePointIndex } from '../model/offsets';
import type { SpanPlace } from '../model/spanIdentity';
import { quoteText } from './truncate';

const KIND_NAMES: Record<Difference['kind'], string> = {
  match: 'agree',
  label: 'label differs',
  boundary: 'boundaries differ',
  labelBoundary: 'label and boundaries differ',
  onlyA: 'only A',
  onlyB: 'only B',
  others: 'only others',
};

/** A difference's kind as the list names it; a version only other annotators marked names them. */
export const differenceName = (difference: Difference): string =>
  difference.others ? `only ${difference.others.annotators.join(', ')}` : KIND_NAMES[difference.kind];

/**
 * What a screen reader hears when J or K moves the focus: "Difference 2 of 5, label differs: A claim
 * “Kim”, B denial “Kim”." (`quote` gives the text at a span's offsets).
 */
export function differenceNews(
  difference: Difference,
  position: number,
  total: number,
  quote: (span: SpanPlace) => string,
): string {
  const version = (name: string, span: SpanPlace | undefined) =>
    span ? `${name} ${span.label} ${quoteText(quote(span))}` : null;
  const versions = [
    version('A', difference.a?.span),
    version('B', difference.b?.span),
    version(differenceName(difference).slice('only '.length), difference.others?.span),
  ].filter((text) => text !== null);
  const shown = difference.kind === 'match' ? versions.slice(0, 1).map((text) => text.slice(2)) : versions;
  return `Difference ${position + 1} of ${total}, ${differenceName(difference)}: ${shown.join(', ')}.`;
}

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

/**
 * How the Review names a difference, in the list and when J or K moves to it. Types only from
 * `model/adjudication`: the key handler of the first page says these, and the review loads later.
 */
import type { Difference } from '../model/adjudication';
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
 * “Kim”, B denial “Kim”." (`quote` gives the text at a span's offsets); one decided says so, as its row shows.
 */
export function differenceNews(
  difference: Difference,
  position: number,
  total: number,
  quote: (span: SpanPlace) => string,
  decided = false,
): string {
  const version = (name: string, span: SpanPlace | undefined) =>
    span ? `${name} ${span.label} ${quoteText(quote(span))}` : null;
  const versions = [
    version('A', difference.a?.span),
    version('B', difference.b?.span),
    version(differenceName(difference).slice('only '.length), difference.others?.span),
  ].filter((text) => text !== null);
  const shown = difference.kind === 'match' ? versions.slice(0, 1).map((text) => text.slice(2)) : versions;
  const state = decided ? ' (decided)' : '';
  return `Difference ${position + 1} of ${total}${state}, ${differenceName(difference)}: ${shown.join(', ')}.`;
}

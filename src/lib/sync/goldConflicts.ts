/**
 * Two review decisions that keep different versions of one difference (one reviewer keeps A's
 * span, another B's, neither having seen the other's): after a merge gold holds both versions, at
 * one place with two labels (a label difference) or overlapping with one label (a boundary one),
 * a decision neither reviewer made. A gold span is named by its place and label, so the merge
 * alone never settles them (reviewConflicts.ts settles a keep against a reject).
 *
 * Such spans are told apart from gold spans of two different differences by the annotators'
 * layers: two gold spans are versions of one difference when a pair of the annotators who marked
 * them makes them so (model/layerDiff.ts pairs A's and B's spans as the review does). They
 * conflict when different decisions (reviewer and time) kept them: the spans of one decision (a
 * "both", a "gold done") never do, and an agreement decides nothing. The later decision stands, by
 * the rule reviewConflicts.ts gives; when it is a "both", it kept every version, and nothing goes.
 *
 * An edit is drawn over a difference, and any later decision on a difference removes the edits
 * over it: an edit still in gold under a later decision's span was made without seeing it, and goes.
 */
import { diffLayers, type LayerDifference } from '../model/layerDiff';
import { samePlace, type SpanPlace } from '../model/spanIdentity';
import type { Span } from '../model/types';

/** The kinds of a decision that keeps versions of a difference. */
const KEEPS = new Set(['a', 'b', 'both', 'majority', 'others']);

const timeOf = (span: Span) => span.origin?.at ?? span.updated;
const reviewerOf = (span: Span) => span.origin?.by ?? '';
const sameDecision = (left: Span, right: Span) =>
  timeOf(left) === timeOf(right) && reviewerOf(left) === reviewerOf(right);
const overlap = (left: SpanPlace, right: SpanPlace) => left.start < right.end && right.start < left.end;

/** -1 when `left`'s decision is the later (at the same time, the reviewer whose name sorts last). */
function compareLater(left: Span, right: Span): number {
  if (timeOf(left) !== timeOf(right)) return timeOf(left) > timeOf(right) ? -1 : 1;
  if (reviewerOf(left) !== reviewerOf(right)) return reviewerOf(left) > reviewerOf(right) ? -1 : 1;
  return left.id > right.id ? -1 : 1;
}

/** Whether two spans could be A's and B's versions of one difference (label or boundary). */
function couldPair(left: Span, right: Span): boolean {
  if (!overlap(left, right)) return false;
  const sameOffsets = left.start === right.start && left.end === right.end;
  return sameOffsets ? left.label !== right.label : left.label === right.label;
}

/** Pairs of gold spans kept by different decisions that could be versions of one difference. */
function candidates(gold: readonly Span[]): [Span, Span][] {
  // In reading order (ties by id, the same on every copy), each span is paired only with those that
  // start before it ends: the spans it overlaps, not every span of the document (settled at each team change).
  const keeping = gold
    .filter((span) => span.origin && KEEPS.has(span.origin.kind))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pairs: [Span, Span][] = [];
  for (let first = 0; first < keeping.length; first++)
    for (let second = first + 1; second < keeping.length && keeping[second].start < keeping[first].end; second++) {
      const [left, right] = [keeping[first], keeping[second]];
      if (!sameDecision(left, right) && couldPair(left, right)) pairs.push([left, right]);
    }
  return pairs;
}

/** The annotators whose layers tell whether the gold spans of one document are versions of one difference. */
export function annotatorsToCompare(gold: readonly Span[]): string[] {
  return [
    ...new Set(candidates(gold).flatMap(([left, right]) => [left, right].flatMap((span) => span.origin!.annotators))),
  ];
}

/** Whether the layers of some pair of the annotators who marked them make `left` and `right` one difference's versions. */
function versionsOfOne(left: Span, right: Span, layerOf: (annotator: string) => readonly SpanPlace[]): boolean {
  const has = (annotator: string, span: Span) => layerOf(annotator).some((place) => samePlace(place, span));
  const paired = (differences: LayerDifference[], a: Span, b: Span) =>
    differences.some(
      (difference) =>
        (difference.kind === 'label' || difference.kind === 'boundary' || difference.kind === 'labelBoundary') &&
        samePlace(difference.a, a) &&
        samePlace(difference.b, b),
    );
  for (const x of left.origin!.annotators)
    for (const y of right.origin!.annotators) {
      if (x === y || !has(x, left) || !has(y, right)) continue;
      // Either may have been the review's A: layerDiff pairs spans in A's order first.
      if (paired(diffLayers(layerOf(x), layerOf(y)), left, right)) return true;
      if (paired(diffLayers(layerOf(y), layerOf(x)), right, left)) return true;
    }
  return false;
}

/**
 * The gold spans of one document kept by a decision that a later one on the same difference
 * overrode, each with a span of the decision that stands. `layerOf` gives an annotator's spans of
 * the document. A pure function of gold and the layers: every copy drops the same spans.
 */
export function goldConflicts(
  gold: readonly Span[],
  layerOf: (annotator: string) => readonly SpanPlace[],
): { kept: Span; dropped: Span }[] {
  const conflicts = new Map<string, { kept: Span; dropped: Span }>();
  const add = (kept: Span, dropped: Span) => {
    if (!conflicts.has(dropped.id)) conflicts.set(dropped.id, { kept, dropped });
  };
  for (const [left, right] of candidates(gold)) {
    if (!versionsOfOne(left, right, layerOf)) continue;
    const [kept, dropped] = compareLater(left, right) < 0 ? [left, right] : [right, left];
    if (kept.origin!.kind !== 'both') add(kept, dropped);
  }
  for (const edited of gold) {
    if (edited.origin?.kind !== 'edited') continue;
    const later = gold.find(
      (span) =>
        span.origin &&
        KEEPS.has(span.origin.kind) &&
        !sameDecision(span, edited) &&
        overlap(span, edited) &&
        compareLater(span, edited) < 0,
    );
    if (later) add(later, edited);
  }
  return [...conflicts.values()];
}

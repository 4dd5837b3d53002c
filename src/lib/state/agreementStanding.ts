/**
 * How an agreement stands against what gold holds: contested by a label a decision put over its text, outdating a
 * decision no one backs any more, or a version a decision passed over (settled, joined since, held back). Pure.
 */
import { versionsOf, type Difference, type Version } from '../model/adjudication';
import { samePlace } from '../model/spanIdentity';
import { decidedTogether, passedOver, type Span, type SpanOrigin } from '../model/types';

/** The record of `version` passed over, if the rejected layer holds one. */
export const passedRecord = (version: Version, rejected: readonly Span[]) =>
  rejected.find((span) => samePlace(span, version.span) && passedOver(span));

/** Whether someone holds `version` now who did not when a decision passed it over (C's version is A's, passed over). */
export function joinedSince(version: Version, rejected: readonly Span[]): boolean {
  const heldThen = passedRecord(version, rejected)?.origin?.annotators;
  return heldThen !== undefined && version.annotators.some((name) => !heldThen.includes(name));
}

/** Every version `differences` hold, with who holds it: a gold span none of them holds is a decision on a version gone since. */
export const heldBy = (differences: readonly Difference[]): Version[] => differences.flatMap(versionsOf);

/** Gold's spans over exactly `agreement`'s text with another label (a decision on another row put them there). */
export function goldUnder(agreement: Difference, gold: readonly Span[]): Span[] {
  const place = agreement.kind === 'match' ? agreement.a?.span : undefined;
  if (!place) return [];
  return gold.filter((span) => span.start === place.start && span.end === place.end && span.label !== place.label);
}

const DECIDED_KINDS = new Set<SpanOrigin['kind']>(['a', 'b', 'majority', 'others', 'agreed']);

/**
 * Whether the agreement replaces gold's `span` under it by itself: a decision kept for a version no one
 * holds any more, whose annotators all now agree (A relabelled her span since, and now agrees with B).
 */
export function outdatedBy(span: Span, agreement: Difference, held: readonly Version[]): boolean {
  const agreeing = agreement.a?.annotators ?? [];
  return (
    DECIDED_KINDS.has(span.origin?.kind ?? 'edited') &&
    !held.some((version) => samePlace(version.span, span)) &&
    (span.origin?.annotators ?? []).every((name) => agreeing.includes(name))
  );
}

/**
 * Whether gold's `span`, over exactly `agreement`'s text with another label, stands against it: a
 * decision no one who agrees still backs (B's version chosen over A's, then B changed to one who
 * agrees with A). A label some of the agreeing annotators also gave that text (they marked it twice,
 * or agree on both labels) stands beside it, and one the agreement outdates goes by itself.
 */
function contesting(span: Span, agreement: Difference, held: readonly Version[]): boolean {
  return !backed(span, agreement, held) && !outdatedBy(span, agreement, held);
}

/** Whether some of the annotators who agree on `agreement` also hold gold's `span` (another label on its text). */
export function backed(span: Span, agreement: Difference, held: readonly Version[]): boolean {
  const agreeing = agreement.a?.annotators ?? [];
  return held.some(
    (version) => samePlace(version.span, span) && version.annotators.some((name) => agreeing.includes(name)),
  );
}

/**
 * An agreement over text gold holds with another label that stands against it ({@link contesting}):
 * the reviewer decides it; it does not go into gold along with other decisions, so gold never holds
 * both labels unasked.
 */
export function contested(agreement: Difference, gold: readonly Span[], held: readonly Version[]): boolean {
  return contestingLabels(agreement, gold, held).length > 0;
}

/** The labels gold holds on a {@link contested} agreement's text, standing against it (none when it is not contested). */
export function contestingLabels(agreement: Difference, gold: readonly Span[], held: readonly Version[]): string[] {
  const labels = goldUnder(agreement, gold)
    .filter((span) => contesting(span, agreement, held))
    .map((span) => span.label);
  return [...new Set(labels)];
}

/**
 * The labels gold holds on an agreement's text that the agreement outdates (a decision kept for a version its
 * annotators have all changed since): they leave gold when the agreement goes in, with the document's next decision.
 */
export function outdatedLabels(agreement: Difference, gold: readonly Span[], held: readonly Version[]): string[] {
  const labels = goldUnder(agreement, gold)
    .filter((span) => outdatedBy(span, agreement, held))
    .map((span) => span.label);
  return [...new Set(labels)];
}

/**
 * Whether `agreement` is a version a decision passed over, joined since, while other boundaries that decision kept
 * stand in gold (B's kept over A's, and C's version is A's). The row is open again, for the reviewer to decide; it
 * goes into gold along with no other decision, so gold never holds both versions unasked (helper-201). Gold's other
 * label on the same text is not this: the agreement is `contested` by it, or outdates it.
 */
export function heldBack(agreement: Difference, gold: readonly Span[], rejected: readonly Span[]): boolean {
  const place = agreement.a?.span;
  if (agreement.kind !== 'match' || !place) return false;
  const record = passedRecord(agreement.a!, rejected);
  const elsewhere = (span: Span) => span.start !== place.start || span.end !== place.end;
  return record !== undefined && gold.some((span) => decidedTogether(span, record) && elsewhere(span));
}

/** Whether `agreement` goes into gold along with the document's next decision, when agreements do (not decided yet). */
export const goesAlong = (
  agreement: Difference,
  gold: readonly Span[],
  rejected: readonly Span[],
  held: readonly Version[],
): boolean => agreement.kind === 'match' && !contested(agreement, gold, held) && !heldBack(agreement, gold, rejected);

/**
 * Opposite review decisions on one span, made by two reviewers at once (one keeps it in gold, the
 * other rejects it): after a merge both the gold span and the rejected one are there. The rule, the
 * same on every member's copy so that all of them end alike: the later decision (its `updated`
 * time) wins; at the same time, the reviewer whose name sorts last; then gold over rejected. The
 * other span is removed, and each reviewer is told which decision stands. Two decisions keeping
 * different versions of one difference are settled by the same rule (goldConflicts.ts).
 */
import { layerKey } from '../model/layerKey';
import { annotatorsToCompare, goldConflicts } from './goldConflicts';
import {
  decidedTogether,
  GOLD_ANNOTATOR,
  isReviewLayer,
  passedOver,
  REJECTED_ANNOTATOR,
  type Span,
} from '../model/types';
import type { SyncStore } from './syncStore';

export interface ReviewConflict {
  /** The decision that stands. */
  kept: Span;
  /** The opposite decision on the same place and label, or another version of the same difference kept by an earlier decision (goldConflicts.ts), removed. */
  dropped: Span;
}

const placeOf = (span: Span) => `${span.start}-${span.end}:${span.label}`;
const reviewer = (span: Span) => span.origin?.by ?? '';

/** -1 when `left` wins over `right`, 1 when `right` wins. */
function compareDecisions(left: Span, right: Span): number {
  if (left.updated !== right.updated) return left.updated > right.updated ? -1 : 1;
  if (reviewer(left) !== reviewer(right)) return reviewer(left) > reviewer(right) ? -1 : 1;
  return left.annotator === GOLD_ANNOTATOR ? -1 : 1;
}

/** The places of one document that are both kept in gold and rejected, with the decision that stands. */
export function reviewConflicts(gold: readonly Span[], rejected: readonly Span[]): ReviewConflict[] {
  const rejectedAt = new Map<string, Span>();
  for (const span of rejected) if (span.annotator === REJECTED_ANNOTATOR) rejectedAt.set(placeOf(span), span);
  const conflicts: ReviewConflict[] = [];
  for (const kept of gold) {
    if (kept.annotator !== GOLD_ANNOTATOR) continue;
    const other = rejectedAt.get(placeOf(kept));
    if (!other) continue;
    conflicts.push(compareDecisions(kept, other) < 0 ? { kept, dropped: other } : { kept: other, dropped: kept });
  }
  return conflicts;
}

/**
 * Settles opposite review decisions in the documents of `touched` review spans: a span kept in gold
 * and rejected, and two versions of one difference kept by different decisions (goldConflicts.ts).
 * The decision that loses is removed here, which a reviewer's copy then shares like any removal.
 * Resolves with the conflicts settled.
 */
export async function settleReview(
  store: Pick<SyncStore, 'readSomeLayers' | 'applySharedChanges'>,
  touched: readonly { documentId: string; annotator: string }[],
  now: number,
): Promise<ReviewConflict[]> {
  const documents = new Set(touched.filter((span) => isReviewLayer(span.annotator)).map((span) => span.documentId));
  if (documents.size === 0) return [];
  const layers = [...documents].flatMap((id) => [[GOLD_ANNOTATOR, id] as const, [REJECTED_ANNOTATOR, id] as const]);
  const { spans } = await store.readSomeLayers(layers);
  const review = [...documents].map((id) => {
    const rejected = spans.get(layerKey(id, REJECTED_ANNOTATOR)) ?? [];
    // A version passed over is no decision of its own: the gold span kept over it settles as gold spans do.
    const opposite = reviewConflicts(
      spans.get(layerKey(id, GOLD_ANNOTATOR)) ?? [],
      rejected.filter((span) => !passedOver(span)),
    );
    const dropped = new Set(opposite.map((conflict) => conflict.dropped.id));
    const gold = (spans.get(layerKey(id, GOLD_ANNOTATOR)) ?? []).filter((span) => !dropped.has(span.id));
    return { id, opposite, gold, passed: rejected.filter(passedOver) };
  });
  // The annotators' layers are read only for documents where two decisions may have kept versions of one difference.
  const compared = review.flatMap(({ id, gold }) => annotatorsToCompare(gold).map((name) => [name, id] as const));
  const annotators = compared.length > 0 ? (await store.readSomeLayers(compared)).spans : new Map<string, Span[]>();
  const settled = review.map(({ id, opposite, gold, passed }) => {
    const conflicts = [
      ...opposite,
      ...goldConflicts(gold, (annotator) => annotators.get(layerKey(id, annotator)) ?? []),
    ];
    // What a decision passed over goes, unsaid, where the one that stands keeps it in gold, or where that decision lost.
    const lost = new Set(conflicts.map((conflict) => conflict.dropped.id));
    const stands = new Set(gold.filter((span) => !lost.has(span.id)).map(placeOf));
    const losers = gold.filter((span) => lost.has(span.id));
    const byLoser = (span: Span) => losers.some((loser) => decidedTogether(loser, span));
    return { conflicts, stale: passed.filter((span) => stands.has(placeOf(span)) || byLoser(span)) };
  });
  const conflicts = settled.flatMap((document) => document.conflicts);
  const stale = settled.flatMap((document) => document.stale);
  if (conflicts.length + stale.length === 0) return [];
  const remove = [...conflicts.map((conflict) => conflict.dropped), ...stale].map(({ id, documentId, annotator }) => ({
    id,
    documentId,
    annotator,
  }));
  await store.applySharedChanges({ put: [], remove, statuses: [] }, now);
  return conflicts;
}

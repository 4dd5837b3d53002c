/**
 * Span agreement of two layers (A, the reference, and B) counted two ways: exact matches (same
 * start, end and label: `agreement.ts`'s rule, the same merge of the layers in reading order) and
 * overlap matches (same label, at least one code point in common). Counts add, so a corpus is the
 * sum of its documents. Definitions and a worked example: docs/agreement.md ("Overlap span F1").
 */
import type { LayerSpan } from './agreement';
import { comparePlaces, isSorted } from './spanOrder';

/** Span counts of one label in a pair of layers. */
export interface SpanLabelCounts {
  /** Spans of A with the label. */
  a: number;
  /** Spans of B with the label. */
  b: number;
  /** Exact matches with the label. */
  exact: number;
  /** Overlap matches with the label. */
  overlap: number;
}

/** Span counts of a pair of layers, for one document or, summed, a corpus. */
export interface SpanPairCounts {
  spansA: number;
  spansB: number;
  /** Spans of A paired with a span of B with the same start, end and label, each span once. */
  exactMatches: number;
  /** Pairs found by {@link matchOverlapping}. */
  overlapMatches: number;
  /** Every label used in either layer. */
  perLabel: Map<string, SpanLabelCounts>;
}

/** Precision, recall and F1 of matched spans, B judged against A. */
export interface SpanScores {
  matches: number;
  /** matches / spans of B; null when B has none. */
  precision: number | null;
  /** matches / spans of A; null when A has none. */
  recall: number | null;
  /** 2·matches / (spans of A + spans of B); null when neither layer has a span. */
  f1: number | null;
}

/**
 * Positions of `spans` in reading order (start, end, label), then position in the layer. Stored
 * layers are kept in reading order already: then no sort is needed.
 */
export function readingOrder(spans: readonly LayerSpan[]): number[] {
  const order = spans.map((_, position) => position);
  if (!isSorted(spans, comparePlaces))
    order.sort((left, right) => comparePlaces(spans[left], spans[right]) || left - right);
  return order;
}

/**
 * Pairs spans of A with spans of B for overlap ("lenient") agreement. A pair is a candidate when
 * both spans have the same label and share at least one code point, or have the same start, end
 * and label (so two identical spans without code points still pair, and every exact match can
 * be an overlap match). Candidates are taken greedily, the largest overlap in code points first,
 * each while both its spans are free; among equal overlaps, in reading order of A's span, then of
 * B's (start, end, label, then position in the layer). Two candidates that compete share a span
 * and are ordered by the other span either way, so the pairs found do not depend on which layer
 * is the reference. Greedy is not a maximum matching: A [0,6) and [6,8) against B [2,7) and [0,3)
 * give one pair ([0,6)–[2,7), overlap 4), where two were possible.
 *
 * @returns the pairs as positions [in a, in b], in the order they were taken.
 * @see docs/agreement.md ("Overlap span F1"); the same greedy rule pairs boundary differences in
 *   `layerDiff.ts`.
 */
export function matchOverlapping(a: readonly LayerSpan[], b: readonly LayerSpan[]): [number, number][] {
  return matchInOrder(a, readingOrder(a), b, readingOrder(b));
}

/** {@link matchOverlapping}, given both layers' {@link readingOrder}. */
function matchInOrder(
  a: readonly LayerSpan[],
  orderA: readonly number[],
  b: readonly LayerSpan[],
  orderB: readonly number[],
): [number, number][] {
  if (a.length === 0 || b.length === 0) return [];
  const candidates: { positionA: number; positionB: number; overlap: number }[] = [];
  for (const positionA of orderA) {
    const spanA = a[positionA];
    for (const positionB of orderB) {
      const spanB = b[positionB];
      // B is in order of start: past both A's end and its start, nothing overlaps or equals A.
      if (spanB.start >= spanA.end && spanB.start > spanA.start) break;
      if (spanB.label !== spanA.label) continue;
      const overlap = Math.min(spanA.end, spanB.end) - Math.max(spanA.start, spanB.start);
      if (overlap > 0 || (spanB.start === spanA.start && spanB.end === spanA.end))
        candidates.push({ positionA, positionB, overlap: Math.max(0, overlap) });
    }
  }
  // Found in A's, then B's, reading order; a stable sort keeps that order among equal overlaps.
  candidates.sort((left, right) => right.overlap - left.overlap);
  const pairedA = new Uint8Array(a.length);
  const pairedB = new Uint8Array(b.length);
  const pairs: [number, number][] = [];
  for (const { positionA, positionB } of candidates) {
    if (pairedA[positionA] || pairedB[positionB]) continue;
    pairedA[positionA] = 1;
    pairedB[positionB] = 1;
    pairs.push([positionA, positionB]);
  }
  return pairs;
}

/** Counts with nothing in them. */
export function emptySpanPairCounts(): SpanPairCounts {
  return { spansA: 0, spansB: 0, exactMatches: 0, overlapMatches: 0, perLabel: new Map() };
}

function labelCounts(perLabel: Map<string, SpanLabelCounts>, label: string): SpanLabelCounts {
  let counts = perLabel.get(label);
  if (counts === undefined) {
    counts = { a: 0, b: 0, exact: 0, overlap: 0 };
    perLabel.set(label, counts);
  }
  return counts;
}

/**
 * Adds one document's two layers to `total`: spans per label, exact matches and overlap matches
 * ({@link matchOverlapping}). Exact matches merge the layers in reading order, each equal pair one
 * match, each span used once (a multiset intersection, as `agreement.ts` counts them).
 * `orderA` and `orderB` are the layers' {@link readingOrder}, when known already.
 */
export function addSpanPair(
  total: SpanPairCounts,
  a: readonly LayerSpan[],
  b: readonly LayerSpan[],
  orderA: readonly number[] = readingOrder(a),
  orderB: readonly number[] = readingOrder(b),
): SpanPairCounts {
  total.spansA += a.length;
  total.spansB += b.length;
  for (const span of a) labelCounts(total.perLabel, span.label).a++;
  for (const span of b) labelCounts(total.perLabel, span.label).b++;
  let atA = 0;
  let atB = 0;
  while (atA < orderA.length && atB < orderB.length) {
    const spanA = a[orderA[atA]];
    const order = comparePlaces(spanA, b[orderB[atB]]);
    if (order < 0) atA++;
    else if (order > 0) atB++;
    else {
      total.exactMatches++;
      labelCounts(total.perLabel, spanA.label).exact++;
      atA++;
      atB++;
    }
  }
  for (const [positionA] of matchInOrder(a, orderA, b, orderB)) {
    total.overlapMatches++;
    labelCounts(total.perLabel, a[positionA].label).overlap++;
  }
  return total;
}

/** Span counts of one document's two layers ({@link addSpanPair} to empty counts). */
export function spanPairCounts(a: readonly LayerSpan[], b: readonly LayerSpan[]): SpanPairCounts {
  return addSpanPair(emptySpanPairCounts(), a, b);
}

/** Adds `next` into `total`, which it changes and returns. */
export function addSpanPairCounts(total: SpanPairCounts, next: SpanPairCounts): SpanPairCounts {
  total.spansA += next.spansA;
  total.spansB += next.spansB;
  total.exactMatches += next.exactMatches;
  total.overlapMatches += next.overlapMatches;
  for (const [label, counts] of next.perLabel) {
    const sum = labelCounts(total.perLabel, label);
    sum.a += counts.a;
    sum.b += counts.b;
    sum.exact += counts.exact;
    sum.overlap += counts.overlap;
  }
  return total;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * Precision (matches / spansB), recall (matches / spansA) and F1 (2·matches / (spansA + spansB)),
 * each null when its denominator is 0. Swapping A and B swaps precision and recall and keeps F1.
 * @see E. F. Tjong Kim Sang and F. De Meulder (2003), "Introduction to the CoNLL-2003 Shared Task:
 *   Language-Independent Named Entity Recognition", https://aclanthology.org/W03-0419/
 */
export function spanScores(matches: number, spansA: number, spansB: number): SpanScores {
  return {
    matches,
    precision: ratio(matches, spansB),
    recall: ratio(matches, spansA),
    f1: ratio(2 * matches, spansA + spansB),
  };
}

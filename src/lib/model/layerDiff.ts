/**
 * The differences between two layers of one document, in the order an adjudicator walks them:
 * exact matches, label differences, boundary differences (with the same label or not), and spans
 * only one layer has.
 * Offsets are code points, end exclusive.
 */
import { spanKey, type SpanPlace } from './spanIdentity';
import { comparePlaces, compareText } from './spanOrder';

type LayerSpan = SpanPlace;

/** One difference between two layers of a document, as an adjudicator sees it. */
export type LayerDifference =
  /** Same start, end and label. */
  | { kind: 'match'; a: LayerSpan; b: LayerSpan }
  /** Same start and end, different label. */
  | { kind: 'label'; a: LayerSpan; b: LayerSpan }
  /** Same label, overlapping, different offsets. */
  | { kind: 'boundary'; a: LayerSpan; b: LayerSpan }
  /** Different labels, overlapping, different offsets: two readings of one stretch of text. */
  | { kind: 'labelBoundary'; a: LayerSpan; b: LayerSpan }
  | { kind: 'onlyA'; a: LayerSpan }
  | { kind: 'onlyB'; b: LayerSpan };

/** The order of the kinds in a list of differences (its comparison's tie-break). */
export const KIND_ORDER: Record<LayerDifference['kind'], number> = {
  match: 0,
  label: 1,
  boundary: 2,
  labelBoundary: 3,
  onlyA: 4,
  onlyB: 5,
};

/** Orders positions of `spans` by reading order, then position in their layer. */
function compareIndexed(spans: readonly LayerSpan[]): (left: number, right: number) => number {
  return (left, right) => comparePlaces(spans[left], spans[right]) || left - right;
}

/** Code points two spans share; 0 or less when they do not overlap. */
function overlapOf(a: LayerSpan, b: LayerSpan): number {
  return Math.min(a.end, b.end) - Math.max(a.start, b.start);
}

/**
 * Pairs the spans of two layers of one document, for adjudication: first exact matches, then
 * spans with the same offsets and different labels, then spans with the same label that overlap
 * (greedily, largest overlap first), then, of those left, spans with different labels that overlap
 * (the same way), and lists the rest as only in A or only in B. Every span of
 * each layer appears exactly once. The result is in reading order: by the start of the
 * difference (the smaller start of its spans), then its end (the larger end), then kind
 * (match, label, boundary, labelBoundary, onlyA, onlyB), then labels.
 */
export function diffLayers(a: readonly LayerSpan[], b: readonly LayerSpan[]): LayerDifference[] {
  const orderA = a.map((_, position) => position).sort(compareIndexed(a));
  const orderB = b.map((_, position) => position).sort(compareIndexed(b));
  const pairedA = new Uint8Array(a.length);
  const pairedB = new Uint8Array(b.length);
  const differences: LayerDifference[] = [];

  // Exact matches, then same offsets: group B by a key and take from each group in order.
  const pairBy = (keyOf: (span: LayerSpan) => string, kind: 'match' | 'label'): void => {
    const waiting = new Map<string, number[]>();
    for (const position of orderB) {
      if (pairedB[position]) continue;
      const key = keyOf(b[position]);
      const queue = waiting.get(key);
      if (queue === undefined) waiting.set(key, [position]);
      else queue.push(position);
    }
    const taken = new Map<string, number>();
    for (const position of orderA) {
      if (pairedA[position]) continue;
      const key = keyOf(a[position]);
      const queue = waiting.get(key);
      const next = taken.get(key) ?? 0;
      if (queue === undefined || next >= queue.length) continue;
      taken.set(key, next + 1);
      pairedA[position] = 1;
      pairedB[queue[next]] = 1;
      differences.push({ kind, a: a[position], b: b[queue[next]] });
    }
  };
  pairBy(spanKey, 'match');
  // After the exact matches, two unpaired spans with the same offsets always differ in label.
  pairBy((span) => `${span.start}:${span.end}`, 'label');

  // Overlapping: every candidate pair, largest overlap first, taken while both are free; first
  // those with the same label, then (what is left) those with different labels.
  const pairOverlapping = (sameLabel: boolean, kind: 'boundary' | 'labelBoundary'): void => {
    const candidates: { positionA: number; positionB: number; overlap: number }[] = [];
    for (const positionA of orderA) {
      if (pairedA[positionA]) continue;
      const spanA = a[positionA];
      for (const positionB of orderB) {
        const spanB = b[positionB];
        if (spanB.start >= spanA.end) break;
        if (pairedB[positionB] || (spanB.label === spanA.label) !== sameLabel) continue;
        const overlap = overlapOf(spanA, spanB);
        if (overlap > 0) candidates.push({ positionA, positionB, overlap });
      }
    }
    // Candidates were found in A's then B's reading order; a stable sort keeps it among equal overlaps.
    candidates.sort((left, right) => right.overlap - left.overlap);
    for (const { positionA, positionB } of candidates) {
      if (pairedA[positionA] || pairedB[positionB]) continue;
      pairedA[positionA] = 1;
      pairedB[positionB] = 1;
      differences.push({ kind, a: a[positionA], b: b[positionB] });
    }
  };
  pairOverlapping(true, 'boundary');
  pairOverlapping(false, 'labelBoundary');

  for (const position of orderA) if (!pairedA[position]) differences.push({ kind: 'onlyA', a: a[position] });
  for (const position of orderB) if (!pairedB[position]) differences.push({ kind: 'onlyB', b: b[position] });
  return differences.sort(compareDifferences);
}

function extentOf(difference: LayerDifference): { start: number; end: number } {
  switch (difference.kind) {
    case 'onlyA':
      return difference.a;
    case 'onlyB':
      return difference.b;
    default:
      return {
        start: Math.min(difference.a.start, difference.b.start),
        end: Math.max(difference.a.end, difference.b.end),
      };
  }
}

/** The label of A's span, or B's when there is none: the first tie-break among equal extents. */
function firstLabel(difference: LayerDifference): string {
  return difference.kind === 'onlyB' ? difference.b.label : difference.a.label;
}

function secondLabel(difference: LayerDifference): string {
  return difference.kind === 'onlyA' || difference.kind === 'onlyB' ? '' : difference.b.label;
}

function compareDifferences(left: LayerDifference, right: LayerDifference): number {
  const extentLeft = extentOf(left);
  const extentRight = extentOf(right);
  return (
    extentLeft.start - extentRight.start ||
    extentLeft.end - extentRight.end ||
    KIND_ORDER[left.kind] - KIND_ORDER[right.kind] ||
    compareText(firstLabel(left), firstLabel(right)) ||
    compareText(secondLabel(left), secondLabel(right))
  );
}

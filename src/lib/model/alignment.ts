/**
 * Placing spans of one text onto a near copy of it: the two texts' tokens are aligned (a patience
 * diff: tokens found exactly once in both anchor the alignment, the stretches between anchors are
 * aligned the same way again, and what is left, when small, by a longest common subsequence), and
 * a span moves with the tokens it covers. A span lands only where every token it covers is matched,
 * in a row, by the same tokens of the copy, and only when the text there is its own text: otherwise
 * it "could not be placed". Offsets in and out are Unicode code points, end exclusive.
 *
 * @see https://bramcohen.livejournal.com/73318.html (patience diff)
 */
import { CodePointIndex } from './offsets';
import { tokenize, type TokenRange } from './tokens';
import type { SpanPlace } from './spanIdentity';

/** Above this many cells (tokens × tokens) a stretch without anchors is left unaligned. */
const LCS_LIMIT = 250_000;

/**
 * For each token of `source`, the index of the token of `target` it is aligned with, or -1. The
 * alignment keeps order (a matched pair never crosses another) and pairs only equal tokens.
 */
export function alignTokens(source: readonly string[], target: readonly string[]): Int32Array {
  const matched = new Int32Array(source.length).fill(-1);
  // Stretches still to align, as [sourceFrom, sourceTo, targetFrom, targetTo): a stack, not recursion.
  const stack: [number, number, number, number][] = [[0, source.length, 0, target.length]];
  while (stack.length > 0) {
    let [aFrom, aTo, bFrom, bTo] = stack.pop() as [number, number, number, number];
    while (aFrom < aTo && bFrom < bTo && source[aFrom] === target[bFrom]) matched[aFrom++] = bFrom++;
    while (aFrom < aTo && bFrom < bTo && source[aTo - 1] === target[bTo - 1]) matched[--aTo] = --bTo;
    if (aFrom >= aTo || bFrom >= bTo) continue;
    const anchors = uniqueAnchors(source, target, aFrom, aTo, bFrom, bTo);
    if (anchors.length > 0) {
      let [previousA, previousB] = [aFrom, bFrom];
      for (const [a, b] of anchors) {
        matched[a] = b;
        stack.push([previousA, a, previousB, b]);
        [previousA, previousB] = [a + 1, b + 1];
      }
      stack.push([previousA, aTo, previousB, bTo]);
    } else if ((aTo - aFrom) * (bTo - bFrom) <= LCS_LIMIT) {
      for (const [a, b] of longestCommonSubsequence(source, target, aFrom, aTo, bFrom, bTo)) matched[a] = b;
    }
  }
  return matched;
}

/**
 * The tokens found exactly once in each stretch, paired, reduced to the longest chain in which both
 * indexes increase (patience sorting), in order.
 */
function uniqueAnchors(
  source: readonly string[],
  target: readonly string[],
  aFrom: number,
  aTo: number,
  bFrom: number,
  bTo: number,
): [number, number][] {
  const inSource = new Map<string, number>();
  for (let a = aFrom; a < aTo; a++) inSource.set(source[a], inSource.has(source[a]) ? -1 : a);
  const inTarget = new Map<string, number>();
  for (let b = bFrom; b < bTo; b++) inTarget.set(target[b], inTarget.has(target[b]) ? -1 : b);
  const pairs: [number, number][] = [];
  for (let a = aFrom; a < aTo; a++) {
    if (inSource.get(source[a]) !== a) continue;
    const b = inTarget.get(source[a]);
    if (b !== undefined && b >= 0) pairs.push([a, b]);
  }
  // Longest increasing subsequence of the target indexes (pairs are in source order).
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let index = 0; index < pairs.length; index++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (pairs[tails[middle]][1] < pairs[index][1]) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1];
    tails[low] = index;
  }
  const chain: [number, number][] = [];
  for (let index = tails.length > 0 ? tails[tails.length - 1] : -1; index >= 0; index = previous[index])
    chain.push(pairs[index]);
  return chain.reverse();
}

/** The pairs of a longest common subsequence of two stretches, in order (dynamic programming). */
function longestCommonSubsequence(
  source: readonly string[],
  target: readonly string[],
  aFrom: number,
  aTo: number,
  bFrom: number,
  bTo: number,
): [number, number][] {
  const rows = aTo - aFrom;
  const columns = bTo - bFrom;
  // lengths[i][j]: the LCS of source[aFrom + i ..] and target[bFrom + j ..].
  const lengths = new Int32Array((rows + 1) * (columns + 1));
  const at = (i: number, j: number) => i * (columns + 1) + j;
  for (let i = rows - 1; i >= 0; i--)
    for (let j = columns - 1; j >= 0; j--)
      lengths[at(i, j)] =
        source[aFrom + i] === target[bFrom + j]
          ? lengths[at(i + 1, j + 1)] + 1
          : Math.max(lengths[at(i + 1, j)], lengths[at(i, j + 1)]);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < rows && j < columns;) {
    if (source[aFrom + i] === target[bFrom + j]) pairs.push([aFrom + i++, bFrom + j++]);
    else if (lengths[at(i + 1, j)] >= lengths[at(i, j + 1)]) i++;
    else j++;
  }
  return pairs;
}

/** A span of the source text and where it lands in the target, or why it does not. */
export type Projection<T extends SpanPlace> =
  { span: T; placed: true; start: number; end: number; text: string } | { span: T; placed: false };

/** The tokens of a text with their texts, for aligning. */
interface Tokens {
  ranges: TokenRange[];
  texts: string[];
}

function tokensOf(text: string, index: CodePointIndex): Tokens {
  const ranges = tokenize(text);
  return { ranges, texts: ranges.map((range) => text.slice(index.toUtf16(range.start), index.toUtf16(range.end))) };
}

/** The first token ending after `offset` (code points); `ranges.length` when none. */
function firstTokenEndingAfter(ranges: readonly TokenRange[], offset: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ranges[middle].end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Places each of `spans` (on `source`, with their quoted `text`) onto `target` through the token
 * alignment of the two texts: the span's first and last tokens and every token between must be
 * matched to a run of as many consecutive tokens of the target; the span keeps its offsets within
 * its first and last token (a span cut mid-word stays cut there); and the target's text there must
 * be the span's text, or the span is not placed.
 */
export function projectSpans<T extends SpanPlace & { text: string }>(
  source: string,
  target: string,
  spans: readonly T[],
): Projection<T>[] {
  const sourceIndex = new CodePointIndex(source);
  const targetIndex = new CodePointIndex(target);
  const from = tokensOf(source, sourceIndex);
  const to = tokensOf(target, targetIndex);
  const matched = alignTokens(from.texts, to.texts);
  return spans.map((span): Projection<T> => {
    const first = firstTokenEndingAfter(from.ranges, span.start);
    let last = first;
    while (last + 1 < from.ranges.length && from.ranges[last + 1].start < span.end) last++;
    if (first >= from.ranges.length || from.ranges[first].start >= span.end) return { span, placed: false };
    const landing = matched[first];
    if (landing < 0) return { span, placed: false };
    for (let token = first; token <= last; token++)
      if (matched[token] !== landing + (token - first)) return { span, placed: false };
    const start = to.ranges[landing].start + (span.start - from.ranges[first].start);
    const end = to.ranges[landing + (last - first)].end - (from.ranges[last].end - span.end);
    if (start < 0 || end > targetIndex.codePointLength || start >= end) return { span, placed: false };
    const text = target.slice(targetIndex.toUtf16(start), targetIndex.toUtf16(end));
    return text === span.text ? { span, placed: true, start, end, text } : { span, placed: false };
  });
}

/**
 * Reliability of a set of annotators (two or more) over the same documents: token-level
 * Krippendorff's alpha and Fleiss' kappa for the whole set, and for every pair token Cohen's
 * kappa, a label confusion matrix, and exact and overlap span precision, recall and F1, overall
 * and per label; per document, a disagreement score to review the worst first. Definitions and
 * worked examples: docs/agreement.md.
 *
 * Every token of a document is a unit and every annotator of the set present on the document
 * codes it with the token's category in their layer (`tokens.ts`). Counts add: a corpus is the
 * sum of its documents. Each text is tokenized once, whatever the number of annotators, with one
 * {@link CoveringSweep} per annotator's layer. Offsets are code points, end exclusive.
 */
import type { LayerSpan } from './agreement';
import { CodePointIndex } from './offsets';
import { addCodingCounts, emptyCodingCounts, unitGroup } from './reliabilityCoding';
import { addConfusion, addToConfusion } from './reliabilityConfusion';
import {
  reliabilityFrom,
  setFigures,
  type DocumentFigures,
  type PairCounts,
  type Reliability,
  type ReliabilityCounts,
} from './reliabilityFigures';
import { addSpanPair, addSpanPairCounts, emptySpanPairCounts, readingOrder } from './reliabilitySpans';
import { CoveringSweep, fairPair } from './coveringSweep';
import { nextTokenEnd, OUTSIDE, skipSpaces } from './tokens';

export { OUTSIDE } from './tokens';
export * from './reliabilityCoding';
export * from './reliabilityConfusion';
export * from './reliabilitySpans';
export * from './reliabilityCsv';
export * from './reliabilityFigures';

/**
 * Whether a layer's status row says its annotator worked on the document: marked done (with spans
 * or without: nothing to label there), or holding spans and not skipped. A skip says the document
 * is no example for them, not that it holds nothing to label; and a layer whose every span was
 * undone or deleted, never marked done, is not yet work: neither is an agreement or a disagreement
 * with anyone (docs/agreement.md).
 */
export function workedOn(row: { status: string; spanCount: number }): boolean {
  return row.status === 'done' || (row.status !== 'skipped' && row.spanCount > 0);
}

/**
 * One document's text and the layers of the annotators who worked on it.
 * @see docs/agreement.md ("Units, coders and absent annotators")
 */
export interface AnnotatedDocument {
  id: string;
  text: string;
  /**
   * The annotators who worked on the document. An annotator of the set who is not listed is
   * missing for every token of it (not "labelled nothing"); names not in the set are ignored.
   */
  present: readonly string[];
  /** Each present annotator's layer; a present annotator without an entry has an empty layer. */
  layers: ReadonlyMap<string, readonly LayerSpan[]>;
}

/** Counts with nothing in them, for a set of at least two distinct annotators. */
export function emptyReliabilityCounts(annotators: readonly string[]): ReliabilityCounts {
  if (new Set(annotators).size !== annotators.length) throw new RangeError('an annotator is named twice in the set');
  const pairs: PairCounts[] = [];
  for (let left = 0; left < annotators.length; left++)
    for (let right = left + 1; right < annotators.length; right++)
      pairs.push({
        a: annotators[left],
        b: annotators[right],
        documents: 0,
        confusion: new Map(),
        spans: emptySpanPairCounts(),
      });
  return {
    annotators: [...annotators],
    documents: 0,
    tokens: 0,
    disputedTokens: 0,
    coding: emptyCodingCounts(annotators.length),
    pairs,
  };
}

/** Adds `next` into `total`, which it changes and returns. Both must be for the same set, in the same order. */
export function addReliabilityCounts(total: ReliabilityCounts, next: ReliabilityCounts): ReliabilityCounts {
  if (
    total.annotators.length !== next.annotators.length ||
    total.annotators.some((name, at) => name !== next.annotators[at])
  )
    throw new RangeError('cannot add counts of different sets of annotators');
  total.documents += next.documents;
  total.tokens += next.tokens;
  total.disputedTokens += next.disputedTokens;
  addCodingCounts(total.coding, next.coding);
  next.pairs.forEach((pair, at) => {
    const sum = total.pairs[at];
    sum.documents += pair.documents;
    addConfusion(sum.confusion, pair.confusion);
    addSpanPairCounts(sum.spans, pair.spans);
  });
  return total;
}

/** Positions in the set of the annotators present on `document`, ascending, each once. */
function presentPositions(document: AnnotatedDocument, annotators: readonly string[]): number[] {
  const present = new Set(document.present);
  const positions: number[] = [];
  annotators.forEach((name, position) => {
    if (present.has(name)) positions.push(position);
  });
  return positions;
}

/** Position in {@link ReliabilityCounts.pairs} of the pair (left, right), left < right, in a set of `size`. */
function pairPosition(left: number, right: number, size: number): number {
  return (left * (2 * size - left - 1)) / 2 + (right - left - 1);
}

function clearOfAll(sweeps: readonly CoveringSweep[]): number {
  let clear = Infinity;
  for (const sweep of sweeps) if (sweep.clearUntil < clear) clear = sweep.clearUntil;
  return clear;
}

/** The counts of the set as a whole, without the pairs. */
type SetCounts = Pick<ReliabilityCounts, 'documents' | 'tokens' | 'disputedTokens' | 'coding'>;

/**
 * A pair of the annotators present on a document (positions `left` < `right` among them) and its
 * current run of consecutive tokens with the same categories: the run is added to the confusion
 * matrix as one count when it ends, which saves a map update per token inside spans.
 */
interface PairRun {
  counts: PairCounts;
  left: number;
  right: number;
  row: string;
  column: string;
  length: number;
}

/**
 * Adds one document, its tokens coded by every annotator present (`present`: their positions in
 * `annotators`, ascending), to `total` (the set as a whole) and to `allPairCounts` (the pairs of
 * `annotators`, in {@link ReliabilityCounts.pairs} order).
 */
function addDocument(
  document: AnnotatedDocument,
  annotators: readonly string[],
  present: readonly number[],
  total: SetCounts,
  allPairCounts: readonly PairCounts[],
): void {
  const layers = present.map((position) => document.layers.get(annotators[position]) ?? []);
  const text = document.text;
  const index = new CodePointIndex(text);
  const coders = present.length;
  // Fewer than two coders: the tokens are counted, but there is nothing to compare.
  const sweeps = coders < 2 ? [] : layers.map((layer) => new CoveringSweep(layer, index));
  const runs: PairRun[] = [];
  for (let left = 0; left < coders; left++)
    for (let right = left + 1; right < coders; right++)
      runs.push({
        counts: allPairCounts[pairPosition(present[left], present[right], annotators.length)],
        left,
        right,
        row: OUTSIDE,
        column: OUTSIDE,
        length: 0,
      });
  const categories: string[] = sweeps.map(() => OUTSIDE);
  const allPairs = coders * (coders - 1); // ordered pairs of coders of a token
  let tokens = 0;
  let outsideForAll = 0;
  let agreeingPairs = 0;
  let disputed = 0;
  let previousEnd = 0;
  let clearUntil = clearOfAll(sweeps);
  // As in agreement.ts: only token ends are stepped; a token's start is found only near a span.
  for (let end = nextTokenEnd(text, 0); end >= 0; end = nextTokenEnd(text, end)) {
    tokens++;
    if (end <= clearUntil) {
      outsideForAll++;
    } else {
      const start = skipSpaces(text, previousEnd);
      for (let coder = 0; coder < coders; coder++) categories[coder] = sweeps[coder].categoryOf(start, end);
      let agreeing = 0;
      for (const run of runs) {
        let row = categories[run.left];
        let column = categories[run.right];
        // α's units keep the innermost label (one value per coder); a pair reads two labels on one stretch fairly.
        if (row === column) agreeing += 2;
        else if (sweeps[run.left].tied || sweeps[run.right].tied)
          [row, column] = fairPair(row, sweeps[run.left].tied, column, sweeps[run.right].tied);
        if (row === run.row && column === run.column) {
          run.length++;
        } else {
          if (run.length > 0) addToConfusion(run.counts.confusion, run.row, run.column, run.length);
          run.row = row;
          run.column = column;
          run.length = 1;
        }
      }
      agreeingPairs += agreeing;
      if (agreeing !== allPairs) disputed++;
      clearUntil = clearOfAll(sweeps);
    }
    previousEnd = end;
  }
  total.documents++;
  total.tokens += tokens;
  if (coders < 2) {
    total.coding.unpairableUnits += tokens;
    return;
  }
  if (tokens > 0) {
    const group = unitGroup(total.coding, coders);
    group.units += tokens;
    group.agreeingPairs += agreeingPairs + outsideForAll * allPairs;
    let outside = 0;
    for (const sweep of sweeps) {
      sweep.addCategories(group.values);
      outside += tokens - sweep.covered;
    }
    if (outside > 0) group.values.set(OUTSIDE, (group.values.get(OUTSIDE) ?? 0) + outside);
    total.disputedTokens += disputed;
  }
  const orders = layers.map(readingOrder);
  for (const run of runs) {
    const counts = run.counts;
    counts.documents++;
    if (run.length > 0) addToConfusion(counts.confusion, run.row, run.column, run.length);
    if (outsideForAll > 0) addToConfusion(counts.confusion, OUTSIDE, OUTSIDE, outsideForAll);
    addSpanPair(counts.spans, layers[run.left], layers[run.right], orders[run.left], orders[run.right]);
  }
}

/**
 * Counts of one document for the set `annotators` (two or more, distinct): its tokens as units
 * coded by the annotators present, and every pair's confusion matrix and span counts.
 * @see docs/agreement.md ("Units, coders and absent annotators")
 */
export function documentReliabilityCounts(
  document: AnnotatedDocument,
  annotators: readonly string[],
): ReliabilityCounts {
  const counts = emptyReliabilityCounts(annotators);
  addDocument(document, counts.annotators, presentPositions(document, counts.annotators), counts, counts.pairs);
  return counts;
}

/**
 * A document's figures from its counts ({@link documentReliabilityCounts}).
 * @see docs/agreement.md ("Which documents to review first")
 */
export function documentFigures(document: AnnotatedDocument, counts: ReliabilityCounts): DocumentFigures {
  const present = presentPositions(document, counts.annotators).map((position) => counts.annotators[position]);
  return { id: document.id, present, ...setFigures(counts) };
}

/** A corpus scored: the summed counts, their figures, and every document's figures in input order. */
export interface CorpusReliability {
  counts: ReliabilityCounts;
  reliability: Reliability;
  documents: DocumentFigures[];
}

/**
 * Scores a corpus for the set `annotators`: each document is counted once, its figures kept, and
 * its counts added to the total. The same counts as adding up {@link documentReliabilityCounts}
 * of every document, without building each document's pair counts apart.
 * @see docs/agreement.md ("Summing a corpus")
 */
export function corpusReliability(
  documents: Iterable<AnnotatedDocument>,
  annotators: readonly string[],
): CorpusReliability {
  const total = emptyReliabilityCounts(annotators);
  const figures: DocumentFigures[] = [];
  for (const document of documents) {
    const own: SetCounts = { documents: 0, tokens: 0, disputedTokens: 0, coding: emptyCodingCounts(annotators.length) };
    const present = presentPositions(document, total.annotators);
    addDocument(document, total.annotators, present, own, total.pairs);
    const names = present.map((position) => total.annotators[position]);
    figures.push({ id: document.id, present: names, ...setFigures(own) });
    total.documents += own.documents;
    total.tokens += own.tokens;
    total.disputedTokens += own.disputedTokens;
    addCodingCounts(total.coding, own.coding);
  }
  return { counts: total, reliability: reliabilityFrom(total), documents: figures };
}

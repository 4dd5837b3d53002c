/**
 * The counts of a set of annotators (`reliability.ts` fills them) and the figures read off them:
 * the set's Krippendorff's alpha, Fleiss' kappa and disagreement score, and per pair of annotators
 * token Cohen's kappa and exact and overlap span scores, overall and per label. Definitions:
 * docs/agreement.md.
 */
import { fleissKappa, fleissUnits, krippendorffAlpha, pairableUnits, type CodingCounts } from './reliabilityCoding';
import { confusionKappa, type ConfusionCounts } from './reliabilityConfusion';
import { spanScores, type SpanPairCounts, type SpanScores } from './reliabilitySpans';
import { compareText } from './spanOrder';

/** Counts of one pair of annotators of the set, A before B in the set's order. */
export interface PairCounts {
  a: string;
  b: string;
  /** Documents both were present on: only these count for the pair. */
  documents: number;
  /** Tokens by category in A (row) and B (column). */
  confusion: ConfusionCounts;
  spans: SpanPairCounts;
}

/** Counts of a set of annotators over one document or, summed with {@link addReliabilityCounts}, a corpus. */
export interface ReliabilityCounts {
  /** The set, in the order given: pairs and tables follow it. */
  annotators: readonly string[];
  documents: number;
  /** Tokens of the texts, whoever was present. */
  tokens: number;
  /** Tokens with two values or more whose values are not all the same. */
  disputedTokens: number;
  /** Tokens as units, annotators as coders. */
  coding: CodingCounts;
  /** Every pair (i < j) of the set, in order: (0,1), (0,2), …, (1,2), … */
  pairs: PairCounts[];
}

/** The figures of one pair of annotators: a row of the pairwise table. */
export interface PairFigures {
  a: string;
  b: string;
  documents: number;
  /** Tokens of the documents both were present on. */
  tokens: number;
  /** Token Cohen's kappa as `agreement.ts` defines it (null without tokens, 1 when both use one same category). */
  kappa: number | null;
  exact: SpanScores;
  overlap: SpanScores;
  spansA: number;
  spansB: number;
}

/** The span figures of one label for one pair. */
export interface LabelFigures {
  a: string;
  b: string;
  label: string;
  spansA: number;
  spansB: number;
  exact: SpanScores;
  overlap: SpanScores;
}

/** The figures of a set of annotators as a whole, over a document or a corpus. */
export interface SetFigures {
  tokens: number;
  /** Tokens with at least two annotators present: the units of alpha and of the disagreement score. */
  pairableUnits: number;
  disputedTokens: number;
  /**
   * The disagreement score: disputedTokens / pairableUnits, the share of tokens whose categories
   * are not all the same among the annotators present; null when no token has two present.
   */
  disagreement: number | null;
  /** Nominal Krippendorff's alpha ({@link krippendorffAlpha}); null without pairable tokens or with one category. */
  alpha: number | null;
  /** Fleiss' kappa over the tokens every annotator of the set coded ({@link fleissKappa}). */
  fleissKappa: number | null;
  /** Tokens every annotator of the set coded. */
  fleissUnits: number;
}

/** The figures of a set of annotators over a document or a corpus: the set's, then every pair's. */
export interface Reliability extends SetFigures {
  annotators: readonly string[];
  documents: number;
  pairs: PairFigures[];
}

/**
 * A row of the pairwise table, from a pair's counts: token kappa read off the confusion matrix,
 * exact and overlap span scores.
 * @see docs/agreement.md ("Token Cohen's kappa", "Exact-match span F1", "Overlap span F1")
 */
export function pairFigures(pair: PairCounts): PairFigures {
  let tokens = 0;
  for (const cells of pair.confusion.values()) for (const count of cells.values()) tokens += count;
  const { spansA, spansB, exactMatches, overlapMatches } = pair.spans;
  return {
    a: pair.a,
    b: pair.b,
    documents: pair.documents,
    tokens,
    kappa: confusionKappa(pair.confusion),
    exact: spanScores(exactMatches, spansA, spansB),
    overlap: spanScores(overlapMatches, spansA, spansB),
    spansA,
    spansB,
  };
}

/**
 * The span figures of every label either annotator of the pair used, in code-unit order of the label.
 * @see docs/agreement.md ("Overlap span F1")
 */
export function labelFigures(pair: PairCounts): LabelFigures[] {
  return [...pair.spans.perLabel.keys()].sort(compareText).map((label) => {
    const { a, b, exact, overlap } = pair.spans.perLabel.get(label)!;
    return {
      a: pair.a,
      b: pair.b,
      label,
      spansA: a,
      spansB: b,
      exact: spanScores(exact, a, b),
      overlap: spanScores(overlap, a, b),
    };
  });
}

/**
 * The set's figures (no pairs) from its token counts.
 * @see docs/agreement.md ("Krippendorff's alpha", "Fleiss' kappa", "Undefined values", "Which
 *   documents to review first")
 */
export function setFigures(counts: Pick<ReliabilityCounts, 'tokens' | 'disputedTokens' | 'coding'>): SetFigures {
  const units = pairableUnits(counts.coding);
  return {
    tokens: counts.tokens,
    pairableUnits: units,
    disputedTokens: counts.disputedTokens,
    disagreement: units === 0 ? null : counts.disputedTokens / units,
    alpha: krippendorffAlpha(counts.coding),
    fleissKappa: fleissKappa(counts.coding),
    fleissUnits: fleissUnits(counts.coding),
  };
}

/**
 * The figures of summed counts: the set's, and a row of the pairwise table for every pair.
 * @see docs/agreement.md ("Undefined values")
 */
export function reliabilityFrom(counts: ReliabilityCounts): Reliability {
  return {
    annotators: counts.annotators,
    documents: counts.documents,
    ...setFigures(counts),
    pairs: counts.pairs.map(pairFigures),
  };
}

/**
 * One document's figures: what a reviewer sorts by. Its disagreement score ranks documents
 * ({@link rankDocuments}).
 */
export interface DocumentFigures extends SetFigures {
  id: string;
  /** The annotators of the set present on the document, in the set's order. */
  present: string[];
}

/**
 * Documents worst first: by disagreement score, highest first (documents without one last), then
 * by disputed tokens, most first, then by id in code-unit order. A new array.
 * @see docs/agreement.md ("Which documents to review first")
 */
export function rankDocuments(documents: readonly DocumentFigures[]): DocumentFigures[] {
  return [...documents].sort(
    (left, right) =>
      (right.disagreement ?? -1) - (left.disagreement ?? -1) ||
      right.disputedTokens - left.disputedTokens ||
      compareText(left.id, right.id),
  );
}

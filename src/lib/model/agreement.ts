/**
 * Inter-annotator agreement between two layers of span labels (A, the reference, and B) of the
 * same documents: token-level Cohen's kappa and exact-match span F1. Definitions and a worked
 * example: docs/agreement.md. The differences an adjudicator walks through are in `layerDiff.ts`.
 *
 * Offsets in and out are Unicode code points, end exclusive. Inside, tokens are found with one
 * scanner pass over the UTF-16 text (`tokens.ts`) and span offsets are converted to UTF-16 with one
 * {@link CodePointIndex} per document, so no code point array is ever built.
 */
import { CodePointIndex } from './offsets';
import type { SpanPlace } from './spanIdentity';
import { comparePlaces, compareText } from './spanOrder';
import { CoveringSweep, fairPair } from './coveringSweep';
import { nextTokenEnd, OUTSIDE, skipSpaces } from './tokens';

export { OUTSIDE, tokenize, type TokenRange } from './tokens';
export { diffLayers, type LayerDifference } from './layerDiff';

/** A labelled span of one layer. Offsets are code points (Python `str` indices), end exclusive. */
export type LayerSpan = SpanPlace;

/** One document's text and the two layers to compare; `a` is the reference. */
export interface DocumentPair {
  id: string;
  text: string;
  a: readonly LayerSpan[];
  b: readonly LayerSpan[];
}

/**
 * Counts for one document or, summed with {@link addCounts}, for a corpus. Everything the
 * metrics need is a sum, so a corpus is scored by adding its documents' counts.
 */
export interface AgreementCounts {
  /** Tokens of the text (see {@link tokenize}). */
  tokens: number;
  /** Tokens whose category is the same in both layers. */
  observedAgree: number;
  /** Tokens per category in layer A; {@link OUTSIDE} counts the tokens no span covers. */
  categoriesA: Map<string, number>;
  /** Tokens per category in layer B. */
  categoriesB: Map<string, number>;
  spansA: number;
  spansB: number;
  /** Spans of A paired with a span of B with the same start, end and label, each span once. */
  exactMatches: number;
  /** Span counts and exact matches per label. */
  perLabel: Map<string, LabelCounts>;
}

/** Span counts of one label. */
export interface LabelCounts {
  a: number;
  b: number;
  matches: number;
}

/** Agreement of one label: its span counts and exact-match F1. */
export interface LabelAgreement extends LabelCounts {
  label: string;
  /** 2·matches / (a + b). */
  f1: number | null;
}

/** The agreement scores of a document or corpus. */
export interface Agreement {
  /** Token-level Cohen's kappa; null when there are no tokens. */
  kappa: number | null;
  /** Exact-match span F1; null when neither layer has a span. */
  f1: number | null;
  /** matches / spansB; null when B has no span. */
  precision: number | null;
  /** matches / spansA; null when A has no span. */
  recall: number | null;
  tokens: number;
  spansA: number;
  spansB: number;
  exactMatches: number;
  /** One entry per label used in either layer, in code-unit order of the label. */
  perLabel: LabelAgreement[];
}

function increment(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function labelCounts(perLabel: Map<string, LabelCounts>, label: string): LabelCounts {
  let counts = perLabel.get(label);
  if (counts === undefined) {
    counts = { a: 0, b: 0, matches: 0 };
    perLabel.set(label, counts);
  }
  return counts;
}

/** Adds one document's tokens and their categories in each layer to `total`. */
function addTokenCounts(pair: DocumentPair, total: AgreementCounts): void {
  const text = pair.text;
  const index = new CodePointIndex(text);
  const sweepA = new CoveringSweep(pair.a, index);
  const sweepB = new CoveringSweep(pair.b, index);
  let tokens = 0;
  let agree = 0;
  let previousEnd = 0;
  let clearUntil = Math.min(sweepA.clearUntil, sweepB.clearUntil);
  // Only token ends are stepped, without an object per token; the start is found only near a span.
  for (let end = nextTokenEnd(text, 0); end >= 0; end = nextTokenEnd(text, end)) {
    tokens++;
    if (end <= clearUntil) {
      agree++; // OUTSIDE in both layers
    } else {
      const start = skipSpaces(text, previousEnd);
      const [a, b] = [sweepA.categoryOf(start, end), sweepB.categoryOf(start, end)];
      if (a === b) agree++;
      else if (sweepA.tied || sweepB.tied) {
        // Two labels on one stretch in a layer: the one the other layer holds there, if any (coveringSweep.ts).
        const [row, column] = fairPair(a, sweepA.tied, b, sweepB.tied);
        if (row !== a) sweepA.recount(row);
        if (column !== b) sweepB.recount(column);
        if (row === column) agree++;
      }
      clearUntil = Math.min(sweepA.clearUntil, sweepB.clearUntil);
    }
    previousEnd = end;
  }
  total.tokens += tokens;
  total.observedAgree += agree;
  sweepA.addCategories(total.categoriesA);
  sweepB.addCategories(total.categoriesB);
  if (tokens > sweepA.covered) increment(total.categoriesA, OUTSIDE, tokens - sweepA.covered);
  if (tokens > sweepB.covered) increment(total.categoriesB, OUTSIDE, tokens - sweepB.covered);
}

/** Adds one document's spans per label and exact matches (a multiset intersection) to `total`. */
function addSpanCounts(pair: DocumentPair, total: AgreementCounts): void {
  for (const span of pair.a) labelCounts(total.perLabel, span.label).a++;
  for (const span of pair.b) labelCounts(total.perLabel, span.label).b++;
  total.spansA += pair.a.length;
  total.spansB += pair.b.length;
  // Merge the two layers in sorted order: each equal pair is one match, and each span is used once.
  const sortedA = [...pair.a].sort(comparePlaces);
  const sortedB = [...pair.b].sort(comparePlaces);
  let positionA = 0;
  let positionB = 0;
  while (positionA < sortedA.length && positionB < sortedB.length) {
    const order = comparePlaces(sortedA[positionA], sortedB[positionB]);
    if (order < 0) positionA++;
    else if (order > 0) positionB++;
    else {
      labelCounts(total.perLabel, sortedA[positionA].label).matches++;
      total.exactMatches++;
      positionA++;
      positionB++;
    }
  }
}

/** Counts with nothing in them: the start of a sum. */
export function emptyCounts(): AgreementCounts {
  return {
    tokens: 0,
    observedAgree: 0,
    categoriesA: new Map(),
    categoriesB: new Map(),
    spansA: 0,
    spansB: 0,
    exactMatches: 0,
    perLabel: new Map(),
  };
}

/**
 * Counts for one document: its tokens and their category in each layer (the label of the
 * innermost covering span, or {@link OUTSIDE}), and its spans and exact matches.
 */
export function documentCounts(pair: DocumentPair): AgreementCounts {
  const counts = emptyCounts();
  addTokenCounts(pair, counts);
  addSpanCounts(pair, counts);
  return counts;
}

/** Adds `next` into `total`, which it changes and returns; `next` is left as it was. */
export function addCounts(total: AgreementCounts, next: AgreementCounts): AgreementCounts {
  total.tokens += next.tokens;
  total.observedAgree += next.observedAgree;
  for (const [category, count] of next.categoriesA) increment(total.categoriesA, category, count);
  for (const [category, count] of next.categoriesB) increment(total.categoriesB, category, count);
  total.spansA += next.spansA;
  total.spansB += next.spansB;
  total.exactMatches += next.exactMatches;
  for (const [label, counts] of next.perLabel) {
    const sum = labelCounts(total.perLabel, label);
    sum.a += counts.a;
    sum.b += counts.b;
    sum.matches += counts.matches;
  }
  return total;
}

/**
 * Cohen's kappa over tokens: κ = (po − pe) / (1 − pe) with po = observedAgree / tokens and
 * pe = Σ_c pA(c)·pB(c). Computed as (N·agree − Σ a_c·b_c) / (N² − Σ a_c·b_c), which is exact in
 * integers up to about 9·10⁷ tokens and the same whichever layer is A. When pe = 1 (both layers
 * put every token in the same single category) po is 1 too and κ is 1 by convention.
 * @see J. Cohen (1960), "A coefficient of agreement for nominal scales", Educational and
 *   Psychological Measurement 20(1), 37–46, https://doi.org/10.1177/001316446002000104
 * @see https://en.wikipedia.org/wiki/Cohen%27s_kappa
 */
function cohensKappa(counts: AgreementCounts): number | null {
  const tokens = counts.tokens;
  if (tokens === 0) return null;
  if (counts.categoriesA.size === 1 && counts.categoriesB.size === 1) {
    const [categoryA] = counts.categoriesA.keys();
    const [categoryB] = counts.categoriesB.keys();
    if (categoryA === categoryB) return 1;
  }
  let chanceProducts = 0;
  for (const [category, countA] of counts.categoriesA)
    chanceProducts += countA * (counts.categoriesB.get(category) ?? 0);
  return (tokens * counts.observedAgree - chanceProducts) / (tokens * tokens - chanceProducts);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * The scores of summed counts: token kappa, and exact-match precision (matches / spansB), recall
 * (matches / spansA) and F1 (2·matches / (spansA + spansB)), overall and per label. A score is
 * null when its denominator is 0.
 * @see E. F. Tjong Kim Sang and F. De Meulder (2003), "Introduction to the CoNLL-2003 Shared Task:
 *   Language-Independent Named Entity Recognition" (exact-match span evaluation),
 *   https://aclanthology.org/W03-0419/
 */
export function agreementFrom(counts: AgreementCounts): Agreement {
  const labels = [...counts.perLabel.keys()].sort(compareText);
  return {
    kappa: cohensKappa(counts),
    f1: ratio(2 * counts.exactMatches, counts.spansA + counts.spansB),
    precision: ratio(counts.exactMatches, counts.spansB),
    recall: ratio(counts.exactMatches, counts.spansA),
    tokens: counts.tokens,
    spansA: counts.spansA,
    spansB: counts.spansB,
    exactMatches: counts.exactMatches,
    perLabel: labels.map((label) => {
      const { a, b, matches } = labelCounts(counts.perLabel, label);
      return { label, a, b, matches, f1: ratio(2 * matches, a + b) };
    }),
  };
}

/** The agreement of a corpus: {@link agreementFrom} the sum of every document's counts. */
export function corpusAgreement(pairs: Iterable<DocumentPair>): Agreement {
  const total = emptyCounts();
  for (const pair of pairs) {
    addTokenCounts(pair, total);
    addSpanCounts(pair, total);
  }
  return agreementFrom(total);
}

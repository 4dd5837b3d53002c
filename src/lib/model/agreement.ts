/**
 * Inter-annotator agreement between two layers of span labels (A, the reference, and B) of the
 * same documents: token-level Cohen's kappa, exact-match span F1, and the list of differences an
 * adjudicator walks through. Definitions and a worked example: docs/agreement.md.
 *
 * Offsets in and out are Unicode code points, end exclusive. Inside, tokens are found with one
 * regex pass over the UTF-16 text and span offsets are converted to UTF-16 with one
 * {@link CodePointIndex} per document, so no code point array is ever built.
 */
import { CodePointIndex } from './offsets';

/** A labelled span of one layer. Offsets are code points (Python `str` indices), end exclusive. */
export interface LayerSpan {
  start: number;
  end: number;
  label: string;
}

/** One document's text and the two layers to compare; `a` is the reference. */
export interface DocumentPair {
  id: string;
  text: string;
  a: readonly LayerSpan[];
  b: readonly LayerSpan[];
}

/** A token's extent in code points, end exclusive. */
export interface TokenRange {
  start: number;
  end: number;
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

/** The category of a token that no span of the layer covers. A label named `O` is indistinguishable from it. */
export const OUTSIDE = 'O';

/** A letter, digit or combining mark: the characters a word is made of. */
const WORD_CHARACTER = String.raw`[\p{L}\p{N}\p{M}]`;
/**
 * A run of word characters. Trying an ASCII run first makes the common case a tight loop over an
 * ASCII class instead of one Unicode property lookup per character (about 1.3× faster on
 * English-like text).
 */
const WORD_RUN = String.raw`(?:[A-Za-z0-9]+|${WORD_CHARACTER})+`;
/**
 * A word: word runs joined by an apostrophe (' or ’) with a letter on each side; the letter
 * before may carry combining marks. The apostrophe is matched before the lookbehind so the
 * lookbehind only runs at an apostrophe. Anything else that is not white space is a token alone.
 */
const TOKEN_SOURCE = String.raw`${WORD_RUN}(?:['’](?<=\p{L}\p{M}*['’])(?=\p{L})${WORD_RUN})*|\S`;

/** Every token of a text, in order, with `exec`. */
function tokenPattern(): RegExp {
  return new RegExp(TOKEN_SOURCE, 'gu');
}

/**
 * The white space before a token and the token, sticky: stepping with `test` gives each token's
 * end without a match object and without the search a global regex makes for the next start.
 * `u` so that \s, \S and the classes step over whole code points.
 */
const NEXT_TOKEN = new RegExp(String.raw`\s*(?:${TOKEN_SOURCE})`, 'uy');
/** White space from a token's end to the next token's start. */
const SPACES = /\s*/uy;

/**
 * Word tokens of a text: maximal runs of letters, digits and combining marks (`\p{L}\p{N}\p{M}`),
 * joined across an inner `'` or `’` that has a letter (possibly followed by combining marks) before
 * it and a letter after it; every other code point that is not white space (JavaScript `\s`) is a
 * token alone. Offsets in code points, end exclusive.
 *
 * @example tokenize("Kim's 🙂 visit.") // Kim's, 🙂, visit, . → [0,5) [6,7) [8,13) [13,14)
 */
export function tokenize(text: string): TokenRange[] {
  const index = new CodePointIndex(text);
  const pattern = tokenPattern();
  const tokens: TokenRange[] = [];
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    tokens.push({ start: index.toCodePoint(match.index), end: index.toCodePoint(pattern.lastIndex) });
  }
  return tokens;
}

/** A span prepared for the token sweep: UTF-16 extent for overlap tests, code points for ranking. */
interface SweepSpan {
  from: number;
  to: number;
  start: number;
  length: number;
  label: string;
  /** Tokens whose category this span gave, added to the label's count once the document is done. */
  tokens: number;
}

/**
 * The innermost span that covers each token of one layer, for tokens visited in text order: spans
 * enter when they start before the token ends and leave when they end before the token starts,
 * so each token looks only at the spans open around it.
 */
class CoveringSweep {
  private readonly spans: SweepSpan[];
  private next = 0;
  private readonly open: SweepSpan[] = [];
  /** The innermost open span, or null when it has to be found again. */
  private innermost: SweepSpan | null = null;
  /** UTF-16 start of the next span to enter; Infinity when none is left. */
  private nextFrom: number;
  /** Tokens a span covered. */
  covered = 0;

  constructor(spans: readonly LayerSpan[], index: CodePointIndex) {
    const prepared: SweepSpan[] = [];
    for (const span of spans) {
      // A span without code points covers no token.
      if (!(span.start < span.end)) continue;
      prepared.push({
        from: index.toUtf16(span.start),
        to: index.toUtf16(span.end),
        start: span.start,
        length: span.end - span.start,
        label: span.label,
        tokens: 0,
      });
    }
    prepared.sort((left, right) => left.from - right.from);
    this.spans = prepared;
    this.nextFrom = prepared.length > 0 ? prepared[0].from : Infinity;
  }

  /**
   * UTF-16 offset up to which no span covers a token (a token ending at or before it is
   * {@link OUTSIDE}) until the next call of {@link categoryOf}; -1 while a span is open.
   */
  get clearUntil(): number {
    return this.open.length === 0 ? this.nextFrom : -1;
  }

  /**
   * The label of the innermost span covering the token [from, to) (UTF-16), or {@link OUTSIDE}.
   * Tokens must come in text order.
   */
  categoryOf(from: number, to: number): string {
    const spans = this.spans;
    const open = this.open;
    let changed = false;
    while (this.next < spans.length && spans[this.next].from < to) {
      open.push(spans[this.next]);
      this.next++;
      changed = true;
    }
    this.nextFrom = this.next < spans.length ? spans[this.next].from : Infinity;
    // A span ending at or before this token's start ends before every later token too.
    let kept = 0;
    for (let position = 0; position < open.length; position++) {
      if (open[position].to > from) open[kept++] = open[position];
    }
    if (kept !== open.length) {
      open.length = kept;
      changed = true;
    }
    if (kept === 0) return OUTSIDE;
    if (changed || this.innermost === null) this.innermost = innermostOf(open);
    this.innermost.tokens++;
    this.covered++;
    return this.innermost.label;
  }

  /** Adds the tokens each label covered to `categories`. */
  addCategories(categories: Map<string, number>): void {
    for (const span of this.spans) if (span.tokens > 0) increment(categories, span.label, span.tokens);
  }
}

/** The shortest span in code points; ties go to the earliest start, then the smaller label. */
function innermostOf(spans: readonly SweepSpan[]): SweepSpan {
  let best = spans[0];
  for (let position = 1; position < spans.length; position++) {
    const span = spans[position];
    if (
      span.length < best.length ||
      (span.length === best.length && (span.start < best.start || (span.start === best.start && span.label < best.label)))
    ) {
      best = span;
    }
  }
  return best;
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

/** Labels in code-unit order (not `localeCompare`: the order must not depend on the locale). */
/** Labels in code-unit order (not `localeCompare`: the order must not depend on the locale). */
function compareLabels(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Orders spans by start, end, then label: equal spans are next to each other. */
function compareSpans(left: LayerSpan, right: LayerSpan): number {
  return left.start - right.start || left.end - right.end || compareLabels(left.label, right.label);
}

/** Adds one document's tokens and their categories in each layer to `total`. */
function addTokenCounts(pair: DocumentPair, total: AgreementCounts): void {
  const text = pair.text;
  const index = new CodePointIndex(text);
  const sweepA = new CoveringSweep(pair.a, index);
  const sweepB = new CoveringSweep(pair.b, index);
  const pattern = NEXT_TOKEN;
  let tokens = 0;
  let agree = 0;
  let previousEnd = 0;
  let clearUntil = Math.min(sweepA.clearUntil, sweepB.clearUntil);
  pattern.lastIndex = 0;
  // `test` rather than `exec`: no match object per token; the start is found only near a span.
  while (pattern.test(text)) {
    const end = pattern.lastIndex;
    tokens++;
    if (end <= clearUntil) {
      agree++; // OUTSIDE in both layers
    } else {
      SPACES.lastIndex = previousEnd;
      SPACES.test(text);
      const start = SPACES.lastIndex;
      if (sweepA.categoryOf(start, end) === sweepB.categoryOf(start, end)) agree++;
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
  const sortedA = [...pair.a].sort(compareSpans);
  const sortedB = [...pair.b].sort(compareSpans);
  let positionA = 0;
  let positionB = 0;
  while (positionA < sortedA.length && positionB < sortedB.length) {
    const order = compareSpans(sortedA[positionA], sortedB[positionB]);
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
  for (const [category, countA] of counts.categoriesA) chanceProducts += countA * (counts.categoriesB.get(category) ?? 0);
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
  const labels = [...counts.perLabel.keys()].sort(compareLabels);
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

/** One difference between two layers of a document, as an adjudicator sees it. */
export type LayerDifference =
  /** Same start, end and label. */
  | { kind: 'match'; a: LayerSpan; b: LayerSpan }
  /** Same start and end, different label. */
  | { kind: 'label'; a: LayerSpan; b: LayerSpan }
  /** Same label, overlapping, different offsets. */
  | { kind: 'boundary'; a: LayerSpan; b: LayerSpan }
  | { kind: 'onlyA'; a: LayerSpan }
  | { kind: 'onlyB'; b: LayerSpan };

const KIND_ORDER: Record<LayerDifference['kind'], number> = { match: 0, label: 1, boundary: 2, onlyA: 3, onlyB: 4 };

/** Orders spans by start, end, label, then position in their layer. */
function compareIndexed(spans: readonly LayerSpan[]): (left: number, right: number) => number {
  return (left, right) =>
    spans[left].start - spans[right].start ||
    spans[left].end - spans[right].end ||
    compareLabels(spans[left].label, spans[right].label) ||
    left - right;
}

/** Identity of a span for exact matching; start and end are numbers, so the key is unambiguous. */
function spanKey(span: LayerSpan): string {
  return `${span.start}:${span.end}:${span.label}`;
}

/** Code points two spans share; 0 or less when they do not overlap. */
function overlapOf(a: LayerSpan, b: LayerSpan): number {
  return Math.min(a.end, b.end) - Math.max(a.start, b.start);
}

/**
 * Pairs the spans of two layers of one document, for adjudication: first exact matches, then
 * spans with the same offsets and different labels, then spans with the same label that overlap
 * (greedily, largest overlap first), and lists the rest as only in A or only in B. Every span of
 * each layer appears exactly once. The result is in reading order: by the start of the
 * difference (the smaller start of its spans), then its end (the larger end), then kind
 * (match, label, boundary, onlyA, onlyB), then labels.
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

  // Same label, overlapping: every candidate pair, largest overlap first, taken while both are free.
  const candidates: { positionA: number; positionB: number; overlap: number }[] = [];
  for (const positionA of orderA) {
    if (pairedA[positionA]) continue;
    const spanA = a[positionA];
    for (const positionB of orderB) {
      const spanB = b[positionB];
      if (spanB.start >= spanA.end) break;
      if (pairedB[positionB] || spanB.label !== spanA.label) continue;
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
    differences.push({ kind: 'boundary', a: a[positionA], b: b[positionB] });
  }

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
    compareLabels(firstLabel(left), firstLabel(right)) ||
    compareLabels(secondLabel(left), secondLabel(right))
  );
}

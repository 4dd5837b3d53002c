import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusAgreement, documentCounts, type LayerSpan } from '../../../src/lib/model/agreement';
import {
  OUTSIDE,
  addCodingCounts,
  addReliabilityCounts,
  addUnit,
  confusionCategories,
  confusionCell,
  confusionCsv,
  corpusReliability,
  csvField,
  documentCsv,
  documentFigures,
  documentReliabilityCounts,
  emptyCodingCounts,
  emptyReliabilityCounts,
  fleissKappa,
  krippendorffAlpha,
  labelCsv,
  labelFigures,
  matchOverlapping,
  orderLabels,
  pairFigures,
  pairwiseCsv,
  rankDocuments,
  reliabilityFrom,
  spanPairCounts,
  type AnnotatedDocument,
  type CodingCounts,
  type DocumentFigures,
  type ReliabilityCounts,
  type SpanPairCounts,
} from '../../../src/lib/model/reliability';
import { tokenCategories } from '../../../src/lib/model/coveringSweep';
import { trickyText } from '../arbitraries';
import { naiveFair, naiveLabels, naiveTokenize } from '../../support/naiveTokens';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function document(
  id: string,
  text: string,
  layers: Record<string, readonly LayerSpan[]>,
  present: string[] = Object.keys(layers),
): AnnotatedDocument {
  return { id, text, present, layers: new Map(Object.entries(layers)) };
}

/** Maps as sorted entry lists (recursively), so that insertion order never matters in a comparison. */
function plain(value: unknown): unknown {
  if (value instanceof Map)
    return [...value]
      .map(([key, item]) => [key, plain(item)] as const)
      .sort(([left], [right]) => (String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0));
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

/** Span counts: spans and exact matches as agreement.ts counts them, overlap matches from matchOverlapping. */
function naiveSpanCounts(a: readonly LayerSpan[], b: readonly LayerSpan[]): SpanPairCounts {
  const exact = documentCounts({ id: '', text: '', a, b });
  const perLabel = new Map<string, { a: number; b: number; exact: number; overlap: number }>();
  for (const [label, counts] of exact.perLabel)
    perLabel.set(label, { a: counts.a, b: counts.b, exact: counts.matches, overlap: 0 });
  const pairs = matchOverlapping(a, b);
  for (const [inA] of pairs) perLabel.get(a[inA].label)!.overlap++;
  return {
    spansA: a.length,
    spansB: b.length,
    exactMatches: exact.exactMatches,
    overlapMatches: pairs.length,
    perLabel,
  };
}

/**
 * The definition read naively: every token's labels per present annotator by a scan of every span
 * (tests/support/naiveTokens.ts, written apart from tokens.ts and coveringSweep.ts), each token added as one unit
 * (the innermost label), each pair's confusion cell incremented. Used to check the single-sweep counting of reliability.ts.
 */
function naiveCounts(doc: AnnotatedDocument, annotators: readonly string[]): ReliabilityCounts {
  const counts = emptyReliabilityCounts(annotators);
  const present = annotators.map((name) => doc.present.includes(name));
  const units = naiveTokenize(doc.text);
  const coded = annotators.map((name, at) =>
    present[at] ? units.map((token) => naiveLabels(token, doc.layers.get(name) ?? [])) : null,
  );
  const categories = coded.map((list) => list?.map((labels) => labels[0]) ?? null);
  const tokens = units.length;
  counts.documents = 1;
  counts.tokens = tokens;
  for (let token = 0; token < tokens; token++) {
    const values = categories.map((list) => (list === null ? null : list[token]));
    addUnit(counts.coding, values);
    const given = values.filter((value) => value !== null);
    if (given.length >= 2 && new Set(given).size > 1) counts.disputedTokens++;
  }
  let pairIndex = 0;
  for (let left = 0; left < annotators.length; left++) {
    for (let right = left + 1; right < annotators.length; right++, pairIndex++) {
      const pair = counts.pairs[pairIndex];
      const rows = categories[left];
      const columns = categories[right];
      if (rows === null || columns === null) continue;
      pair.documents = 1;
      for (let token = 0; token < tokens; token++) {
        // Two labels on one stretch of a layer: the one the other holds there counts (coveringSweep.ts's fairPair).
        const [row, column] = naiveFair(coded[left]![token], coded[right]![token]);
        const cells = pair.confusion.get(row) ?? new Map<string, number>();
        pair.confusion.set(row, cells);
        cells.set(column, (cells.get(column) ?? 0) + 1);
      }
      pair.spans = naiveSpanCounts(doc.layers.get(annotators[left]) ?? [], doc.layers.get(annotators[right]) ?? []);
    }
  }
  return counts;
}

/** A document for three annotators from fast-check: tricky text, spans within it, any of them absent. */
const ANNOTATORS = ['x', 'y', 'z'];
const documentArbitrary: fc.Arbitrary<AnnotatedDocument> = trickyText.chain((text) => {
  const length = Array.from(text).length;
  const span = fc
    .record({
      start: fc.nat({ max: length }),
      extent: fc.nat({ max: Math.max(1, length) }),
      label: fc.constantFrom('claim', 'visit', 'denial'),
    })
    .map(({ start, extent, label }) => ({ start, end: Math.min(length, start + extent), label }));
  const layer = fc.array(span, { maxLength: 6 });
  return fc
    .record({ x: layer, y: layer, z: layer, present: fc.subarray(ANNOTATORS) })
    .map(({ x, y, z, present }) => document('doc', text, { x, y, z }, present));
});

/**
 * Two layers of one text from fast-check, for span matching: on short texts (up to 6 code points)
 * most spans are identical, nested or tied in overlap, which is where greedy matching can go wrong.
 */
const layersArbitrary = fc
  .record({ length: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 })) })
  .chain(({ length }) => {
    const span = fc
      .record({ start: fc.nat({ max: length }), extent: fc.nat({ max: 12 }), label: fc.constantFrom('p', 'q') })
      .map(({ start, extent, label }) => ({ start, end: Math.min(length, start + extent), label }));
    return fc.record({ a: fc.array(span, { maxLength: 8 }), b: fc.array(span, { maxLength: 8 }) });
  });

// ---------------------------------------------------------------------------------------------
// Published examples
// ---------------------------------------------------------------------------------------------

describe('Krippendorff’s alpha against Krippendorff (2011)', () => {
  // K. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Departmental Papers
  // (ASC) 43, https://repository.upenn.edu/asc_papers/43/, section C ("Nominal data, any number of
  // observers, missing values"): 4 observers, 12 units, values 1–5, "." missing.
  //   unit:        1  2  3  4  5  6  7  8  9 10 11 12
  //   observer A:  1  2  3  3  2  1  4  1  2  .  .  .
  //   observer B:  1  2  3  3  2  2  4  1  2  5  .  3
  //   observer C:  .  3  3  3  2  3  4  2  2  5  1  .
  //   observer D:  1  2  3  3  2  4  4  1  2  5  1  .
  // Published: α_nominal = 0.743. By hand: unit 12 has one value and cannot be paired; n = 40
  // pairable values (3 + 8·4 + 3 + 2). The coincidence matrix's diagonal,
  // o_cc = Σ_u n_uc(n_uc − 1)/(m_u − 1):
  //   o_11 = 6/2 (unit 1) + 6/3 (unit 8) + 2/1 (unit 11) = 7
  //   o_22 = 6/3 (unit 2) + 12/3 (unit 5) + 12/3 (unit 9) = 10
  //   o_33 = 12/3 (unit 3) + 12/3 (unit 4) = 8,  o_44 = 12/3 (unit 7) = 4,  o_55 = 6/2 (unit 10) = 3
  //   Σ o_cc = 32; margins n_1..n_5 = 9, 13, 10, 5, 3; Σ n_c(n_c − 1) = 72 + 156 + 90 + 20 + 6 = 344
  //   α = (39·32 − 344) / (40·39 − 344) = 904 / 1216 = 0.74342…
  const DATA: (number | null)[][] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const OBSERVERS = ['A', 'B', 'C', 'D'];
  const unitValues = (unit: number): (string | null)[] =>
    DATA.map((row) => (row[unit] === null ? null : String(row[unit])));

  it('reproduces α = 0.743 from units × coders with missing values', () => {
    const counts = emptyCodingCounts(4);
    for (let unit = 0; unit < 12; unit++) addUnit(counts, unitValues(unit));
    expect(counts.unpairableUnits).toBe(1);
    expect(plain(counts.groups)).toEqual(
      plain(
        new Map([
          [2, { units: 1, agreeingPairs: 2, values: new Map([['1', 2]]) }],
          [
            3,
            {
              units: 2,
              agreeingPairs: 12,
              values: new Map([
                ['1', 3],
                ['5', 3],
              ]),
            },
          ],
          [
            4,
            {
              units: 8,
              agreeingPairs: 72, // 6 + 12 + 12 + 12 + 0 + 12 + 6 + 12
              values: new Map([
                ['1', 4],
                ['2', 13],
                ['3', 10],
                ['4', 5],
              ]),
            },
          ],
        ]),
      ),
    );
    expect(krippendorffAlpha(counts)).toBeCloseTo(904 / 1216, 12);
    expect(krippendorffAlpha(counts)!.toFixed(3)).toBe('0.743');
  });

  it('reproduces it through documents: one token a unit, an observer with no value absent', () => {
    // Each unit is a one-token document "u"; an observer's value is a label over the token.
    const documents = Array.from({ length: 12 }, (_, unit) => {
      const values = unitValues(unit);
      const layers: Record<string, LayerSpan[]> = {};
      OBSERVERS.forEach((observer, at) => {
        const value = values[at];
        if (value !== null) layers[observer] = [{ start: 0, end: 1, label: value }];
      });
      return document(`unit-${unit + 1}`, 'u', layers);
    });
    const { reliability } = corpusReliability(documents, OBSERVERS);
    expect(reliability.alpha!.toFixed(3)).toBe('0.743');
    expect(reliability.pairableUnits).toBe(11);
    expect(reliability.tokens).toBe(12);
  });
});

describe('Fleiss’ kappa against the worked example on Wikipedia', () => {
  // https://en.wikipedia.org/wiki/Fleiss%27_kappa ("Worked example"), after Fleiss (1971):
  // 10 subjects, 14 raters each, 5 categories; n_ij = raters who put subject i in category j.
  // Published: P̄ = 0.378, P̄e = 0.213, κ = 0.210. By hand: A = Σ_i Σ_j n_ij(n_ij − 1) = 182 + 46 +
  // 56 + 80 + 60 + 84 + 44 + 32 + 52 + 52 = 688 (row i gives P_i = A_i / (14·13): 1.000, 0.253, …);
  // P̄ = 688 / (10·14·13) = 0.37802; column totals v_j = 20, 28, 39, 21, 32 of T = 140 ratings,
  // Σ v² = 400 + 784 + 1521 + 441 + 1024 = 4170, P̄e = 4170 / 140² = 0.21276;
  // κ = (688·140 − 13·4170) / (13·(140² − 4170)) = 42110 / 200590 = 0.20993 → 0.210.
  const TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('reproduces κ ≈ 0.210', () => {
    const counts = emptyCodingCounts(14);
    for (const row of TABLE)
      addUnit(
        counts,
        row.flatMap((raters, category) => Array<string>(raters).fill(`c${category + 1}`)),
      );
    const group = counts.groups.get(14)!;
    expect(group.units).toBe(10);
    expect(group.agreeingPairs).toBe(688);
    expect(fleissKappa(counts)).toBeCloseTo(42110 / 200590, 12);
    expect(fleissKappa(counts)!.toFixed(3)).toBe('0.210');
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-computed fixtures
// ---------------------------------------------------------------------------------------------

describe('a corpus of three annotators, one absent from a document', () => {
  // Document 1, "Kim met Moon in Seoul today." — 7 tokens: Kim[0,3) met[4,7) Moon[8,12) in[13,15)
  // Seoul[16,21) today[22,27) .[27,28).
  //   x: visit [0,21), person [0,3) and person [8,12) nested in it (the inner span wins)
  //   y: visit [4,27), person [8,12)
  //   z: person [0,3)
  //   token:  Kim     met    Moon    in     Seoul  today  .
  //   x       person  visit  person  visit  visit  O      O
  //   y       O       visit  person  visit  visit  visit  O
  //   z       person  O      O       O      O      O      O
  // Document 2, "Moon left." — Moon[0,4) left[5,9) .[9,10); z is absent (its layer there is ignored).
  //   x: person [0,4)                 → person O O
  //   y: person [0,4), visit [0,9)    → person visit O (Moon: same start, [0,4) ends first)
  const doc1 = document('d1', 'Kim met Moon in Seoul today.', {
    x: [
      { start: 0, end: 21, label: 'visit' },
      { start: 0, end: 3, label: 'person' },
      { start: 8, end: 12, label: 'person' },
    ],
    y: [
      { start: 4, end: 27, label: 'visit' },
      { start: 8, end: 12, label: 'person' },
    ],
    z: [{ start: 0, end: 3, label: 'person' }],
  });
  const doc2 = document(
    'd2',
    'Moon left.',
    {
      x: [{ start: 0, end: 4, label: 'person' }],
      y: [
        { start: 0, end: 4, label: 'person' },
        { start: 0, end: 9, label: 'visit' },
      ],
      z: [{ start: 0, end: 10, label: 'visit' }],
    },
    ['x', 'y'],
  );
  const SET = ['x', 'y', 'z'];

  it('scores document 1: alpha 3/23, Fleiss 2/23, 6 of 7 tokens disputed', () => {
    // Units of 3 values. Agreeing ordered pairs Σ_c n_uc(n_uc − 1): Kim {person 2, O 1} 2, met 2,
    // Moon 2, in 2, Seoul 2, today {O 2, visit 1} 2, "." {O 3} 6 → 18; Σ o_cc = 18/2 = 9.
    // n = 21: person 4, visit 7, O 10; Σ n_c(n_c − 1) = 12 + 42 + 90 = 144.
    // α = (20·9 − 144) / (21·20 − 144) = 36/276 = 3/23.
    // Fleiss: T = 21, A = 18, Σ v² = 16 + 49 + 100 = 165;
    // κ = (18·21 − 2·165) / (2·(21² − 165)) = 48/552 = 2/23.
    const counts = documentReliabilityCounts(doc1, SET);
    const figures = documentFigures(doc1, counts);
    expect(figures.alpha).toBeCloseTo(3 / 23, 12);
    expect(figures.fleissKappa).toBeCloseTo(2 / 23, 12);
    expect(figures).toMatchObject({ tokens: 7, pairableUnits: 7, disputedTokens: 6, fleissUnits: 7 });
    expect(figures.disagreement).toBeCloseTo(6 / 7, 12);
    expect(figures.present).toEqual(['x', 'y', 'z']);
  });

  it('scores document 2 with z absent: alpha 6/11, no Fleiss units', () => {
    // Units of 2 values: Moon {person 2} 2 pairs, left {O, visit} 0, "." {O 2} 2 → Σ o_cc = 4/1 = 4.
    // n = 6: person 2, O 3, visit 1; Σ n_c(n_c − 1) = 2 + 6 + 0 = 8.
    // α = (5·4 − 8) / (6·5 − 8) = 12/22 = 6/11. No token has all three values: Fleiss is null.
    const figures = documentFigures(doc2, documentReliabilityCounts(doc2, SET));
    expect(figures.alpha).toBeCloseTo(6 / 11, 12);
    expect(figures.fleissKappa).toBeNull();
    expect(figures).toMatchObject({
      present: ['x', 'y'],
      tokens: 3,
      pairableUnits: 3,
      disputedTokens: 1,
      fleissUnits: 0,
    });
  });

  it('scores the corpus from the summed counts', () => {
    // n = 21 + 6 = 27, Σ o_cc = 9 + 4 = 13; person 6, visit 8, O 13; Σ n_c(n_c − 1) = 30 + 56 + 156 = 242.
    // α = (26·13 − 242) / (27·26 − 242) = 96/460 = 24/115. Fleiss uses document 1's units only: 2/23.
    // Disagreement: 7 disputed of 10 pairable tokens.
    const { reliability, counts, documents } = corpusReliability([doc1, doc2], SET);
    expect(reliability.alpha).toBeCloseTo(24 / 115, 12);
    expect(reliability.fleissKappa).toBeCloseTo(2 / 23, 12);
    expect(reliability).toMatchObject({
      documents: 2,
      tokens: 10,
      pairableUnits: 10,
      disputedTokens: 7,
      fleissUnits: 7,
    });
    expect(reliability.disagreement).toBeCloseTo(0.7, 12);
    expect(documents.map((figures) => figures.id)).toEqual(['d1', 'd2']);
    expect(plain(counts)).toEqual(
      plain(addReliabilityCounts(documentReliabilityCounts(doc1, SET), documentReliabilityCounts(doc2, SET))),
    );
  });

  it('gives each pair its confusion matrix and token kappa, over the documents both worked on', () => {
    const { reliability, counts } = corpusReliability([doc1, doc2], SET);
    const [xy, xz, yz] = counts.pairs;
    // x against y, both documents (10 tokens):
    //   person→person 2 (Moon twice), person→O 1 (Kim), visit→visit 3, O→visit 2 (today, left), O→O 2.
    expect(plain(xy.confusion)).toEqual(
      plain(
        new Map([
          [
            'person',
            new Map([
              ['person', 2],
              [OUTSIDE, 1],
            ]),
          ],
          ['visit', new Map([['visit', 3]])],
          [
            OUTSIDE,
            new Map([
              ['visit', 2],
              [OUTSIDE, 2],
            ]),
          ],
        ]),
      ),
    );
    expect(confusionCategories(xy.confusion)).toEqual(['person', 'visit', OUTSIDE]);
    expect(confusionCell(xy.confusion, 'visit', 'person')).toBe(0);
    // κ(x, y): N = 10, agree = 7; rows person 3, visit 3, O 4; columns person 2, visit 5, O 3;
    // Σ a_c·b_c = 6 + 15 + 12 = 33; κ = (10·7 − 33) / (10² − 33) = 37/67.
    // κ(x, z), document 1 only: agree = 3 (Kim, today, "."); rows person 2, visit 3, O 2; columns
    // person 1, O 6; Σ = 2 + 12 = 14; κ = (7·3 − 14) / (49 − 14) = 7/35 = 0.2.
    // κ(y, z): agree = 1 ("."); rows O 2, visit 4, person 1; columns person 1, O 6; Σ = 12 + 1 = 13;
    // κ = (7 − 13) / (49 − 13) = −1/6.
    const [figuresXY, figuresXZ, figuresYZ] = reliability.pairs;
    expect(figuresXY).toMatchObject({ a: 'x', b: 'y', documents: 2, tokens: 10 });
    expect(figuresXY.kappa).toBeCloseTo(37 / 67, 12);
    expect(figuresXZ).toMatchObject({ a: 'x', b: 'z', documents: 1, tokens: 7 });
    expect(figuresXZ.kappa).toBeCloseTo(0.2, 12);
    expect(figuresYZ.kappa).toBeCloseTo(-1 / 6, 12);
    expect(xz.documents).toBe(1);
    expect(yz.documents).toBe(1);
  });

  it('scores spans exactly and by overlap, overall and per label', () => {
    // x against y. Document 1: exact — person [8,12) only; overlap — visit [0,21) ~ visit [4,27)
    // (17 code points) and person [8,12) ~ person [8,12); x's person [0,3) overlaps no person of y.
    // Document 2: person [0,4) matches both ways; y's visit [0,9) has no visit in x.
    // spans x 3 + 1 = 4, y 2 + 2 = 4; exact 2, overlap 3:
    //   exact P = R = F1 = 2/4; overlap P = R = F1 = 3/4.
    // Per label: person — x 3, y 2, exact 2, overlap 2: P = 1, R = 2/3, F1 = 4/5;
    //            visit  — x 1, y 2, exact 0, overlap 1: P = 1/2, R = 1, F1 = 2/3.
    // x against z (document 1): x 3, z 1, person [0,3) matches both ways: P = 1, R = 1/3, F1 = 1/2.
    // y against z: nothing overlaps (person [8,12) and person [0,3)): P = R = F1 = 0.
    const { reliability, counts } = corpusReliability([doc1, doc2], SET);
    const [xy, xz, yz] = reliability.pairs;
    expect(xy).toMatchObject({
      spansA: 4,
      spansB: 4,
      exact: { matches: 2, precision: 0.5, recall: 0.5, f1: 0.5 },
      overlap: { matches: 3, precision: 0.75, recall: 0.75, f1: 0.75 },
    });
    expect(xz).toMatchObject({ spansA: 3, spansB: 1, exact: { matches: 1, precision: 1, f1: 0.5 } });
    expect(xz.exact.recall).toBeCloseTo(1 / 3, 12);
    expect(yz).toMatchObject({
      exact: { precision: 0, recall: 0, f1: 0 },
      overlap: { precision: 0, recall: 0, f1: 0 },
    });
    const perLabel = labelFigures(counts.pairs[0]);
    expect(perLabel.map((row) => row.label)).toEqual(['person', 'visit']);
    expect(perLabel[0]).toMatchObject({ spansA: 3, spansB: 2, exact: { matches: 2, precision: 1 } });
    expect(perLabel[0].exact.recall).toBeCloseTo(2 / 3, 12);
    expect(perLabel[0].exact.f1).toBeCloseTo(0.8, 12);
    expect(perLabel[1]).toMatchObject({ spansA: 1, spansB: 2, exact: { matches: 0, f1: 0 } });
    expect(perLabel[1].overlap).toMatchObject({ matches: 1, precision: 0.5, recall: 1 });
    expect(perLabel[1].overlap.f1).toBeCloseTo(2 / 3, 12);
  });
});

describe('a layer holding two labels on one stretch (gold keeping both versions)', () => {
  // "Kim denied it, Moon said." Gold keeps ann's claim and bea's denial on "Kim denied it"; ann and bea each said one.
  const text = 'Kim denied it, Moon said.';
  const both = (first: string, second: string) => ({
    gold: [
      { start: 0, end: 13, label: first },
      { start: 0, end: 13, label: second },
    ],
    ann: [{ start: 0, end: 13, label: 'claim' }],
    bea: [{ start: 0, end: 13, label: 'denial' }],
  });

  it('scores each annotator who said one of them as agreeing with gold there, whatever the labels are named', () => {
    for (const [first, second] of [
      ['claim', 'denial'],
      ['denial', 'claim'],
    ]) {
      const doc = document('d', text, both(first, second));
      const { reliability } = corpusReliability([doc], ['gold', 'ann', 'bea']);
      const [goldAnn, goldBea, annBea] = reliability.pairs;
      expect(goldAnn.kappa).toBe(1);
      expect(goldBea.kappa).toBe(1);
      // The annotators still differ with each other.
      expect(annBea.kappa).toBeLessThan(1);
      // The pair figures of agreement.ts read it so too.
      for (const name of ['ann', 'bea'] as const) {
        const pair = corpusAgreement([{ id: 'd', text, a: both(first, second).gold, b: both(first, second)[name] }]);
        expect(pair.kappa).toBe(1);
      }
    }
  });

  it('renamed labels (zeta, alpha) score the same: the rule does not end on the names', () => {
    const renamed = {
      gold: [
        { start: 0, end: 13, label: 'zeta' },
        { start: 0, end: 13, label: 'alpha' },
      ],
      ann: [{ start: 0, end: 13, label: 'zeta' }],
      bea: [{ start: 0, end: 13, label: 'alpha' }],
    };
    const { reliability } = corpusReliability([document('d', text, renamed)], ['gold', 'ann', 'bea']);
    expect(reliability.pairs.map((pair) => pair.kappa)).toEqual([1, 1, reliability.pairs[2].kappa]);
    expect(reliability.pairs[2].kappa).toBeLessThan(1);
  });
});

describe('overlap matching', () => {
  it('takes the largest overlap first, each span once', () => {
    // A: claim [0,10), claim [12,20); B: claim [5,15). Overlaps: [5,10) = 5 and [12,15) = 3.
    // The 5 is taken; A's second span is left. P = 1/1, R = 1/2, F1 = 2/3.
    const a: LayerSpan[] = [
      { start: 0, end: 10, label: 'claim' },
      { start: 12, end: 20, label: 'claim' },
    ];
    const b: LayerSpan[] = [{ start: 5, end: 15, label: 'claim' }];
    expect(matchOverlapping(a, b)).toEqual([[0, 0]]);
    const counts = spanPairCounts(a, b);
    expect(counts).toMatchObject({ spansA: 2, spansB: 1, exactMatches: 0, overlapMatches: 1 });
  });

  it('breaks ties by reading order of A, whatever the order of the layer', () => {
    // A: [0,4) and [6,10); B: [2,8). Both overlaps are 2; [0,4) comes first in reading order.
    const b: LayerSpan[] = [{ start: 2, end: 8, label: 'p' }];
    expect(
      matchOverlapping(
        [
          { start: 0, end: 4, label: 'p' },
          { start: 6, end: 10, label: 'p' },
        ],
        b,
      ),
    ).toEqual([[0, 0]]);
    expect(
      matchOverlapping(
        [
          { start: 6, end: 10, label: 'p' },
          { start: 0, end: 4, label: 'p' },
        ],
        b,
      ),
    ).toEqual([[1, 0]]);
  });

  it('is greedy, not a maximum matching, and needs the same label and a shared code point', () => {
    // A: [0,6), [6,8); B: [2,7), [0,3). Overlaps: A0~B0 4, A0~B1 3, A1~B0 1. Greedy takes A0~B0
    // (4) and then nothing is free to pair: 1 match, where A0~B1 and A1~B0 would have made 2.
    expect(
      matchOverlapping(
        [
          { start: 0, end: 6, label: 'p' },
          { start: 6, end: 8, label: 'p' },
        ],
        [
          { start: 2, end: 7, label: 'p' },
          { start: 0, end: 3, label: 'p' },
        ],
      ),
    ).toEqual([[0, 0]]);
    // Touching spans share no code point; a different label never pairs.
    expect(matchOverlapping([{ start: 0, end: 5, label: 'p' }], [{ start: 5, end: 9, label: 'p' }])).toEqual([]);
    expect(matchOverlapping([{ start: 0, end: 5, label: 'p' }], [{ start: 0, end: 5, label: 'q' }])).toEqual([]);
    // Two identical spans without code points pair, as they are an exact match.
    expect(matchOverlapping([{ start: 3, end: 3, label: 'p' }], [{ start: 3, end: 3, label: 'p' }])).toEqual([[0, 0]]);
  });
});

describe('undefined figures', () => {
  it('answers null without tokens', () => {
    const { reliability, documents } = corpusReliability([document('empty', '', { x: [], y: [] })], ['x', 'y']);
    expect(reliability).toMatchObject({ tokens: 0, alpha: null, fleissKappa: null, disagreement: null });
    expect(reliability.pairs[0]).toMatchObject({
      kappa: null,
      exact: { precision: null, recall: null, f1: null },
      overlap: { precision: null, recall: null, f1: null },
    });
    expect(documents[0].disagreement).toBeNull();
  });

  it('answers null for alpha and Fleiss with a single category, where token kappa keeps its convention of 1', () => {
    // Empty layers: every token is O for everyone. D_e = 0 and P̄e = 1: no variation to judge.
    const silent = corpusReliability([document('d', 'Nothing to see here.', { x: [], y: [], z: [] })], ['x', 'y', 'z']);
    expect(silent.reliability).toMatchObject({ tokens: 5, alpha: null, fleissKappa: null, disagreement: 0 });
    expect(silent.reliability.pairs[0].kappa).toBe(1);
    // One label over the whole text for everyone: a single category that is not O.
    const all: LayerSpan[] = [{ start: 0, end: 3, label: 'p' }];
    const single = corpusReliability([document('d', 'a b', { x: all, y: all })], ['x', 'y']);
    expect(single.reliability).toMatchObject({ alpha: null, fleissKappa: null, disagreement: 0 });
    expect(single.reliability.pairs[0].exact).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it('scores an empty layer against a full one: precision 0 or null, recall null or 0', () => {
    // B has 1 span and A none: precision = 0/1 = 0, recall = 0/0 = null, F1 = 0/1 = 0.
    const doc = document('d', 'Kim left', { x: [], y: [{ start: 0, end: 3, label: 'person' }] });
    const { reliability } = corpusReliability([doc], ['x', 'y']);
    expect(reliability.pairs[0].exact).toEqual({ matches: 0, precision: 0, recall: null, f1: 0 });
    expect(reliability.pairs[0].overlap).toEqual({ matches: 0, precision: 0, recall: null, f1: 0 });
    // Tokens: Kim person/O in B only, left O/O: n = 4, Σ o_cc = 2 (left), O 3 and person 1;
    // Σ n_c(n_c − 1) = 6; α = (3·2 − 6) / (4·3 − 6) = 0.
    expect(reliability.alpha).toBe(0);
  });

  it('leaves tokens with fewer than two annotators out, and pairs with an absent annotator empty', () => {
    const doc = document('d', 'one two', { x: [{ start: 0, end: 3, label: 'p' }], y: [] }, ['x']);
    const { reliability, counts } = corpusReliability([doc], ['x', 'y']);
    expect(counts.coding.unpairableUnits).toBe(2);
    expect(reliability).toMatchObject({ tokens: 2, pairableUnits: 0, alpha: null, disagreement: null });
    expect(reliability.pairs[0]).toMatchObject({ documents: 0, tokens: 0, kappa: null, spansA: 0, spansB: 0 });
  });

  it('refuses a set with fewer than two annotators or a name twice, and adds only like sets', () => {
    expect(() => emptyReliabilityCounts(['x'])).toThrow(RangeError);
    expect(() => emptyReliabilityCounts(['x', 'x'])).toThrow(RangeError);
    expect(() => addReliabilityCounts(emptyReliabilityCounts(['x', 'y']), emptyReliabilityCounts(['y', 'x']))).toThrow(
      RangeError,
    );
    expect(() => addCodingCounts(emptyCodingCounts(2), emptyCodingCounts(3))).toThrow(RangeError);
    expect(() => addUnit(emptyCodingCounts(2), ['a', 'b', 'c'])).toThrow(RangeError);
  });
});

describe('ranking documents', () => {
  it('puts the highest disagreement first, then more disputed tokens, then id; null last', () => {
    const figures = (id: string, disagreement: number | null, disputedTokens: number): DocumentFigures => ({
      id,
      present: ['x', 'y'],
      tokens: 10,
      pairableUnits: 10,
      disputedTokens,
      disagreement,
      alpha: null,
      fleissKappa: null,
      fleissUnits: 0,
    });
    const ranked = rankDocuments([
      figures('quiet', 0, 0),
      figures('none', null, 0),
      figures('b', 0.5, 5),
      figures('a', 0.5, 5),
      figures('worst', 0.9, 1),
      figures('big', 0.5, 50),
    ]);
    expect(ranked.map((document) => document.id)).toEqual(['worst', 'big', 'a', 'b', 'quiet', 'none']);
  });
});

describe('labels in order', () => {
  it('sorts labels by code unit with O last, each once', () => {
    expect(orderLabels(['visit', OUTSIDE, 'Zed', 'claim', 'visit', 'Ärger'])).toEqual([
      'Zed',
      'claim',
      'visit',
      'Ärger',
      OUTSIDE,
    ]);
    expect(orderLabels(['b', 'a'])).toEqual(['a', 'b']);
  });
});

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks, and neutralises formulas in names', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@here')).toBe("'@here");
    expect(csvField('\tTab')).toBe("'\tTab");
    expect(csvField('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvField('a=b')).toBe('a=b');
    // Figures are numbers, never neutralised; null is an empty field.
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(1 / 3)).toBe('0.333333');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
  });

  it('writes the pairwise, per-label, per-document and confusion tables', () => {
    const doc = document('=d1, "quoted"', 'Kim met Moon.', {
      '@ann': [
        { start: 0, end: 3, label: 'person' },
        { start: 8, end: 12, label: 'person' },
      ],
      bob: [
        { start: 0, end: 3, label: 'person' },
        { start: 4, end: 12, label: '-x' },
      ],
    });
    // Tokens Kim met Moon ".": @ann person O person O; bob person -x -x O.
    // κ: N = 4, agree 2; rows person 2, O 2; columns person 1, -x 2, O 1; Σ = 2 + 2 = 4;
    // κ = (8 − 4) / (16 − 4) = 1/3. Spans: exact 1 (person [0,3)), overlap 1; 2 and 2: P = R = F1 = 1/2.
    const { reliability, counts, documents } = corpusReliability([doc], ['@ann', 'bob']);
    expect(pairwiseCsv(reliability.pairs)).toBe(
      'annotator A,annotator B,token kappa,exact precision,exact recall,exact F1,overlap precision,overlap recall,' +
        'overlap F1,spans A,spans B,documents,tokens\r\n' +
        "'@ann,bob,0.333333,0.5,0.5,0.5,0.5,0.5,0.5,2,2,1,4\r\n",
    );
    expect(labelCsv(labelFigures(counts.pairs[0]))).toBe(
      'annotator A,annotator B,label,spans A,spans B,exact matches,exact precision,exact recall,exact F1,' +
        'overlap matches,overlap precision,overlap recall,overlap F1\r\n' +
        "'@ann,bob,'-x,0,1,0,0,,0,0,0,,0\r\n" +
        "'@ann,bob,person,2,1,1,1,0.5,0.666667,1,1,0.5,0.666667\r\n",
    );
    // Disputed: met and Moon, 2 of 4. α: n = 8, Σ o_cc = 2 + 2 = 4 (Kim, "."); person 3, O 3, -x 2;
    // Σ n_c(n_c − 1) = 6 + 6 + 2 = 14; α = (7·4 − 14) / (8·7 − 14) = 14/42 = 1/3. Fleiss (2 raters):
    // A = 4, T = 8, Σ v² = 9 + 9 + 4 = 22; κ = (4·8 − 22) / (64 − 22) = 10/42 = 0.238095.
    expect(documentCsv(documents)).toBe(
      'document,annotators present,tokens,pairable tokens,disputed tokens,disagreement,alpha,Fleiss kappa,Fleiss tokens\r\n' +
        `"'=d1, ""quoted""",'@ann; bob,4,4,2,0.5,0.333333,0.238095,4\r\n`,
    );
    expect(confusionCsv(counts.pairs[0])).toBe(
      "'@ann \\ bob,'-x,person,(no label)\r\n'-x,0,0,0\r\nperson,1,1,0\r\n(no label),1,0,1\r\n",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('reliability properties', () => {
  it('counts as the naive definition does, token by token through tokens.ts', () => {
    fc.assert(
      fc.property(documentArbitrary, (doc) => {
        expect(plain(documentReliabilityCounts(doc, ANNOTATORS))).toEqual(plain(naiveCounts(doc, ANNOTATORS)));
      }),
      { numRuns: 300 },
    );
  });

  it('sums a corpus: its counts are the sum of its documents’ counts, its alpha that of all units at once', () => {
    fc.assert(
      fc.property(fc.array(documentArbitrary, { maxLength: 6 }), (docs) => {
        const { counts, reliability } = corpusReliability(docs, ANNOTATORS);
        const sum = emptyReliabilityCounts(ANNOTATORS);
        for (const doc of docs) addReliabilityCounts(sum, naiveCounts(doc, ANNOTATORS));
        expect(plain(counts)).toEqual(plain(sum));
        // One CodingCounts fed every token of every document as a unit.
        const units: CodingCounts = emptyCodingCounts(3);
        for (const doc of docs) addCodingCounts(units, naiveCounts(doc, ANNOTATORS).coding);
        expect(reliability.alpha).toBe(krippendorffAlpha(units));
        expect(reliability.fleissKappa).toBe(fleissKappa(units));
      }),
      { numRuns: 150 },
    );
  });

  it('gives alpha = Fleiss’ kappa = 1 for identical layers when more than one category occurs', () => {
    fc.assert(
      fc.property(documentArbitrary, fc.integer({ min: 2, max: 4 }), (doc, coders) => {
        const layer = doc.layers.get('x') ?? [];
        const names = ['x', 'y', 'z', 'w'].slice(0, coders);
        const same = document('same', doc.text, Object.fromEntries(names.map((name) => [name, layer])));
        const { reliability } = corpusReliability([same], names);
        const categories = new Set(tokenCategories(doc.text, layer).map(({ category }) => category));
        if (categories.size > 1) {
          expect(reliability.alpha).toBe(1);
          expect(reliability.fleissKappa).toBe(1);
        } else {
          expect(reliability.alpha).toBeNull();
          expect(reliability.fleissKappa).toBeNull();
        }
        expect(reliability.disputedTokens).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('swaps precision and recall and keeps F1 and kappa when A and B swap; finds the same pairs', () => {
    fc.assert(
      fc.property(documentArbitrary, (doc) => {
        const both = { ...doc, present: ['x', 'y'] };
        const forward = pairFigures(documentReliabilityCounts(both, ['x', 'y']).pairs[0]);
        const backward = pairFigures(documentReliabilityCounts(both, ['y', 'x']).pairs[0]);
        for (const kind of ['exact', 'overlap'] as const) {
          expect(backward[kind].precision).toBe(forward[kind].recall);
          expect(backward[kind].recall).toBe(forward[kind].precision);
          expect(backward[kind].f1).toBe(forward[kind].f1);
        }
        expect(backward.kappa).toBe(forward.kappa);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(layersArbitrary, ({ a, b }) => {
        const swapped = matchOverlapping(b, a).map(([inB, inA]) => [inA, inB]);
        const sort = (pairs: number[][]): number[][] => [...pairs].sort((l, r) => l[0] - r[0] || l[1] - r[1]);
        expect(sort(swapped)).toEqual(sort(matchOverlapping(a, b)));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives each pair the token kappa and exact span scores of agreement.ts for the same two layers', () => {
    fc.assert(
      fc.property(fc.array(documentArbitrary, { maxLength: 5 }), (docs) => {
        const { reliability } = corpusReliability(docs, ANNOTATORS);
        reliability.pairs.forEach((pair) => {
          const both = docs.filter((doc) => doc.present.includes(pair.a) && doc.present.includes(pair.b));
          const agreement = corpusAgreement(
            both.map((doc) => ({ id: doc.id, text: doc.text, a: doc.layers.get(pair.a)!, b: doc.layers.get(pair.b)! })),
          );
          expect(pair.kappa).toBe(agreement.kappa);
          expect(pair.tokens).toBe(agreement.tokens);
          expect(pair.exact).toEqual({
            matches: agreement.exactMatches,
            precision: agreement.precision,
            recall: agreement.recall,
            f1: agreement.f1,
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('never scores exact F1 above overlap F1, overall or per label; pairs each span once', () => {
    fc.assert(
      fc.property(layersArbitrary, ({ a, b }) => {
        const counts = spanPairCounts(a, b);
        expect(counts.exactMatches).toBeLessThanOrEqual(counts.overlapMatches);
        for (const label of counts.perLabel.values()) expect(label.exact).toBeLessThanOrEqual(label.overlap);
        const pairs = matchOverlapping(a, b);
        expect(new Set(pairs.map(([inA]) => inA)).size).toBe(pairs.length);
        expect(new Set(pairs.map(([, inB]) => inB)).size).toBe(pairs.length);
        for (const [inA, inB] of pairs) {
          expect(a[inA].label).toBe(b[inB].label);
          const shares = Math.min(a[inA].end, b[inB].end) > Math.max(a[inA].start, b[inB].start);
          const same = a[inA].start === b[inB].start && a[inA].end === b[inB].end;
          expect(shares || same).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps alpha and Fleiss’ kappa at most 1', () => {
    fc.assert(
      fc.property(fc.array(documentArbitrary, { maxLength: 4 }), (docs) => {
        const { reliability } = corpusReliability(docs, ANNOTATORS);
        if (reliability.alpha !== null) expect(reliability.alpha).toBeLessThanOrEqual(1 + 1e-12);
        if (reliability.fleissKappa !== null) expect(reliability.fleissKappa).toBeLessThanOrEqual(1 + 1e-12);
        const figures = reliabilityFrom(emptyReliabilityCounts(ANNOTATORS));
        expect(figures.alpha).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OUTSIDE,
  addCounts,
  agreementFrom,
  corpusAgreement,
  diffLayers,
  documentCounts,
  emptyCounts,
  tokenize,
  type Agreement,
  type AgreementCounts,
  type DocumentPair,
  type LayerSpan,
} from '../../../src/lib/model/agreement';
import { TRICKY_PIECES, trickyText } from '../arbitraries';
import { firstGrapheme, naiveFair, naiveLabels, naiveTokenize } from '../../support/naiveTokens';
import { CodePointIndex } from '../../../src/lib/model/offsets';
import { TOKEN_RULE } from '../../../src/lib/model/tokens';

// A naive reference: tests/support/naiveTokens.ts (per-token scans); the textbook formulas below.

function naiveDocumentCounts(pair: DocumentPair): AgreementCounts {
  const counts = emptyCounts();
  for (const token of naiveTokenize(pair.text)) {
    const [categoryA, categoryB] = naiveFair(naiveLabels(token, pair.a), naiveLabels(token, pair.b));
    counts.tokens++;
    if (categoryA === categoryB) counts.observedAgree++;
    counts.categoriesA.set(categoryA, (counts.categoriesA.get(categoryA) ?? 0) + 1);
    counts.categoriesB.set(categoryB, (counts.categoriesB.get(categoryB) ?? 0) + 1);
  }
  counts.spansA = pair.a.length;
  counts.spansB = pair.b.length;
  const unusedB = [...pair.b];
  for (const span of pair.a) {
    const perLabel = counts.perLabel.get(span.label) ?? { a: 0, b: 0, matches: 0 };
    counts.perLabel.set(span.label, perLabel);
    perLabel.a++;
    const match = unusedB.findIndex(
      (other) => other.start === span.start && other.end === span.end && other.label === span.label,
    );
    if (match >= 0) {
      unusedB.splice(match, 1);
      perLabel.matches++;
      counts.exactMatches++;
    }
  }
  for (const span of pair.b) {
    const perLabel = counts.perLabel.get(span.label) ?? { a: 0, b: 0, matches: 0 };
    counts.perLabel.set(span.label, perLabel);
    perLabel.b++;
  }
  return counts;
}

/** κ = (po − pe) / (1 − pe), in floating point, as textbooks write it. */
function naiveKappa(counts: AgreementCounts): number | null {
  if (counts.tokens === 0) return null;
  const po = counts.observedAgree / counts.tokens;
  let pe = 0;
  for (const [category, countA] of counts.categoriesA)
    pe += (countA / counts.tokens) * ((counts.categoriesB.get(category) ?? 0) / counts.tokens);
  if (pe === 1) return 1;
  return (po - pe) / (1 - pe);
}

/** Maps compared as sorted entry lists, so insertion order does not matter. */
function sortedEntries<Value>(map: Map<string, Value>): [string, Value][] {
  return [...map].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
}

function comparableCounts(counts: AgreementCounts): object {
  return {
    ...counts,
    categoriesA: sortedEntries(counts.categoriesA),
    categoriesB: sortedEntries(counts.categoriesB),
    perLabel: sortedEntries(counts.perLabel),
  };
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so the generated corpus is the same on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** `O` is a label like any other (OUTSIDE is the empty string); both implementations must agree on that too. */
const LABELS = ['claim', 'denial', 'sanction', 'visit', 'O'];
const WORDS = [
  'the',
  'minister',
  'said',
  "don't",
  'rock’n’roll',
  "dogs'",
  'Zürich',
  'café',
  'cafe\u0301',
  'Москва',
  '東京',
  '2024',
  'U.S.',
  'x_y',
];

function generatePair(random: () => number, id: number): DocumentPair {
  const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)];
  const pieces: string[] = [];
  const wordCount = 20 + Math.floor(random() * 100);
  for (let word = 0; word < wordCount; word++) {
    pieces.push(random() < 0.2 ? pick(TRICKY_PIECES) : pick(WORDS));
    pieces.push(random() < 0.1 ? pick([', ', '. ', '\n', '  ', '\u00a0']) : ' ');
  }
  const text = pieces.join('');
  const length = Array.from(text).length;
  const randomSpan = (): LayerSpan => {
    const start = Math.floor(random() * length);
    // Mostly short spans, some long ones that nest others, a few empty.
    const extent = random() < 0.05 ? 0 : random() < 0.8 ? 1 + Math.floor(random() * 12) : Math.floor(random() * length);
    return { start, end: Math.min(length, start + extent), label: pick(LABELS) };
  };
  const a: LayerSpan[] = [];
  const spanCount = Math.floor(random() * 12);
  for (let index = 0; index < spanCount; index++) a.push(randomSpan());
  // B starts from A and drifts: relabel, move a boundary, drop, duplicate, add.
  const b: LayerSpan[] = [];
  for (const span of a) {
    const roll = random();
    if (roll < 0.5) b.push({ ...span });
    else if (roll < 0.65) b.push({ ...span, label: pick(LABELS) });
    else if (roll < 0.8) b.push({ ...span, end: Math.min(length, span.end + 1 + Math.floor(random() * 3)) });
    else if (roll < 0.85) b.push({ ...span }, { ...span });
  }
  const extra = Math.floor(random() * 4);
  for (let index = 0; index < extra; index++) b.push(randomSpan());
  // Layers arrive in any order: a Fisher–Yates shuffle.
  for (let index = b.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [b[index], b[other]] = [b[other], b[index]];
  }
  return { id: `doc-${id}`, text, a, b };
}

/** A document pair from fast-check: tricky text and spans within it. */
const pairArbitrary: fc.Arbitrary<DocumentPair> = trickyText.chain((text) => {
  const length = Array.from(text).length;
  const span = fc
    .record({
      start: fc.nat({ max: length }),
      extent: fc.nat({ max: Math.max(1, length) }),
      label: fc.constantFrom('claim', 'visit', 'denial'),
    })
    .map(({ start, extent, label }) => ({ start, end: Math.min(length, start + extent), label }));
  return fc
    .record({ a: fc.array(span, { maxLength: 8 }), b: fc.array(span, { maxLength: 8 }) })
    .map(({ a, b }) => ({ id: 'doc', text, a, b }));
});

function swapped(pair: DocumentPair): DocumentPair {
  return { ...pair, a: pair.b, b: pair.a };
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('tokenize', () => {
  it('splits Thai, Lao, Khmer and Myanmar (written without spaces) into character clusters, as Han and kana', () => {
    const pieces = (text: string) => tokenize(text).map(({ start, end }) => [...text].slice(start, end).join(''));
    expect(pieces('ปฏิเสธข่าว')).toEqual(['ป', 'ฏิ', 'เ', 'ส', 'ธ', 'ข่', 'า', 'ว']);
    expect(pieces('ทำ Kim')).toEqual(['ทำ', 'Kim']);
    expect(pieces('ខ្មែរ')).toEqual(['ខ្មែ', 'រ']);
  });

  it('splits words and punctuation, in code points', () => {
    expect(tokenize("Kim's 🙂 visit.")).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 5 },
      { start: 6, end: 7 },
      { start: 8, end: 13 },
      { start: 13, end: 14 },
    ]);
  });

  it('joins words across an inner apostrophe between letters only', () => {
    const text = "rock'n'roll 'tis dogs' l’été 2'b cafe\u0301'st x''y don't";
    const words = tokenize(text).map(({ start, end }) => Array.from(text).slice(start, end).join(''));
    expect(words).toEqual([
      "rock'n'roll",
      "'",
      'tis',
      'dogs',
      "'",
      'l’été',
      '2',
      "'",
      'b',
      "cafe\u0301'st",
      'x',
      "'",
      "'",
      'y',
      "don't",
    ]);
  });

  it("splits an English clitic off the word before it, as spaCy does: Korea’s, they’re, 1990's, O'Neill's", () => {
    const text =
      "North Korea’s they're I'M we’ve 1990's O'Neill's he'd you'll Kim’s\u200d 'so ma'am Kim'sa Germany 's 'S' 'd";
    const words = tokenize(text).map(({ start, end }) => Array.from(text).slice(start, end).join(''));
    expect(words).toEqual([
      'North',
      'Korea',
      '’s',
      'they',
      "'re",
      'I',
      "'M",
      'we',
      '’ve',
      '1990',
      "'s",
      "O'Neill",
      "'s",
      'he',
      "'d",
      'you',
      "'ll",
      'Kim',
      '’s\u200d',
      "'",
      'so',
      "ma'am",
      "Kim'sa",
      // Alone between spaces, as a token file writes it: one token, as spaCy keeps it; not a quoted letter.
      'Germany',
      "'s",
      "'",
      'S',
      "'",
      "'d",
    ]);
  });

  it('counts emoji, CJK and combining marks in code points', () => {
    // Each Han character is a token; a ZWJ family (three emoji, two joiners) and a flag (two regional
    // indicators) are one token each; e + U+0301 is one word of two code points; a lone surrogate is one token.
    const text = '北朝鮮 👩‍👩‍👧 🇺🇦! ke\u0301 a\ud83dz';
    expect(tokenize(text)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 3 },
      { start: 4, end: 9 },
      { start: 10, end: 12 },
      { start: 12, end: 13 },
      { start: 14, end: 17 },
      { start: 18, end: 19 },
      { start: 19, end: 20 },
      { start: 20, end: 21 },
    ]);
  });

  it('agrees with a code point by code point reading of the definition', () => {
    const pieces = fc.constantFrom(
      ...TRICKY_PIECES,
      "'",
      '’',
      "it's",
      "l'",
      "'s",
      '’RE',
      "'ll",
      'm',
      've',
      'e\u0301',
      '\u0301',
      '5',
      '.',
      '_',
    );
    const text = fc.oneof(
      trickyText,
      fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (value) => {
        expect(tokenize(value)).toEqual(naiveTokenize(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds exactly the tokens of the rule written as a regular expression (TOKEN_RULE)', () => {
    const pieces = fc.constantFrom(
      ...TRICKY_PIECES,
      "'",
      '’',
      "it's",
      'e\u0301’s',
      "'Ve",
      '’d',
      " 'll",
      "'s ",
      'm',
      'll',
      '\u0301',
      '\u{1D400}', // an astral letter
      '\u{1D7CE}', // an astral digit
      '\u{1D167}', // an astral combining mark
      '\uD800', // lone surrogates
      '\uDC00',
      '\u00A0',
      '\u3000',
      '\uFEFF',
      '\u2028',
      '\u0085', // NEL and the separators U+001C–U+001F: white space to Python
      '\u001c',
      '\u001f',
      '\r\n',
      '\t',
      '٣',
      '_',
      '普京访问了北京。',
      'ปฏิเสธข่าว', // Thai: each cluster (a consonant with its vowel and tone marks) a token
      'ำำ', // Thai SARA AM, a letter that joins the cluster before it
      'ສະບາຍດີ', // Lao
      'ខ្មែរ', // Khmer, with a subscript sign
      'မြန်မာ', // Myanmar
      'コーヒー',
      'か\u3099', // a kana and its combining voiced mark
      'ｶﾞ', // a halfwidth kana and its voiced mark (a letter)
      '々',
      '葛\u{E0100}', // an ideographic variation sequence
      '🏳️‍🌈',
      '👍🏽',
      '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', // a tag sequence
      '#\uFE0F\u20E3',
      '\u{1F1FA}', // a lone regional indicator
      '\u200C',
      '\u0600', // a prepended format character
      '\u0E33',
    );
    const text = fc.oneof(
      fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const index = new CodePointIndex(value);
        const expected: { start: number; end: number }[] = [];
        const rule = new RegExp(TOKEN_RULE.source, TOKEN_RULE.flags);
        for (let match = rule.exec(value); match !== null; match = rule.exec(value)) {
          // A match of the second alternative is cut to its first extended grapheme cluster.
          const token = match.groups?.word ?? firstGrapheme(match[0]);
          expected.push({ start: index.toCodePoint(match.index), end: index.toCodePoint(match.index + token.length) });
          rule.lastIndex = match.index + token.length;
        }
        expect(tokenize(value)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('token kappa and exact-match F1', () => {
  it('gives κ = 1 and F1 = 1 for identical layers', () => {
    const spans: LayerSpan[] = [
      { start: 0, end: 6, label: 'visit' },
      { start: 15, end: 24, label: 'claim' },
    ];
    const result = corpusAgreement([{ id: 'x', text: 'Shoigu visited Pyongyang today.', a: spans, b: [...spans] }]);
    expect(result.kappa).toBe(1);
    expect(result.f1).toBe(1);
    expect(result.precision).toBe(1);
    expect(result.recall).toBe(1);
  });

  it('counts a label named O as a label, never as the tokens no span covers', () => {
    // Tokens: Kim met Moon . → A: O(label) – – –; B: none. Were the label O read as "outside", κ would be 1.
    const result = corpusAgreement([{ id: 'x', text: 'Kim met Moon.', a: [{ start: 0, end: 3, label: 'O' }], b: [] }]);
    expect(result.tokens).toBe(4);
    expect(result.kappa).toBe(0);
    expect(result.recall).toBe(0);
  });

  it('scores layers with disjoint labels', () => {
    // Tokens: Kim met Moon . → A: claim O O O; B: O O visit O.
    // po = 2/4 (met and the full stop); pA = {claim 1/4, O 3/4}, pB = {visit 1/4, O 3/4};
    // pe = 3/4 · 3/4 = 9/16 (claim and visit never meet); κ = (8/16 − 9/16) / (7/16) = −1/7.
    const result = corpusAgreement([
      {
        id: 'x',
        text: 'Kim met Moon.',
        a: [{ start: 0, end: 3, label: 'claim' }],
        b: [{ start: 8, end: 12, label: 'visit' }],
      },
    ]);
    expect(result.kappa).toBeCloseTo(-1 / 7, 12);
    expect(result.f1).toBe(0);
    expect(result.precision).toBe(0);
    expect(result.recall).toBe(0);
    expect(result.perLabel).toEqual([
      { label: 'claim', a: 1, b: 0, matches: 0, f1: 0 },
      { label: 'visit', a: 0, b: 1, matches: 0, f1: 0 },
    ]);
  });

  it('reproduces the textbook 2×2 example (κ = 0.4)', () => {
    // 50 items, two readers saying yes or no (the Wikipedia grant-proposal example):
    //              B yes  B no
    //   A yes        20     5     → A says yes 25 times
    //   A no         10    15     → B says yes 30 times
    // po = (20 + 15) / 50 = 0.7
    // pe = 0.5 · 0.6 (yes) + 0.5 · 0.4 (no) = 0.3 + 0.2 = 0.5
    // κ = (0.7 − 0.5) / (1 − 0.5) = 0.4
    // Here each item is a one-letter token; "yes" is a span over it, "no" is OUTSIDE.
    const text = Array.from({ length: 50 }, () => 'x').join(' ');
    const over = (token: number): LayerSpan => ({ start: 2 * token, end: 2 * token + 1, label: 'yes' });
    const range = (from: number, to: number): number[] =>
      Array.from({ length: to - from }, (_, offset) => from + offset);
    const a = range(0, 25).map(over); // 0–19 both yes, 20–24 A only
    const b = [...range(0, 20), ...range(25, 35)].map(over); // 25–34 B only; 35–49 both no
    const counts = documentCounts({ id: 'grants', text, a, b });
    expect(counts.tokens).toBe(50);
    expect(counts.observedAgree).toBe(35);
    expect(sortedEntries(counts.categoriesA)).toEqual([
      [OUTSIDE, 25],
      ['yes', 25],
    ]);
    expect(sortedEntries(counts.categoriesB)).toEqual([
      [OUTSIDE, 20],
      ['yes', 30],
    ]);
    expect(agreementFrom(counts).kappa).toBeCloseTo(0.4, 12);
  });

  it('reproduces the worked example of docs/agreement.md', () => {
    const pair: DocumentPair = {
      id: 'example',
      text: '🙂 Shoigu visited Pyongyang, the U.S. said.',
      a: [
        { start: 2, end: 42, label: 'claim' },
        { start: 2, end: 26, label: 'visit' },
      ],
      b: [
        { start: 2, end: 26, label: 'visit' },
        { start: 28, end: 41, label: 'claim' },
      ],
    };
    const counts = documentCounts(pair);
    expect(counts.tokens).toBe(12);
    expect(counts.observedAgree).toBe(10);
    expect(sortedEntries(counts.categoriesA)).toEqual([
      [OUTSIDE, 1],
      ['claim', 8],
      ['visit', 3],
    ]);
    expect(sortedEntries(counts.categoriesB)).toEqual([
      [OUTSIDE, 3],
      ['claim', 6],
      ['visit', 3],
    ]);
    const result = agreementFrom(counts);
    expect(result.kappa).toBeCloseTo(5 / 7, 12);
    expect(result).toMatchObject({ f1: 0.5, precision: 0.5, recall: 0.5, exactMatches: 1, spansA: 2, spansB: 2 });
    expect(result.perLabel).toEqual([
      { label: 'claim', a: 1, b: 1, matches: 0, f1: 0 },
      { label: 'visit', a: 1, b: 1, matches: 1, f1: 1 },
    ]);
    expect(diffLayers(pair.a, pair.b).map((difference) => difference.kind)).toEqual(['match', 'boundary']);
  });

  it('reads span offsets as code points in emoji, CJK and combining text', () => {
    // Code points: 👩‍👩‍👧 0–5, ' ' 5, 北京 6–8, ' ' 8, cafe\u0301 9–14, ' ' 14, 🇺🇦 15–17.
    // In UTF-16 北京 is 9–11 and 🇦 20–22: reading the offsets as UTF-16 would label other tokens.
    const text = '👩‍👩‍👧 北京 cafe\u0301 🇺🇦';
    const counts = documentCounts({
      id: 'x',
      text,
      a: [
        { start: 6, end: 8, label: 'place' },
        { start: 16, end: 17, label: 'flag' },
      ],
      b: [{ start: 9, end: 14, label: 'place' }],
    });
    // Tokens: 👩‍👩‍👧 北 京 café 🇺🇦 (a span on one regional indicator covers the flag)
    expect(counts.tokens).toBe(5);
    expect(sortedEntries(counts.categoriesA)).toEqual([
      [OUTSIDE, 2],
      ['flag', 1],
      ['place', 2],
    ]);
    expect(sortedEntries(counts.categoriesB)).toEqual([
      [OUTSIDE, 4],
      ['place', 1],
    ]);
    expect(counts.observedAgree).toBe(1);
  });

  it('gives a token the innermost covering span, and covers a token touched by one code point', () => {
    // Tokens: Kim(0–3) Jong(4–8) Un(9–11) visited(12–19) Moscow(20–26)
    const text = 'Kim Jong Un visited Moscow';
    const a: LayerSpan[] = [
      { start: 0, end: 26, label: 'claim' },
      { start: 0, end: 11, label: 'person' },
      { start: 4, end: 8, label: 'given' },
      { start: 25, end: 26, label: 'place' }, // the last letter of Moscow
    ];
    const counts = documentCounts({ id: 'x', text, a, b: [] });
    // Kim person, Jong given, Un person, visited claim, Moscow place.
    expect(sortedEntries(counts.categoriesA)).toEqual([
      ['claim', 1],
      ['given', 1],
      ['person', 2],
      ['place', 1],
    ]);
  });

  it('breaks ties between crossing covering spans as a click and a highlight do (model/innermost.ts)', () => {
    // Both cover the token "ab"; [1,3) starts later, so it is the innermost. Same extent: the greater label.
    const later = documentCounts({
      id: 'x',
      text: 'ab',
      a: [
        { start: 1, end: 3, label: 'late' },
        { start: 0, end: 2, label: 'zed' },
      ],
      b: [],
    });
    expect(sortedEntries(later.categoriesA)).toEqual([['late', 1]]);
    const same = documentCounts({
      id: 'x',
      text: 'ab',
      a: [
        { start: 0, end: 2, label: 'beta' },
        { start: 0, end: 2, label: 'alpha' },
      ],
      b: [],
    });
    expect(sortedEntries(same.categoriesA)).toEqual([['beta', 1]]);
  });

  it('scores F1 per label and counts duplicate spans once each', () => {
    const a: LayerSpan[] = [
      { start: 0, end: 3, label: 'person' },
      { start: 0, end: 3, label: 'person' },
      { start: 20, end: 26, label: 'place' },
      { start: 12, end: 19, label: 'visit' },
    ];
    const b: LayerSpan[] = [
      { start: 0, end: 3, label: 'person' },
      { start: 20, end: 26, label: 'place' },
      { start: 12, end: 19, label: 'claim' },
      { start: 4, end: 8, label: 'person' },
    ];
    const result = corpusAgreement([{ id: 'x', text: 'Kim Jong Un visited Moscow', a, b }]);
    expect(result.exactMatches).toBe(2);
    expect(result.recall).toBe(2 / 4);
    expect(result.precision).toBe(2 / 4);
    expect(result.f1).toBe(4 / 8);
    expect(result.perLabel).toEqual([
      { label: 'claim', a: 0, b: 1, matches: 0, f1: 0 },
      { label: 'person', a: 2, b: 2, matches: 1, f1: 2 / 4 },
      { label: 'place', a: 1, b: 1, matches: 1, f1: 1 },
      { label: 'visit', a: 1, b: 0, matches: 0, f1: 0 },
    ]);
  });

  it('answers null where a denominator is 0, and κ = 1 when both layers use one category everywhere', () => {
    const nothing = corpusAgreement([]);
    expect(nothing).toMatchObject({ kappa: null, f1: null, precision: null, recall: null, tokens: 0, perLabel: [] });
    expect(corpusAgreement([{ id: 'x', text: '  \n ', a: [], b: [] }]).kappa).toBeNull();

    // No spans at all: every token is OUTSIDE in both layers, pe = 1, κ = 1 by convention.
    const unlabelled = corpusAgreement([{ id: 'x', text: 'no spans here', a: [], b: [] }]);
    expect(unlabelled).toMatchObject({ kappa: 1, f1: null, precision: null, recall: null, tokens: 3 });
    // One span over the whole text in both: one category again.
    const whole: LayerSpan[] = [{ start: 0, end: 13, label: 'claim' }];
    expect(corpusAgreement([{ id: 'x', text: 'no spans here', a: whole, b: whole }]).kappa).toBe(1);

    const onlyA = corpusAgreement([{ id: 'x', text: 'Kim', a: [{ start: 0, end: 3, label: 'person' }], b: [] }]);
    expect(onlyA).toMatchObject({ f1: 0, precision: null, recall: 0 });
    // Every token of A is one category and every token of B another: pe = 0, po = 0.
    expect(onlyA.kappa).toBe(0);
  });

  it('ignores empty spans for tokens and tolerates spans past the end of the text', () => {
    const counts = documentCounts({
      id: 'x',
      text: 'Kim 🙂',
      a: [
        { start: 1, end: 1, label: 'empty' },
        { start: 4, end: 9, label: 'past' },
      ],
      b: [],
    });
    expect(sortedEntries(counts.categoriesA)).toEqual([
      [OUTSIDE, 1],
      ['past', 1],
    ]);
    expect(counts.spansA).toBe(2);
  });

  it('sums counts: addCounts adds into the total and leaves the addend alone', () => {
    const first = documentCounts({ id: '1', text: 'Kim met Moon.', a: [{ start: 0, end: 3, label: 'person' }], b: [] });
    const second = documentCounts({ id: '2', text: 'Moon', a: [], b: [{ start: 0, end: 4, label: 'person' }] });
    const before = comparableCounts(second);
    const total = addCounts(addCounts(emptyCounts(), first), second);
    expect(comparableCounts(second)).toEqual(before);
    expect(total.tokens).toBe(5);
    expect(total.observedAgree).toBe(3);
    expect(sortedEntries(total.categoriesA)).toEqual([
      [OUTSIDE, 4],
      ['person', 1],
    ]);
    expect(sortedEntries(total.categoriesB)).toEqual([
      [OUTSIDE, 4],
      ['person', 1],
    ]);
    expect(sortedEntries(total.perLabel)).toEqual([['person', { a: 1, b: 1, matches: 0 }]]);
  });
});

describe('agreement properties', () => {
  it('is symmetric in A and B: same κ and F1, precision and recall swapped', () => {
    fc.assert(
      fc.property(fc.array(pairArbitrary, { maxLength: 4 }), (pairs) => {
        const forward = corpusAgreement(pairs);
        const backward = corpusAgreement(pairs.map(swapped));
        expect(backward.kappa).toBe(forward.kappa);
        expect(backward.f1).toBe(forward.f1);
        expect(backward.precision).toBe(forward.recall);
        expect(backward.recall).toBe(forward.precision);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps F1 in [0, 1] and κ at most 1', () => {
    fc.assert(
      fc.property(fc.array(pairArbitrary, { maxLength: 4 }), (pairs) => {
        const result = corpusAgreement(pairs);
        if (result.f1 !== null) {
          expect(result.f1).toBeGreaterThanOrEqual(0);
          expect(result.f1).toBeLessThanOrEqual(1);
        }
        for (const label of result.perLabel) {
          expect(label.f1).not.toBeNull();
          expect(label.f1).toBeGreaterThanOrEqual(0);
          expect(label.f1).toBeLessThanOrEqual(1);
        }
        if (result.kappa !== null) expect(result.kappa).toBeLessThanOrEqual(1);
        expect(result.kappa === null).toBe(result.tokens === 0);
      }),
      { numRuns: 300 },
    );
  });

  it('gives F1 = 1 and κ = 1 for identical layers', () => {
    fc.assert(
      fc.property(fc.array(pairArbitrary, { maxLength: 4 }), (pairs) => {
        const result = corpusAgreement(pairs.map((pair) => ({ ...pair, b: pair.a.map((span) => ({ ...span })) })));
        if (result.spansA > 0) expect(result.f1).toBe(1);
        else expect(result.f1).toBeNull();
        if (result.tokens > 0) expect(result.kappa).toBe(1);
        else expect(result.kappa).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('scores a corpus as agreementFrom the sum of its documents’ counts', () => {
    fc.assert(
      fc.property(fc.array(pairArbitrary, { maxLength: 5 }), (pairs) => {
        const total = pairs.map(documentCounts).reduce(addCounts, emptyCounts());
        expect(corpusAgreement(pairs)).toEqual(agreementFrom(total));
      }),
      { numRuns: 300 },
    );
  });

  it('counts each document like the naive reference', () => {
    fc.assert(
      fc.property(pairArbitrary, (pair) => {
        expect(comparableCounts(documentCounts(pair))).toEqual(comparableCounts(naiveDocumentCounts(pair)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('agreement on a generated corpus', () => {
  it('matches a naive per-token reference on 2,000 documents', () => {
    const random = createRandom(2024);
    const pairs = Array.from({ length: 2000 }, (_, id) => generatePair(random, id));
    const total = emptyCounts();
    for (const pair of pairs) {
      const reference = naiveDocumentCounts(pair);
      expect(comparableCounts(documentCounts(pair)), pair.id).toEqual(comparableCounts(reference));
      addCounts(total, reference);
    }
    const result: Agreement = corpusAgreement(pairs);
    expect(result.tokens).toBe(total.tokens);
    expect(result.exactMatches).toBe(total.exactMatches);
    expect(result.spansA).toBe(total.spansA);
    expect(result.spansB).toBe(total.spansB);
    const kappa = naiveKappa(total);
    expect(kappa).not.toBeNull();
    expect(result.kappa).toBeCloseTo(kappa ?? Number.NaN, 12);
    expect(result.f1).toBe((2 * total.exactMatches) / (total.spansA + total.spansB));
    // The corpus exercises what it should: nesting, relabelling, partial matches, astral text.
    expect(result.exactMatches).toBeGreaterThan(1000);
    expect(result.exactMatches).toBeLessThan(result.spansA);
    expect(result.kappa).toBeGreaterThan(0);
    expect(result.kappa).toBeLessThan(1);
  });
});

describe('diffLayers', () => {
  it('finds each kind of difference, in reading order', () => {
    const a: LayerSpan[] = [
      { start: 25, end: 30, label: 'visit' },
      { start: 12, end: 20, label: 'place' },
      { start: 6, end: 10, label: 'person' },
      { start: 0, end: 5, label: 'person' },
    ];
    const b: LayerSpan[] = [
      { start: 32, end: 35, label: 'claim' },
      { start: 0, end: 5, label: 'person' },
      { start: 6, end: 10, label: 'place' },
      { start: 14, end: 22, label: 'place' },
    ];
    expect(diffLayers(a, b)).toEqual([
      { kind: 'match', a: a[3], b: b[1] },
      { kind: 'label', a: a[2], b: b[2] },
      { kind: 'boundary', a: a[1], b: b[3] },
      { kind: 'onlyA', a: a[0] },
      { kind: 'onlyB', b: b[0] },
    ]);
  });

  it('pairs boundaries greedily by the largest overlap', () => {
    const a: LayerSpan[] = [{ start: 0, end: 10, label: 'claim' }];
    const b: LayerSpan[] = [
      { start: 0, end: 3, label: 'claim' },
      { start: 2, end: 10, label: 'claim' },
    ];
    // [0,3) overlaps by 3, [2,10) by 8. In reading order the leftover [0,3) comes first: it ends
    // before the boundary difference's extent [0,10) does.
    expect(diffLayers(a, b)).toEqual([
      { kind: 'onlyB', b: b[0] },
      { kind: 'boundary', a: a[0], b: b[1] },
    ]);
  });

  it('pairs overlapping spans with different labels and boundaries as one difference, after every same-label pair', () => {
    // A: "Kim Jong Un" person; B: "Kim" claim. A's "Putin" visit overlaps both of B's Putin spans:
    // it goes with the one of its own label, and B's other reading is left on its own.
    const a: LayerSpan[] = [
      { start: 0, end: 11, label: 'person' },
      { start: 20, end: 25, label: 'visit' },
    ];
    const b: LayerSpan[] = [
      { start: 0, end: 3, label: 'claim' },
      { start: 20, end: 24, label: 'claim' },
      { start: 19, end: 25, label: 'visit' },
    ];
    expect(diffLayers(a, b)).toEqual([
      { kind: 'labelBoundary', a: a[0], b: b[0] },
      { kind: 'boundary', a: a[1], b: b[2] },
      { kind: 'onlyB', b: b[1] },
    ]);
  });

  it('pairs same offsets before same labels, and never pairs touching spans', () => {
    const a: LayerSpan[] = [
      { start: 0, end: 5, label: 'claim' },
      { start: 10, end: 15, label: 'visit' },
    ];
    const b: LayerSpan[] = [
      { start: 1, end: 5, label: 'claim' },
      { start: 0, end: 5, label: 'denial' },
      { start: 15, end: 20, label: 'visit' },
    ];
    expect(diffLayers(a, b)).toEqual([
      { kind: 'label', a: a[0], b: b[1] },
      { kind: 'onlyB', b: b[0] },
      { kind: 'onlyA', a: a[1] },
      { kind: 'onlyB', b: b[2] },
    ]);
  });

  it('accounts for every span of A and B exactly once, with the kind its spans deserve', () => {
    fc.assert(
      fc.property(pairArbitrary, ({ a, b }) => {
        const differences = diffLayers(a, b);
        const seenA = new Map<LayerSpan, number>();
        const seenB = new Map<LayerSpan, number>();
        for (const difference of differences) {
          if (difference.kind !== 'onlyB') seenA.set(difference.a, (seenA.get(difference.a) ?? 0) + 1);
          if (difference.kind !== 'onlyA') seenB.set(difference.b, (seenB.get(difference.b) ?? 0) + 1);
          switch (difference.kind) {
            case 'match':
              expect([difference.b.start, difference.b.end, difference.b.label]).toEqual([
                difference.a.start,
                difference.a.end,
                difference.a.label,
              ]);
              break;
            case 'label':
              expect([difference.b.start, difference.b.end]).toEqual([difference.a.start, difference.a.end]);
              expect(difference.b.label).not.toBe(difference.a.label);
              break;
            case 'boundary':
              expect(difference.b.label).toBe(difference.a.label);
              expect(Math.min(difference.a.end, difference.b.end)).toBeGreaterThan(
                Math.max(difference.a.start, difference.b.start),
              );
              expect([difference.b.start, difference.b.end]).not.toEqual([difference.a.start, difference.a.end]);
              break;
            case 'labelBoundary':
              expect(difference.b.label).not.toBe(difference.a.label);
              expect(Math.min(difference.a.end, difference.b.end)).toBeGreaterThan(
                Math.max(difference.a.start, difference.b.start),
              );
              expect([difference.b.start, difference.b.end]).not.toEqual([difference.a.start, difference.a.end]);
              break;
          }
        }
        // A span left alone overlaps no span left alone on the other side: overlapping ones are paired.
        const aloneA = differences.flatMap((difference) => (difference.kind === 'onlyA' ? [difference.a] : []));
        const aloneB = differences.flatMap((difference) => (difference.kind === 'onlyB' ? [difference.b] : []));
        for (const left of aloneA)
          for (const right of aloneB)
            expect(Math.min(left.end, right.end) <= Math.max(left.start, right.start)).toBe(true);
        expect(seenA.size).toBe(a.length);
        expect(seenB.size).toBe(b.length);
        expect([...seenA.values(), ...seenB.values()].every((count) => count === 1)).toBe(true);
        // As many exact matches as the span F1 counts.
        const matches = differences.filter((difference) => difference.kind === 'match').length;
        expect(matches).toBe(documentCounts({ id: 'x', text: '', a, b }).exactMatches);
        // Reading order: starts never decrease.
        const starts = differences.map((difference) =>
          difference.kind === 'onlyB'
            ? difference.b.start
            : difference.kind === 'onlyA'
              ? difference.a.start
              : Math.min(difference.a.start, difference.b.start),
        );
        expect(starts).toEqual([...starts].sort((left, right) => left - right));
      }),
      { numRuns: 500 },
    );
  });
});

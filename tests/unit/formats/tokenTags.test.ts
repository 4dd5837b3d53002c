import fc from 'fast-check';
import { spaceTokens } from '../../../src/lib/formats/tokenRule';
import { describe, expect, it } from 'vitest';
import { MAX_EXAMPLES, spanExample, tagLosses } from '../../../src/lib/formats/tokenLosses';
import {
  detectScheme,
  parseTag,
  spansFromTags,
  tagsFromSpans,
  TagTally,
  tokenRanges,
  type TagScheme,
} from '../../../src/lib/formats/tokenTags';
import { recordTitle, type AnnotatedRecord, type RecordSpan } from '../../../src/lib/formats/records';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { samePlace } from '../../../src/lib/model/spanIdentity';
import { tokenize, type TokenRange } from '../../../src/lib/model/tokens';
import { documentText, labelName, spansOver } from './recordArbitraries';

/** Tokens of a text made of single-space separated words, as a token file's text is. */
function wordsOf(text: string): TokenRange[] {
  const tokens: TokenRange[] = [];
  let offset = 0;
  for (const word of text.split(' ')) {
    const length = [...word].length;
    tokens.push({ start: offset, end: offset + length });
    offset += length + 1;
  }
  return tokens;
}

const place = (start: number, end: number, label: string) => ({ start, end, label });

function span(text: string, start: number, end: number, label: string): RecordSpan {
  return { start, end, label, text: sliceCodePoints(text, start, end) };
}

function record(text: string, spans: RecordSpan[]): AnnotatedRecord {
  return { id: 'd', text, title: recordTitle(text, 'd', {}), annotator: null, status: null, spans, meta: {} };
}

describe('parseTag', () => {
  it('reads O and the prefixes, BILOU’s L- and U- as E- and S-', () => {
    expect(parseTag('O')).toEqual({ prefix: 'O', label: '' });
    expect(parseTag('B-PER')).toEqual({ prefix: 'B', label: 'PER' });
    expect(parseTag('I-B-X')).toEqual({ prefix: 'I', label: 'B-X' });
    expect(parseTag('L-LOC')).toEqual({ prefix: 'E', label: 'LOC' });
    expect(parseTag('U-LOC')).toEqual({ prefix: 'S', label: 'LOC' });
    expect(parseTag('E-🏷️ tag')).toEqual({ prefix: 'E', label: '🏷️ tag' });
  });
  it('refuses what is not a tag', () => {
    for (const tag of ['', 'PER', 'B-', 'b-PER', 'X-PER', 'O-PER', '0', 'B_PER']) expect(parseTag(tag)).toBeNull();
  });
});

describe('tokenRanges', () => {
  it('places tokens joined by one space, in code points', () => {
    expect(tokenRanges(['😀', 'Kim', '🇺🇦', 'e\u0301', '\uD800x'], 3)).toEqual([
      { start: 3, end: 4 },
      { start: 5, end: 8 },
      { start: 9, end: 11 },
      { start: 12, end: 14 },
      { start: 15, end: 17 },
    ]);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 1 })), (tokens) => {
        const text = tokens.join(' ');
        expect(tokenRanges(tokens).map((range) => sliceCodePoints(text, range.start, range.end))).toEqual(tokens);
      }),
    );
  });
});

describe('spansFromTags', () => {
  // Shoigu met Kim Jong Un in 평양 , Putin Kim 😀 .
  const text = 'Shoigu met Kim Jong Un in 평양 , Putin Kim 😀 .';
  const tokens = wordsOf(text);
  const expected = [
    place(0, 6, 'PER'),
    place(11, 22, 'PER'),
    place(26, 28, 'LOC'),
    place(31, 36, 'PER'),
    place(37, 40, 'PER'),
  ];
  const tagsOf: Record<TagScheme, string[]> = {
    IOB2: ['B-PER', 'O', 'B-PER', 'I-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-PER', 'B-PER', 'O', 'O'],
    IOB1: ['I-PER', 'O', 'I-PER', 'I-PER', 'I-PER', 'O', 'I-LOC', 'O', 'I-PER', 'B-PER', 'O', 'O'],
    BIOES: ['S-PER', 'O', 'B-PER', 'I-PER', 'E-PER', 'O', 'S-LOC', 'O', 'S-PER', 'S-PER', 'O', 'O'],
  };

  it.each(['IOB2', 'IOB1', 'BIOES'] as const)('reads %s into the same spans, nothing malformed', (scheme) => {
    expect(spansFromTags(tokens, tagsOf[scheme], scheme)).toEqual({ spans: expected, malformed: [] });
    expect(detectScheme([tagsOf[scheme]])).toBe(scheme);
  });

  it('reads BILOU as BIOES', () => {
    const bilou = tagsOf.BIOES.map((tag) => tag.replace(/^S-/u, 'U-').replace(/^E-/u, 'L-'));
    expect(spansFromTags(tokens, bilou, 'BIOES')).toEqual({ spans: expected, malformed: [] });
    expect(detectScheme([bilou])).toBe('BIOES');
  });

  it('spans take their offsets from the tokens (code points)', () => {
    const { spans } = spansFromTags(tokens, tagsOf.IOB2, 'IOB2');
    expect(spans.map((found) => sliceCodePoints(text, found.start, found.end))).toEqual([
      'Shoigu',
      'Kim Jong Un',
      '평양',
      'Putin',
      'Kim',
    ]);
  });

  describe('reads malformed sequences leniently and counts them', () => {
    const three = wordsOf('a b c');
    it('I- after O, or after another label, under IOB2 (right under IOB1)', () => {
      expect(spansFromTags(three, ['O', 'I-X', 'I-X'], 'IOB2')).toEqual({ spans: [place(2, 5, 'X')], malformed: [1] });
      expect(spansFromTags(three, ['O', 'I-X', 'I-X'], 'IOB1').malformed).toEqual([]);
      expect(spansFromTags(three, ['B-X', 'I-Y', 'I-Y'], 'IOB2')).toEqual({
        spans: [place(0, 1, 'X'), place(2, 5, 'Y')],
        malformed: [1],
      });
    });
    it('E- without B-, and spans left open, under BIOES', () => {
      expect(spansFromTags(three, ['O', 'E-X', 'O'], 'BIOES')).toEqual({ spans: [place(2, 3, 'X')], malformed: [1] });
      expect(spansFromTags(three, ['B-X', 'O', 'O'], 'BIOES')).toEqual({ spans: [place(0, 1, 'X')], malformed: [0] });
      expect(spansFromTags(three, ['B-X', 'I-X', 'I-X'], 'BIOES')).toEqual({
        spans: [place(0, 5, 'X')],
        malformed: [2],
      });
      expect(spansFromTags(three, ['I-X', 'E-X', 'S-Y'], 'BIOES')).toEqual({
        spans: [place(0, 3, 'X'), place(4, 5, 'Y')],
        malformed: [0],
      });
      expect(spansFromTags(three, ['B-X', 'E-Y', 'O'], 'BIOES')).toEqual({
        spans: [place(0, 1, 'X'), place(2, 3, 'Y')],
        malformed: [0, 1],
      });
    });
    it('E- and S- under an IOB scheme, and tags that are not tags', () => {
      expect(spansFromTags(three, ['B-X', 'E-X', 'S-Y'], 'IOB2')).toEqual({
        spans: [place(0, 3, 'X'), place(4, 5, 'Y')],
        malformed: [1, 2],
      });
      expect(spansFromTags(three, ['B-X', 'PER', 'I-X'], 'IOB1')).toEqual({
        spans: [place(0, 1, 'X'), place(4, 5, 'X')],
        malformed: [1],
      });
    });
    it('the spans never depend on the scheme', () => {
      const anyTag = fc.constantFrom('O', 'B-X', 'I-X', 'E-X', 'S-X', 'B-Y', 'I-Y', 'L-Y', 'U-Y', 'junk');
      fc.assert(
        fc.property(fc.array(anyTag, { minLength: 1, maxLength: 12 }), (tags) => {
          const sentence = wordsOf(tags.map(() => 'w').join(' '));
          const spans = spansFromTags(sentence, tags, 'IOB2').spans;
          expect(spansFromTags(sentence, tags, 'IOB1').spans).toEqual(spans);
          expect(spansFromTags(sentence, tags, 'BIOES').spans).toEqual(spans);
        }),
      );
    });
  });

  it('refuses tokens and tags of different lengths', () => {
    expect(() => spansFromTags(wordsOf('a b'), ['O'], 'IOB2')).toThrow(RangeError);
  });
});

describe('detectScheme', () => {
  it('BIOES on any S-, E-, L- or U-; IOB1 when more spans open with I- than with B-; else IOB2', () => {
    expect(detectScheme([['O', 'B-X', 'I-X'], ['L-X']])).toBe('BIOES');
    expect(detectScheme([['O', 'U-X']])).toBe('BIOES');
    expect(
      detectScheme([
        ['I-X', 'I-X'],
        ['O', 'I-Y', 'B-Y'],
      ]),
    ).toBe('IOB1');
    expect(detectScheme([['I-X', 'O', 'I-X', 'O', 'B-X']])).toBe('IOB1');
    // One stray I- in an IOB2 file: IOB2, the I- its malformed tag (counted), not the whole file IOB1.
    expect(
      detectScheme([
        ['B-X', 'I-X'],
        ['I-X', 'O', 'B-Y'],
      ]),
    ).toBe('IOB2');
    expect(detectScheme([['B-X', 'O', 'I-X']])).toBe('IOB2');
    expect(detectScheme([['B-X', 'I-X', 'B-Y', 'I-Y']])).toBe('IOB2');
    expect(detectScheme([['O', 'O'], []])).toBe('IOB2');
    expect(detectScheme([])).toBe('IOB2');
  });
});

describe('TagTally', () => {
  it('reads sentences at once and states the file’s scheme and its repairs at the end', () => {
    const tally = new TagTally();
    const sentence = wordsOf('a b c');
    expect(tally.read(sentence, ['B-X', 'I-Y', 'O'], (index) => 10 + index)).toEqual([
      place(0, 1, 'X'),
      place(2, 3, 'Y'),
    ]);
    expect(tally.note((line) => `on line ${line}`)).toBe(
      'Tags read as IOB2. 1 tag did not follow IOB2 (the first on line 11) and was repaired: an I- without its B- starts a span.',
    );
    tally.read(sentence, ['B-X', 'O', 'S-Y'], (index) => 20 + index);
    expect(tally.scheme).toBe('BIOES');
    expect(tally.note((line) => `on line ${line}`)).toBe(
      'Tags read as BIOES. 3 tags did not follow BIOES (the first on line 10) and were repaired: ' +
        'an I- or E- without its B- starts a span, and a span without its E- ends before the next tag.',
    );
  });
  it('says only the scheme when every tag follows it', () => {
    const tally = new TagTally();
    tally.read(wordsOf('a b'), ['O', 'O'], () => 1);
    expect(tally.note(() => '')).toBe('Tags read as IOB2.');
  });
});

describe('tagsFromSpans', () => {
  it('writes IOB2 over tokenize’s tokens: B- where a span starts being innermost, I- after', () => {
    const text = 'Shoigu met Kim Jong Un. 😀 Putin Kim!';
    const spans = [span(text, 11, 22, 'PER'), span(text, 26, 31, 'PER'), span(text, 32, 35, 'PER')];
    const result = tagsFromSpans(text, spans);
    expect(result.tokens).toEqual(tokenize(text));
    expect(result.tags).toEqual(['O', 'O', 'B-PER', 'I-PER', 'I-PER', 'O', 'O', 'B-PER', 'B-PER', 'O']);
    expect(result.unaligned).toEqual([]);
    expect(result.overlapping).toEqual([]);
  });

  it('nested spans: the longest is written whole, the inner one left out whole and named (never a cut-down span)', () => {
    const text = 'the Kim Jong Un visit today';
    const outer = span(text, 4, 21, 'visit');
    const inner = span(text, 8, 12, 'PER');
    const result = tagsFromSpans(text, [outer, inner]);
    expect(result.tags).toEqual(['O', 'B-visit', 'I-visit', 'I-visit', 'I-visit', 'O']);
    expect(result.overlapping).toEqual([inner]);
    expect(result.unaligned).toEqual([]);
  });

  it('"Lavrov denied" CLAIM over PER "Lavrov": no CLAIM "denied" that nobody made', () => {
    const text = 'Lavrov denied it.';
    const claim = span(text, 0, 13, 'CLAIM');
    const person = span(text, 0, 6, 'PER');
    const result = tagsFromSpans(text, [person, claim]);
    expect(result.tags).toEqual(['B-CLAIM', 'I-CLAIM', 'O', 'O']);
    expect(result.overlapping).toEqual([person]);
  });

  it('crossing spans of as many tokens: the first is written, the later one left out whole', () => {
    const text = 'a b c d';
    const left = span(text, 0, 5, 'X');
    const right = span(text, 2, 7, 'Y');
    const result = tagsFromSpans(text, [right, left]);
    expect(result.tags).toEqual(['B-X', 'I-X', 'I-X', 'O']);
    expect(result.overlapping).toEqual([right]);
  });

  it('spans of as many tokens on one token: the one on its boundaries is written, not one it would widen (helper-191)', () => {
    // Split at white space, "Russia’s" is one token: the span "Russia" would be written as "Russia’s".
    const text = 'Russia’s army';
    const name = span(text, 0, 6, 'denial');
    const whole = span(text, 0, 8, 'claim');
    const result = tagsFromSpans(text, [name, whole], 'spaces');
    expect(result.tags).toEqual(['B-claim', 'O']);
    expect(result.overlapping).toEqual([name]);
    expect(result.unaligned).toEqual([]);
  });

  it('two labels on one place: the first label in reading order is written, the other named', () => {
    const text = 'Macron met Scholz';
    const person = span(text, 0, 6, 'PER');
    const politician = span(text, 0, 6, 'POL');
    expect(tagsFromSpans(text, [politician, person])).toMatchObject({
      tags: ['B-PER', 'O', 'O'],
      overlapping: [politician],
    });
  });

  it('tags Chinese without spaces one character a token, so spans on characters keep their tags', () => {
    // A doccano document: 普京 0–2 claim, 北京 5–7 visit, and no space anywhere.
    const text = '普京访问了北京。习近平欢迎他。';
    const claim = span(text, 0, 2, 'claim');
    const visit = span(text, 5, 7, 'visit');
    const result = tagsFromSpans(text, [claim, visit]);
    expect(result.tokens.map((token) => sliceCodePoints(text, token.start, token.end))).toEqual([...text]);
    expect(result.tags).toEqual([
      'B-claim',
      'I-claim',
      'O',
      'O',
      'O',
      'B-visit',
      'I-visit',
      'O',
      'O',
      'O',
      'O',
      'O',
      'O',
      'O',
      'O',
    ]);
    expect(tagLosses(record(text, [claim, visit]))).toEqual([]);
  });

  it('tags Japanese kana and kanji one character a token, and Korean by words', () => {
    const text = '東京でコーヒーを飲む。서울에서 커피를 마신다.';
    const tokens = tagsFromSpans(text, []).tokens.map((token) => sliceCodePoints(text, token.start, token.end));
    expect(tokens).toEqual([...'東京でコーヒーを飲む。', '서울에서', '커피를', '마신다', '.']);
  });

  it('keeps each emoji whole: a flag, a ZWJ family, a rainbow flag, a skin tone, a keycap', () => {
    const text = 'Kyiv 🇺🇦, the 👩‍👩‍👧 and 🏳️‍🌈 👍🏽 #️⃣!';
    const tokens = tagsFromSpans(text, [span(text, 5, 7, 'flag')]);
    expect(tokens.tokens.map((token) => sliceCodePoints(text, token.start, token.end))).toEqual([
      'Kyiv',
      '🇺🇦',
      ',',
      'the',
      '👩‍👩‍👧',
      'and',
      '🏳️‍🌈',
      '👍🏽',
      '#️⃣',
      '!',
    ]);
    // The span on the flag is on token boundaries, offsets in code points.
    expect(tokens.tags[1]).toBe('B-flag');
    expect(tokens.unaligned).toEqual([]);
  });

  it('never makes a token of a joiner, a variation selector or half a flag', () => {
    const pieces = fc.constantFrom('🇺🇦', '🇰🇵', '👩‍👩‍👧', '🏳️‍🌈', '❤️', '👍🏽', ' ', 'a', '.', '北');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        for (const token of tokenize(text)) {
          const value = sliceCodePoints(text, token.start, token.end);
          expect(value).not.toMatch(/^(?:\u200D|\uFE0F|\p{Regional_Indicator})$/u);
        }
      }),
    );
  });

  it('spans off token boundaries are written as the tokens they touch, and named', () => {
    const text = 'Kim Jong-un, 🇺🇦  ok';
    const inside = span(text, 1, 3, 'A'); // "im"
    const spaces = span(text, 15, 17, 'B'); // white space only: no token at all
    const leading = span(text, 15, 19, 'C'); // "  ok"
    const result = tagsFromSpans(text, [leading, spaces, inside]);
    expect(result.tokens.map((token) => sliceCodePoints(text, token.start, token.end))).toEqual([
      'Kim',
      'Jong',
      '-',
      'un',
      ',',
      '🇺🇦',
      'ok',
    ]);
    expect(result.tags).toEqual(['B-A', 'O', 'O', 'O', 'O', 'O', 'B-C']);
    expect(result.unaligned).toEqual([inside, leading]);
    expect(result.untokened).toEqual([spaces]);
    expect(result.overlapping).toEqual([]);
  });

  it('a span said twice is one span', () => {
    const text = 'Kim met Putin';
    const kim = span(text, 0, 3, 'PER');
    expect(tagsFromSpans(text, [kim, { ...kim }])).toMatchObject({
      tags: ['B-PER', 'O', 'O'],
      unaligned: [],
      overlapping: [],
    });
  });

  it('writes only whole spans: each span read back from the tags is one given, over the tokens it touches; the rest are named', () => {
    fc.assert(
      fc.property(
        documentText.chain((text) => fc.tuple(fc.constant(text), spansOver(text))),
        ([text, spans]) => {
          const result = tagsFromSpans(text, spans);
          const { tokens } = result;
          // A span over the tokens it touches, as a token file can hold it.
          const widened = (given: RecordSpan) => {
            const touched = tokens.filter((token) => token.start < given.end && token.end > given.start);
            return touched.length === 0
              ? null
              : `${touched[0].start}-${touched[touched.length - 1].end}:${given.label}`;
          };
          const read = spansFromTags(tokens, result.tags, 'IOB2').spans.map(
            (place) => `${place.start}-${place.end}:${place.label}`,
          );
          const written = spans.filter(
            (given) => widened(given) !== null && !result.overlapping.some((left) => samePlace(left, given)),
          );
          expect(new Set(read)).toEqual(new Set(written.map(widened)));
          // Nothing left out unnamed.
          for (const given of spans)
            if (widened(given) === null) expect(result.untokened.some((one) => samePlace(one, given))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('token-aligned spans that do not overlap come back from their tags', () => {
    fc.assert(
      fc.property(alignedSpans, ([text, spans]) => {
        const result = tagsFromSpans(text, spans);
        expect(result.unaligned).toEqual([]);
        expect(result.overlapping).toEqual([]);
        const read = spansFromTags(result.tokens, result.tags, 'IOB2');
        expect(read.malformed).toEqual([]);
        expect(read.spans).toEqual(spans.map(({ start, end, label }) => ({ start, end, label })));
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * A text and non-overlapping spans on its token boundaries, in reading order: each token is
 * outside, begins a span, or (after a span's token) continues it.
 */
const alignedSpans = documentText.chain((text) => {
  const tokens = tokenize(text);
  return fc
    .array(fc.tuple(fc.constantFrom('O', 'B', 'I'), labelName), { minLength: tokens.length, maxLength: tokens.length })
    .map((choices): [string, RecordSpan[]] => {
      const spans: RecordSpan[] = [];
      let open: { start: number; end: number; label: string } | null = null;
      choices.forEach(([choice, label], index) => {
        if (choice === 'I' && open !== null) open.end = tokens[index].end;
        else {
          if (open !== null) spans.push(span(text, open.start, open.end, open.label));
          open = choice === 'O' ? null : { start: tokens[index].start, end: tokens[index].end, label };
        }
      });
      if (open !== null) {
        const last: { start: number; end: number; label: string } = open;
        spans.push(span(text, last.start, last.end, last.label));
      }
      return [text, spans];
    });
});

describe('tagLosses', () => {
  it('names the spans a token file cannot hold, every one up to MAX_EXAMPLES', () => {
    const text = 'the Kim Jong Un visit today';
    const outer = span(text, 4, 21, 'visit');
    const losses = tagLosses(
      record(text, [outer, span(text, 8, 12, 'PER'), span(text, 1, 3, 'frag'), span(text, 22, 27, 'day')]),
    );
    expect(losses).toEqual([
      {
        what: 'spans not on token boundaries',
        why: 'a token file holds whole tokens: these are written as the tokens they touch',
        count: 1,
        examples: ['"he" 1–3 (frag)'],
      },
      {
        what: 'overlapping spans',
        why: 'a token holds one tag: where spans share a token, the span of most tokens (else one on token boundaries, else the first) is written and these are left out whole',
        count: 1,
        examples: ['"Jong" 8–12 (PER)'],
        unwritten: true,
      },
    ]);
    const many = Array.from({ length: MAX_EXAMPLES + 2 }, (_, index) => span(text, 4, 7, `l${index}`));
    expect(tagLosses(record(text, many))[0]).toMatchObject({
      what: 'overlapping spans',
      count: MAX_EXAMPLES + 1,
      examples: { length: MAX_EXAMPLES },
    });
    expect(tagLosses(record(text, [span(text, 4, 7, 'PER')]))).toEqual([]);
  });
  it('clips long quotes in examples', () => {
    const text = `${'word '.repeat(20)}end`;
    expect(spanExample(span(text, 0, 60, 'x'))).toBe(`"${'word '.repeat(7)}word…" 0–60 (x)`);
  });

  it('splits at white space as Python’s str.split() does, in code points', () => {
    const text = "🇺🇦 U.S.\u0085didn't\u3000北朝鮮\t$1\u001c x ";
    const tokens = spaceTokens(text).map((token) => sliceCodePoints(text, token.start, token.end));
    expect(tokens).toEqual(['🇺🇦', 'U.S.', "didn't", '北朝鮮', '$1', 'x']);
    expect(spaceTokens(' \n\t')).toEqual([]);
  });
});

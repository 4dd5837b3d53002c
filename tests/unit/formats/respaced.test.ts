import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { SPACE_RUN, tokenize } from '../../../src/lib/model/tokens';
import { isSpaceCodePoint } from '../../../src/lib/model/whiteSpace';
import type { AnnotatedRecord } from '../../../src/lib/formats/records';
import { ontoRespacedText } from '../../../src/lib/formats/respaced';
import { tokenRanges } from '../../../src/lib/formats/tokenTags';
import { TRICKY_PIECES } from '../arbitraries';

/** Tricky text, with the white space Python's `str.isspace` knows and JavaScript's `\s` does not (NEL, U+001C–U+001F). */
const trickyText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TRICKY_PIECES, '\x85', '\x1c', '\x1f', '\u00a0', '\u3000', '\u2028'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((pieces) => pieces.join(''));

const record = (text: string, spans: [number, number][]): AnnotatedRecord => ({
  id: 'd',
  text,
  title: 'd',
  annotator: null,
  status: null,
  meta: {},
  spans: spans.map(([start, end]) => ({ start, end, label: 'x', text: sliceCodePoints(text, start, end) })),
  tokensOnly: true,
});

describe('ontoRespacedText', () => {
  it('moves spans over tokens rebuilt with one space onto the text they came from, for any text', () => {
    fc.assert(
      fc.property(trickyText, fc.array(fc.nat(), { maxLength: 6 }), (text, picks) => {
        const tokens = tokenize(text).map(({ start, end }) => sliceCodePoints(text, start, end));
        fc.pre(tokens.length > 0);
        const rebuilt = tokens.join(' ');
        const ranges = tokenRanges(tokens);
        // Spans from one token to another, as tags give them.
        const spans = picks.map((pick): [number, number] => {
          const first = pick % ranges.length;
          const last = Math.min(ranges.length - 1, first + (pick % 3));
          return [ranges[first].start, ranges[last].end];
        });
        const moved = ontoRespacedText(record(rebuilt, spans), text);
        // The tokens keep every character but white space (the tokenizer drops only that).
        expect(moved).not.toBeNull();
        expect(moved!.text).toBe(text);
        spans.forEach(([start, end], index) => {
          const span = moved!.spans[index];
          expect(sliceCodePoints(text, span.start, span.end)).toBe(span.text);
          expect(span.text.replace(SPACE_RUN, '')).toBe(sliceCodePoints(rebuilt, start, end).replace(SPACE_RUN, ''));
        });
      }),
    );
  });

  it('refuses other characters or more of them; moves a span edge on white space inward', () => {
    expect(ontoRespacedText(record('Kim met Putin', [[0, 3]]), 'Kim met Biden')).toBeNull();
    expect(ontoRespacedText(record('Kim met', [[0, 3]]), 'Kim met Putin')).toBeNull();
    expect(ontoRespacedText(record('Kim met Putin', [[3, 8]]), 'Kim  met Putin')?.spans).toEqual([
      { start: 5, end: 8, label: 'x', text: 'met' },
    ]);
    expect(ontoRespacedText(record('Kim met Putin', [[3, 4]]), 'Kim  met Putin')).toBeNull();
    expect(ontoRespacedText(record('Kim met Putin', [[4, 13]]), 'Kim\r\nmet  Putin\n')?.spans).toEqual([
      { start: 5, end: 15, label: 'x', text: 'met  Putin' },
    ]);
    // NEL is white space to the tokenizer (and to Python), though not to JavaScript's \s.
    expect(ontoRespacedText(record('Kim met', [[4, 7]]), 'Kim\x85met')?.spans).toEqual([
      { start: 4, end: 7, label: 'x', text: 'met' },
    ]);
  });
});

describe('isSpaceCodePoint', () => {
  it('is the tokenizer’s white space, code point by code point, over all of Unicode', () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++)
      if (isSpaceCodePoint(c) !== (String.fromCodePoint(c).replace(SPACE_RUN, '') === '')) differ.push(c);
    expect(differ).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOccurrences } from '../../../src/lib/model/occurrences';
import { sliceCodePoints } from '../../../src/lib/model/offsets';

const slices = (text: string, phrase: string, caseSensitive = false) =>
  findOccurrences(text, phrase, { caseSensitive }).map(({ start, end }) => [
    start,
    end,
    sliceCodePoints(text, start, end),
  ]);

describe('finding every occurrence of a phrase', () => {
  it('finds whole words only, case folded unless asked', () => {
    const text = 'Fox said the fox; foxes and Firefox are not FOX-news.';
    expect(slices(text, 'fox')).toEqual([
      [0, 3, 'Fox'],
      [13, 16, 'fox'],
      [44, 47, 'FOX'],
    ]);
    expect(slices(text, 'fox', true)).toEqual([[13, 16, 'fox']]);
  });

  it('finds no occurrence inside a word an apostrophe joins, as a selection snaps and the token exports cut', () => {
    const text =
      "North Korea’s envoy, North Korea's, North Korea' and North Korea; d’Artagnan met Artagnan’ and O'Neil, Korea'sa";
    // Before a clitic ("’s", a token of its own) the name is whole, as spaCy tokenizes it.
    expect(slices(text, 'North Korea').map(([start]) => start)).toEqual([0, 21, 36, 53]);
    expect(slices(text, 'north korea’s')).toEqual([[0, 13, 'North Korea’s']]);
    expect(slices(text, 'Korea').map(([start]) => start)).not.toContain(text.indexOf("Korea'sa"));
    expect(slices(text, 's')).toEqual([]);
    expect(slices("Germany 's bid", 's')).toEqual([]);
    expect(slices(text, 'Artagnan').map(([start]) => start)).toEqual([text.indexOf('Artagnan’')]);
    expect(slices(text, 'Neil')).toEqual([]);
    expect(slices(text, 'O')).toEqual([]);
  });

  it('finds phrases of several words and phrases ending in punctuation', () => {
    const text = 'The U.S. said. The U.S.A. said too; the u.s. too.';
    expect(slices(text, 'U.S.', true)).toEqual([
      [4, 8, 'U.S.'],
      [19, 23, 'U.S.'],
    ]);
    expect(slices('New York and new york, and New Yorker', 'New York')).toEqual([
      [0, 8, 'New York'],
      [13, 21, 'new york'],
    ]);
  });

  it('counts offsets in code points after emoji and astral characters', () => {
    const text = '🙂 Kyiv 🙂 Kyiv 𝒜 Kyiv';
    expect(slices(text, 'kyiv')).toEqual([
      [2, 6, 'Kyiv'],
      [9, 13, 'Kyiv'],
      [16, 20, 'Kyiv'],
    ]);
    expect(slices('a🙂b 🙂', '🙂')).toEqual([
      [1, 2, '🙂'],
      [4, 5, '🙂'],
    ]);
  });

  it('treats a combining mark as part of its word', () => {
    const decomposed = 'cafe\u0301 and cafe and CAFE\u0301';
    expect(slices(decomposed, 'cafe')).toEqual([[10, 14, 'cafe']]);
    expect(slices(decomposed, 'cafe\u0301')).toEqual([
      [0, 5, 'cafe\u0301'],
      [19, 24, 'CAFE\u0301'],
    ]);
  });

  it('finds words of scripts written without spaces wherever they stand', () => {
    const text = '東京都に行く。東京は大きい。';
    expect(slices(text, '東京')).toEqual([
      [0, 2, '東京'],
      [7, 9, '東京'],
    ]);
  });

  it('keeps CRLF line breaks as two code points', () => {
    const text = 'Visit\r\nMoscow\r\nvisit Moscow';
    expect(slices(text, 'moscow')).toEqual([
      [7, 13, 'Moscow'],
      [21, 27, 'Moscow'],
    ]);
    expect(slices(text, 'Visit\r\nMoscow')).toEqual([[0, 13, 'Visit\r\nMoscow']]);
  });

  it('finds nothing for an empty phrase, and special characters are literal', () => {
    expect(findOccurrences('a b', '')).toEqual([]);
    expect(findOccurrences('a b', '  ')).toEqual([]);
    expect(slices('(x) [x] (x)', '(x)')).toEqual([
      [0, 3, '(x)'],
      [8, 11, '(x)'],
    ]);
  });

  it('finds every place a word was put, and each slice is the phrase (property)', () => {
    const word = fc.stringMatching(/^[a-zé🙂東]{1,5}$/u);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), fc.nat(), (words, pick) => {
        const text = words.join(' ');
        const phrase = words[pick % words.length];
        const found = findOccurrences(text, phrase, { caseSensitive: true });
        for (const range of found) expect(sliceCodePoints(text, range.start, range.end)).toBe(phrase);
        // Every word equal to the phrase is found (a word of Latin letters cannot hide inside another here).
        const expected = words.filter((candidate) => candidate === phrase).length;
        expect(found.length).toBeGreaterThanOrEqual(/東/u.test(phrase) ? 1 : expected);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { CODE_POINTS, ReadingSurvey } from '../../../src/lib/formats/offsetReadings';

/** A survey of spans that quote nothing, each [start, end) of `text` as a file gave it. */
function surveyed(text: string, spans: [number, number][]): ReadingSurvey {
  const survey = new ReadingSurvey();
  for (const [start, end] of spans) survey.tallyEdges(text, start, end);
  return survey;
}

describe('the edges of spans that quote nothing', () => {
  it('offers the reading every span fits, else says the spans are odd only when no reading fits more of them', () => {
    // "😀" is 1 code point and 2 UTF-16 units: these offsets put every span on words in UTF-16 only.
    const text = '😀 Kim met Putin in Vladivostok';
    const utf16 = (word: string): [number, number] => [text.indexOf(word), text.indexOf(word) + word.length];
    expect(surveyed(text, [utf16('Kim'), utf16('Putin')]).edgesSuggest(CODE_POINTS)).toMatchObject({
      missed: 2,
      reading: { unit: 'utf16' },
    });
    // A CRLF split in two: no reading fits both, and none fits more than code points: odd, no offer.
    const crlf = surveyed('Alpha\r\nBeta', [
      [0, 6],
      [6, 11],
    ]);
    // Each named, so it can be found in a large file (helper-210).
    expect(crlf.edgesSuggest(CODE_POINTS)).toEqual({
      reading: null,
      missed: 2,
      spans: 2,
      examples: ['"Alpha\\r" in the text “Alpha Beta”', '"\\nBeta" in the text “Alpha Beta”'],
    });
    // UTF-16 fits 2 of 3, code points none: not "no other reading fits better" (nothing said).
    const mixed = surveyed(text, [utf16('Kim'), utf16('Putin'), [0, 4]]);
    expect(mixed.edgesSuggest(CODE_POINTS)).toBeNull();
    // A span past the text's end is named by its offsets.
    expect(surveyed('Kim', [[1, 9]]).edgesSuggest(CODE_POINTS)?.examples).toEqual(['1–9 in the text “Kim”']);
  });
});

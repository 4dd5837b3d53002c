import { describe, expect, it } from 'vitest';
import { edgesHint, foundHint, readingHint } from '../../../src/lib/components/files/readingHint';

const CODE_POINTS = { unit: 'codepoint', inclusiveEnd: false, lfNewlines: false } as const;
const UTF16 = { unit: 'utf16', inclusiveEnd: false, lfNewlines: false } as const;

describe('the import card’s hint for another offset reading', () => {
  it('makes each verb agree with its count', () => {
    expect(readingHint(CODE_POINTS, 1, UTF16, 1)).toBe(
      'Read as code points, 1 quote does not match its offsets; read as UTF-16 code units, it does.',
    );
    expect(readingHint(CODE_POINTS, 1, UTF16, 4)).toBe(
      'Read as code points, 1 quote does not match its offsets; read as UTF-16 code units, all 4 do.',
    );
    expect(readingHint(UTF16, 2, CODE_POINTS, 2)).toBe(
      'Read as UTF-16 code units, 2 quotes do not match their offsets; read as code points, both do.',
    );
    expect(readingHint(UTF16, 2, CODE_POINTS, 1200)).toBe(
      'Read as UTF-16 code units, 2 quotes do not match their offsets; read as code points, all 1,200 do.',
    );
  });

  it('says which reading the quotes found, and how many missed the first (helper-187)', () => {
    expect(foundHint(CODE_POINTS, 4, UTF16, 6)).toBe(
      'Read as code points, 4 of 6 quotes did not match their offsets: read as UTF-16 code units instead, which all 6 fit.',
    );
    expect(foundHint(CODE_POINTS, 1, UTF16, 1)).toBe(
      'Read as code points, the only quote did not match its offsets: read as UTF-16 code units instead, which it fits.',
    );
    expect(foundHint(UTF16, 1, CODE_POINTS, 2)).toBe(
      'Read as UTF-16 code units, 1 of 2 quotes did not match their offsets: read as code points instead, which both fit.',
    );
  });

  it('says how many spans the reading chosen puts off words, and that the other puts none', () => {
    expect(edgesHint(CODE_POINTS, 2, UTF16, 3)).toBe(
      'Read as code points, 2 of 3 spans begin or end with a space, cut a word or run past the text; read as UTF-16 code units, none does.',
    );
    expect(edgesHint(CODE_POINTS, 1, UTF16, 1)).toBe(
      'Read as code points, the only span begins or ends with a space, cut a word or run past the text; read as UTF-16 code units, it does not.',
    );
    // No reading fits them all: said, with nothing to offer.
    expect(edgesHint(CODE_POINTS, 2, null, 2)).toBe(
      'Read as code points, 2 of 2 spans begin or end with a space or a line break (half of a CRLF too) or cut a word, and no other reading fits better: they are imported as drawn; check them after.',
    );
    expect(edgesHint(CODE_POINTS, 1, null, 2, ['"iv n" in the text “Kyiv now”'])).toBe(
      'Read as code points, 1 of 2 spans ("iv n" in the text “Kyiv now”) begin or end with a space or a line break (half of a CRLF too) or cut a word, and no other reading fits better: it is imported as drawn; check it after.',
    );
    expect(edgesHint(CODE_POINTS, 1, null, 3)).toBe(
      'Read as code points, 1 of 3 spans begin or end with a space or a line break (half of a CRLF too) or cut a word, and no other reading fits better: it is imported as drawn; check it after.',
    );
  });
});

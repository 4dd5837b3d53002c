import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodePointIndex, sliceCodePoints } from '../../../src/lib/model/offsets';
import { trickyText } from '../arbitraries';

describe('CodePointIndex', () => {
  it('agrees with Array.from on every code point boundary', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const index = new CodePointIndex(text);
        const points = Array.from(text);
        expect(index.codePointLength).toBe(points.length);
        let utf16 = 0;
        for (let codePoint = 0; codePoint <= points.length; codePoint++) {
          expect(index.toUtf16(codePoint)).toBe(utf16);
          expect(index.toCodePoint(utf16)).toBe(codePoint);
          expect(index.isBoundary(utf16)).toBe(true);
          utf16 += points[codePoint]?.length ?? 0;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('slices like Python: text[start:end] by code points', () => {
    fc.assert(
      fc.property(trickyText, fc.nat(), fc.nat(), (text, a, b) => {
        const points = Array.from(text);
        const start = Math.min(a, b) % (points.length + 1);
        const end = Math.max(start, Math.max(a, b) % (points.length + 1));
        expect(sliceCodePoints(text, start, end)).toBe(points.slice(start, end).join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('rounds an offset inside a surrogate pair down to the start of its character', () => {
    const index = new CodePointIndex('a🙂b');
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.isBoundary(2)).toBe(false);
    expect(index.toUtf16(2)).toBe(3);
  });

  it('counts a lone surrogate as one code point, as Python and [...text] do', () => {
    const text = 'a\ud83dz\ude42';
    expect(new CodePointIndex(text).codePointLength).toBe([...text].length);
  });

  it('converts offsets all through a large astral-heavy text, both ways', () => {
    const text = 'ab🙂'.repeat(250_000); // 1 MB in UTF-16
    const index = new CodePointIndex(text);
    // Each 'ab🙂' is 3 code points and 4 UTF-16 units: code point 3k + r sits at unit 4k + r.
    for (let codePoint = 0; codePoint < index.codePointLength; codePoint += 31) {
      const expected = 4 * Math.floor(codePoint / 3) + (codePoint % 3);
      expect(index.toUtf16(codePoint)).toBe(expected);
      expect(index.toCodePoint(expected)).toBe(codePoint);
    }
    expect(index.toUtf16(index.codePointLength)).toBe(text.length);
  });
});

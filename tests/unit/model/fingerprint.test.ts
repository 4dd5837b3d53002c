import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cyrb53, unspacedHash } from '../../../src/lib/model/fingerprint';
import { isSpaceCodePoint } from '../../../src/lib/model/whiteSpace';

/** Text rebuilt from tokens (a CoNLL export coming back) is found by the hash of its characters apart from white space. */
describe('unspacedHash', () => {
  const withoutSpaces = (text: string) => [...text].filter((c) => !isSpaceCodePoint(c.codePointAt(0)!)).join('');

  it('is the hash of the text with its white space taken out, for any text', () => {
    // Equal to that of the text without white space, and (a 53-bit hash) not equal to that of another text.
    const spaces = fc.constantFrom(' ', '\t', '\r\n', '\u00A0', '\u0085', '\u3000', '\u2028');
    const text = fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), spaces)).map((parts) => parts.join(''));
    fc.assert(fc.property(text, (value) => unspacedHash(value) === unspacedHash(withoutSpaces(value))));
    fc.assert(
      fc.property(text, text, (one, other) =>
        withoutSpaces(one) === withoutSpaces(other) ? true : unspacedHash(one) !== unspacedHash(other),
      ),
    );
  });

  it('is equal for texts that differ in spacing only, and differs when a character differs', () => {
    const stored = 'Kim  Jong Un met\r\nPutin 🇰🇵 in 北京 at the Cafe\u0301\tnear.';
    const rebuilt = 'Kim Jong Un met Putin 🇰🇵 in 北 京 at the Cafe\u0301 near .';
    expect(unspacedHash(rebuilt)).toBe(unspacedHash(stored));
    expect(unspacedHash(rebuilt.replace('Putin', 'Biden'))).not.toBe(unspacedHash(stored));
    expect(unspacedHash(stored)).not.toBe(cyrb53(stored));
  });
});

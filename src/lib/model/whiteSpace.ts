/**
 * True for a white-space code point: the tokenizer's white space (`tokens.ts` SPACE_CHARACTER:
 * JavaScript's `\s` and Python's `str.isspace`, U+001C–U+001F and U+0085 too), without a regular
 * expression, for walks over long texts. A test holds the two to the same answer for every code point.
 */
export function isSpaceCodePoint(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

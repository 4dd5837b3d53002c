/**
 * A 53-bit fingerprint of a text (cyrb53), for finding documents with identical text through an
 * index. Equal texts have equal fingerprints; a match is always confirmed by comparing the texts.
 * @see https://github.com/bryc/code/blob/master/jshash/experimental/cyrb53.js
 */
import { isSpaceCodePoint } from './whiteSpace';

export function textFingerprint(text: string): string {
  return `${text.length.toString(36)}-${cyrb53(text).toString(36)}`;
}

/** The 53-bit hash (cyrb53) of `text`, a safe integer. */
export function cyrb53(text: string): number {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  return finish(h1, h2);
}

/** A UTF-16 unit that is white space (`isSpaceCodePoint`; every white space is one unit), most units answered without a call. */
const isSpaceUnit = (unit: number) => (unit <= 0x20 || unit >= 0x85) && isSpaceCodePoint(unit);

/**
 * A 53-bit hash of `text` without its white space (`isSpaceCodePoint`, the tokenizer's): equal for
 * two texts that differ only in spacing, as a text rebuilt from its tokens (a CoNLL or Hugging Face
 * export coming back) and the text it was exported from. cyrb53's mixing in one pass, the count of
 * the units hashed folded in at the end (cyrb53 starts from the length, which one pass does not know).
 */
export function unspacedHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let kept = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (isSpaceUnit(unit)) continue;
    kept++;
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  return finish(h1 ^ kept, h2 ^ kept);
}

/** cyrb53's last mixing of its two halves, into a safe integer. */
function finish(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

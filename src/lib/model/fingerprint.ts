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
  return hashUnits(text, text.length, false);
}

/**
 * The 53-bit hash of `text` without its white space (`isSpaceCodePoint`, the tokenizer's): equal for
 * two texts that differ only in spacing, as a text rebuilt from its tokens (a CoNLL or Hugging Face
 * export coming back) and the text it was exported from. `cyrb53` of the text with its white space
 * taken out, without building that string.
 */
export function unspacedHash(text: string): number {
  let kept = 0;
  for (let index = 0; index < text.length; index++) if (!isSpaceCodePoint(text.charCodeAt(index))) kept++;
  return hashUnits(text, kept, true);
}

/** cyrb53 over the UTF-16 units of `text` (`length` of them hashed), its white space left out when `unspaced`. */
function hashUnits(text: string, length: number, unspaced: boolean): number {
  let h1 = 0xdeadbeef ^ length;
  let h2 = 0x41c6ce57 ^ length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unspaced && isSpaceCodePoint(unit)) continue;
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

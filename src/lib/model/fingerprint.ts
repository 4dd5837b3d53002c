/**
 * A 53-bit fingerprint of a text (cyrb53), for finding documents with identical text through an
 * index. Equal texts have equal fingerprints; a match is always confirmed by comparing the texts.
 * @see https://github.com/bryc/code/blob/master/jshash/experimental/cyrb53.js
 */
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
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * What a file's first bytes say of its encoding, before any format reads it: Spanwright reads UTF-8,
 * and a file saved as UTF-16 (Windows' "Unicode", PowerShell's default) is said to be one once,
 * rather than as a line-by-line "not valid UTF-8" or a NUL byte in a text.
 *
 * @see https://encoding.spec.whatwg.org/#bom-sniff
 */

/** What the card says of a UTF-16 file (after its name). */
export const UTF16_MESSAGE = 'this file looks like UTF-16: save it as UTF-8 and import it again';

/**
 * The UTF-16 a byte order mark at `bytes`' start names (`utf-16le`, `utf-16be`), or null: a plain text saved so
 * (Windows Notepad's "Unicode") is read without a guess.
 */
export function utf16ByMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 2) return null;
  // FF FE 00 00 is UTF-32's mark (little-endian), not UTF-16's: refused as UTF-16 is, not read as text with NULs.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes[2] === 0 && bytes[3] === 0 ? null : 'utf-16le';
  return bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
}

/** Bytes of a file's start {@link looksLikeUtf16} looks at. */
export const ENCODING_SNIFF_BYTES = 4096;

/**
 * True when `bytes` (a file's start) is UTF-16: a UTF-16 byte order mark, or text whose every
 * other byte is mostly NUL (ASCII in UTF-16 without a mark), which no UTF-8 text is.
 */
export function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return true;
  const length = Math.min(bytes.length, ENCODING_SNIFF_BYTES) & ~1;
  // Too short to tell a pattern from a stray NUL (which the readers name as one).
  if (length < 8) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) evenZeros++;
    if (bytes[index + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  const mostly = (zeros: number) => zeros >= pairs * 0.3;
  const few = (zeros: number) => zeros <= pairs * 0.05;
  return (mostly(oddZeros) && few(evenZeros)) || (mostly(evenZeros) && few(oddZeros));
}

/**
 * Where `bytes` (a file's start, not UTF-16) holds a NUL byte, which no text in UTF-8 has: an image,
 * an archive member that is no text (helper-180: a .zip's `junk.bin` and `photo.png` were offered a
 * format, then refused line by line); -1 for none.
 */
export function binaryAt(bytes: Uint8Array): number {
  return bytes.subarray(0, ENCODING_SNIFF_BYTES).indexOf(0);
}

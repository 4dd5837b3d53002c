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

/**
 * Whether text that is not UTF-8 looks like a single-byte Western encoding: bytes of the upper half (é, ü, ñ, £…)
 * standing alone between ASCII, where UTF-8 and the East Asian encodings put them in runs of two or more.
 */
export function latinLooking(bytes: Uint8Array): boolean {
  for (let index = 0; index < bytes.length; index++)
    if (bytes[index] >= 0x80 && (bytes[index - 1] ?? 0) < 0x80 && (bytes[index + 1] ?? 0) < 0x80) return true;
  return false;
}

/** What a line that is not UTF-8 is told: how to mend it, and whether its bytes look Latin-1 (`LoneHighBytes`). */
export function notUtf8Message(latin: boolean): string {
  return `not valid UTF-8 (${latin ? 'it looks like Latin-1 or Windows-1252; ' : ''}save the file as UTF-8 and import it again)`;
}

/**
 * {@link latinLooking} over a line read in pieces, the same wherever the pieces are cut: a byte of the upper half
 * with ASCII on both sides (the line's ends count as ASCII), its neighbours taken across the cuts.
 */
export class LoneHighBytes {
  seen = false;
  #before = 0x0a; // the byte before the next piece (the line's start: ASCII)
  #waiting = false; // the last piece ended on a high byte with ASCII before it: lone if ASCII comes next

  /** The next piece comes after `byte` (not judged itself). */
  after(byte: number): void {
    this.#before = byte;
  }

  feed(bytes: Uint8Array): void {
    for (let index = 0; index < bytes.length && !this.seen; index++) {
      const byte = bytes[index];
      if (this.#waiting) this.seen = byte < 0x80;
      this.#waiting = false;
      const before = index === 0 ? this.#before : bytes[index - 1];
      if (byte < 0x80 || before >= 0x80) continue;
      if (index + 1 < bytes.length) this.seen = bytes[index + 1] < 0x80;
      else this.#waiting = true;
    }
    if (bytes.length > 0) this.#before = bytes[bytes.length - 1];
  }

  /** The line ended: a high byte waiting at its end stood alone. */
  end(): boolean {
    const seen = this.seen || this.#waiting;
    [this.seen, this.#before, this.#waiting] = [false, 0x0a, false];
    return seen;
  }
}

/**
 * Streaming JSONL line reader: reads a file chunk by chunk and yields its lines, so a large import
 * never holds the whole file as one string.
 *
 * @see https://jsonlines.org/
 * @see https://encoding.spec.whatwg.org/#interface-textdecoder
 */
import { LoneHighBytes, looksLikeUtf16, notUtf8Message, UTF16_MESSAGE } from './encoding';
import { clip, describeValue, parseJson } from './errorMessages';
import type { NamedBlob, SourceItem } from './format';
import { isJsonObject, sanitizeJson, type AnnotatedRecord, type FormatError, type ParseResult } from './records';

/**
 * One item from {@link readJsonlLines}: a line's text, or why it could not be read. A line that is
 * not valid UTF-8 becomes `{ lineNumber, error }` and reading goes on with the next line; a failing
 * source becomes a last item with an error on line 0.
 */
export type JsonlLine =
  | { lineNumber: number; line: string; error?: undefined; continues?: boolean }
  | { lineNumber: number; line?: undefined; error: FormatError; continues?: undefined };

export interface JsonlReadOptions {
  /** Called after each chunk with the number of bytes read so far. */
  onProgress?(bytesRead: number): void;
  /**
   * Gives a line longer than this many characters in pieces, as it is read: each piece but the
   * last has `continues: true` (a piece may be empty or white space; the line's trailing `\r` is
   * dropped as from a whole line). For readers that can take a line in parts, such as a minified JSON
   * array of a whole corpus on one line, which would otherwise be one string of the file's size.
   */
  pieceCharacters?: number;
}

const NEWLINE = 0x0a;
const BLANK = /^\s*$/u;

function newDecoder(): TextDecoder {
  // ignoreBOM keeps U+FEFF inside lines; only the file's leading BOM is dropped, by hand.
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
}

/**
 * Yields the lines of UTF-8 JSONL from a `Blob` (a `File`) or a byte stream, numbered from 1.
 * Splits on `\n` and drops a trailing `\r`; blank lines are skipped but counted, so numbers match
 * the file. Bytes are decoded as they arrive (a `\n` byte never occurs inside a UTF-8 sequence, so
 * splitting bytes first is safe and pins an invalid sequence to its line). Never throws: errors
 * come back as items (see {@link JsonlLine}).
 */
export async function* readJsonlLines(
  source: Blob | ReadableStream<Uint8Array>,
  options: JsonlReadOptions = {},
): AsyncGenerator<JsonlLine> {
  const reader = ('getReader' in source ? source : source.stream()).getReader();
  let decoder = newDecoder();
  let lineNumber = 1;
  let bytesRead = 0;
  let partial = ''; // decoded start of the current line, from earlier chunks
  let invalid = false; // the current line already failed to decode
  // Whether the current line's bytes look Latin-1: judged from the piece that failed to decode on (a lone byte of the
  // upper half fails where it stands, or, held at a piece's end, in the next), with the two bytes before it.
  const latin = new LoneHighBytes();
  let [beforeLast, last] = [NEWLINE, NEWLINE];
  let done = false;

  const decode = (bytes: Uint8Array, stream: boolean): void => {
    if (invalid) return latin.feed(bytes);
    try {
      partial += decoder.decode(bytes, { stream });
      if (bytes.length > 0) [beforeLast, last] = [bytes.length > 1 ? bytes[bytes.length - 2] : last, bytes.at(-1)!];
    } catch {
      invalid = true;
      latin.after(beforeLast);
      latin.feed(Uint8Array.of(last));
      latin.feed(bytes);
      decoder = newDecoder();
    }
  };
  let pieces = 0; // pieces of the current line already given
  const finishLine = (): JsonlLine | null => {
    let line = partial;
    const wasInvalid = invalid;
    const continued = pieces > 0;
    const latinLine = latin.end();
    [beforeLast, last] = [NEWLINE, NEWLINE];
    partial = '';
    invalid = false;
    pieces = 0;
    if (wasInvalid)
      return {
        lineNumber,
        error: { line: lineNumber, message: notUtf8Message(latinLine) },
      };
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (continued) return { lineNumber, line };
    if (lineNumber === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
    return BLANK.test(line) ? null : { lineNumber, line };
  };
  /** The current line's text so far as a piece, when pieces are asked for and it has grown that long. */
  const piece = (): JsonlLine | null => {
    if (invalid || options.pieceCharacters === undefined || partial.length < options.pieceCharacters) return null;
    // A `\r` at the piece's end may be the line's last character: it waits for the next piece.
    const held = partial.endsWith('\r') ? 1 : 0;
    let line = partial.slice(0, partial.length - held);
    if (pieces === 0 && lineNumber === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
    partial = held ? '\r' : '';
    pieces++;
    return { lineNumber, line, continues: true };
  };

  try {
    for (;;) {
      let chunk: Uint8Array;
      try {
        const result = await reader.read();
        if (result.done) break;
        chunk = result.value;
      } catch (error) {
        const reason = clip(error instanceof Error ? error.message : String(error), 120);
        yield { lineNumber, error: { line: 0, message: `could not read the file (${reason})` } };
        done = true;
        return;
      }
      // A UTF-16 file is said to be one, once: line by line it would be "not valid UTF-8" over and over.
      if (bytesRead === 0 && looksLikeUtf16(chunk)) {
        yield { lineNumber, error: { line: 0, message: UTF16_MESSAGE } };
        done = true;
        await reader.cancel().catch(() => undefined);
        return;
      }
      bytesRead += chunk.byteLength;
      let start = 0;
      for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
        decode(chunk.subarray(start, newline), false);
        const item = finishLine();
        if (item) yield item;
        lineNumber++;
        start = newline + 1;
      }
      if (start < chunk.length) decode(chunk.subarray(start), true);
      const given = piece();
      if (given) yield given;
      options.onProgress?.(bytesRead);
    }
    done = true;
    decode(new Uint8Array(0), false);
    const last = finishLine();
    if (last) yield last;
  } finally {
    // The consumer stopped early (or the source failed): let go of the file.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * The records of a JSONL file, one per line, each parsed by `parseLine`: streamed, so the file is
 * never one string. Lines that fail to decode or parse come back as errors.
 */
export async function* readJsonlRecords(
  file: NamedBlob,
  parseLine: (line: string, lineNumber: number) => ParseResult<AnnotatedRecord>,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<SourceItem> {
  for await (const item of readJsonlLines(file.stream(), { onProgress: onBytes })) {
    if (item.error) {
      yield { error: item.error };
      continue;
    }
    const parsed = parseLine(item.line, item.lineNumber);
    if ('value' in parsed) yield { record: parsed.value, line: item.lineNumber };
    else for (const error of parsed.errors) yield { error };
  }
}

/**
 * The JSON objects of a JSONL file, one per line with its number, streamed; a line that does not
 * decode, parse or hold an object comes back as an error naming its line.
 */
export async function* readJsonlObjects(
  file: NamedBlob,
): AsyncGenerator<{ object: Record<string, unknown>; lineNumber: number } | { error: FormatError }> {
  for await (const item of readJsonlLines(file.stream())) {
    if (item.error) {
      yield { error: item.error };
      continue;
    }
    const json = parseJson(item.line);
    if ('message' in json) {
      yield { error: { line: item.lineNumber, message: json.message } };
      continue;
    }
    const parsed = sanitizeJson(json.value);
    if (isJsonObject(parsed)) yield { object: parsed, lineNumber: item.lineNumber };
    else
      yield {
        error: { line: item.lineNumber, message: `each line must be a JSON object (got ${describeValue(parsed)})` },
      };
  }
}

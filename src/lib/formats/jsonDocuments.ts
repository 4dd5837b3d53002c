/**
 * The JSON values of a file that holds "records" in any of the shapes tools write them: one JSON
 * array of them (Label Studio, doccano's JSON export), a single object (one task, possibly
 * pretty-printed over many lines), or JSONL, one per line (doccano's JSONL export). Each value
 * comes with the line it starts on, so a format's errors can name it.
 *
 * JSONL is streamed line by line. An array, or an object spread over several lines, is read whole
 * (JSON allows nothing else): when the first line of a file does not parse on its own but the
 * whole file parses as one object or array, the file is read whole instead of as broken JSONL.
 *
 * Also here: {@link LossTally}, which counts what a file holds that Spanwright does not import and
 * says it once, at the end of the file.
 *
 * @see https://jsonlines.org/
 * @see https://www.rfc-editor.org/rfc/rfc8259
 * @see ../../../docs/formats.md
 */
import { parseJson } from './errorMessages';
import type { Loss, NamedBlob, SourceItem } from './format';
import { arrayElements, ArrayScanner, type ArrayElement, type ArrayProblem } from './jsonOutline';
import { readJsonlLines, type JsonlLine } from './jsonlReader';
import { isJsonObject, type FormatError } from './records';

/** One value of a file, with the line it starts on (1-based), or why a part could not be read. */
export type JsonDocument = { value: unknown; line: number } | { error: FormatError };

const LEADING_SPACE = /^[\s\uFEFF]*/u;

/**
 * The line a `JSON.parse` message points at: V8 and Firefox name a line or a character position
 * in some versions; 0 (the whole file) when the message names neither.
 */
export function lineOfJsonError(json: string, message: string): number {
  const line = /\bline (\d+)/u.exec(message);
  if (line) return Number(line[1]);
  const position = /\bposition (\d+)/u.exec(message);
  if (!position) return 0;
  return lineAt(json, Number(position[1]));
}

/** The 1-based line of UTF-16 offset `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let count = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/**
 * The values of `text` read whole: each element of an array, or the one value it holds. An array is
 * parsed an element at a time, as the caller asks for the next (a large file is never one long
 * task); a malformed element is an error on its line, and the elements beside it are still read.
 */
function* wholeDocuments(text: string): Generator<JsonDocument> {
  if (!text.trimStart().startsWith('[')) {
    const parsed = parseJson(text);
    if ('message' in parsed) yield { error: { line: lineOfJsonError(text, parsed.message), message: parsed.message } };
    else yield { value: parsed.value, line: lineAt(text, LEADING_SPACE.exec(text)?.[0].length ?? 0) };
    return;
  }
  yield* elementDocuments(arrayElements(text));
}

/** Each element of an array parsed, or the reason it (or the array) is malformed, on its line. */
function* elementDocuments(elements: Iterable<ArrayElement | ArrayProblem>): Generator<JsonDocument> {
  for (const element of elements) {
    if ('problem' in element) {
      yield { error: { line: element.line, message: `malformed JSON (${element.problem})` } };
      return;
    }
    const parsed = parseJson(element.text);
    if ('value' in parsed) {
      yield { value: parsed.value, line: element.line };
      continue;
    }
    // The parser counts from the element's start: its line is made the file's, and its position dropped (kept as a
    // column past the element's first line, where the line's columns are the file's).
    const within = lineOfJsonError(element.text, parsed.message);
    // An element on one line was given its column from the element's start, not the line's (helper-208): dropped.
    const message = parsed.message.replace(
      / (?:in JSON )?at position \d+(?: \(line \d+ column (\d+)\))?| at column \d+/u,
      (_match, column?: string) => (within > 1 && column ? ` at column ${column}` : ''),
    );
    yield { error: { line: element.line + Math.max(within - 1, 0), message } };
  }
}

/** `text` parsed whole when it is one object or array; null when it does not parse. */
function wholeIfObject(text: string): JsonDocument[] | null {
  const parsed = parseJson(text);
  return 'value' in parsed && typeof parsed.value === 'object' && parsed.value !== null
    ? [...wholeDocuments(text)]
    : null;
}

/** One JSONL line as a value, or the reason it is malformed. */
function lineDocument(line: string, lineNumber: number): JsonDocument {
  const parsed = parseJson(line);
  return 'message' in parsed
    ? { error: { line: lineNumber, message: parsed.message } }
    : { value: parsed.value, line: lineNumber };
}

/**
 * The values of a whole file's text (see the module comment for the shapes). For tests and callers
 * that hold the text already; {@link readJsonDocuments} reads a file without holding it when it is
 * JSONL.
 */
export function jsonDocumentsOfText(text: string): JsonDocument[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trimStart().startsWith('[')) return [...wholeDocuments(body)];
  const documents: JsonDocument[] = [];
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].endsWith('\r') ? lines[index].slice(0, -1) : lines[index];
    if (line.trim() === '') continue;
    const document = lineDocument(line, index + 1);
    if (documents.length === 0 && 'error' in document) {
      const whole = wholeIfObject(body);
      if (whole) return whole;
    }
    documents.push(document);
  }
  return documents;
}

/**
 * The whole text of a file as {@link readJsonlLines} sees it: lines joined with `\n` in their
 * places (a dropped `\r` or blank line is white space between JSON tokens, never inside a string,
 * so the JSON and its line numbers are unchanged). Null after yielding any line's UTF-8 error.
 */
async function* wholeText(lines: AsyncIterable<JsonlLine>): AsyncGenerator<FormatError, string | null> {
  const parts: string[] = [];
  let failed = false;
  const take = (item: JsonlLine): FormatError | null => {
    if (item.error) {
      failed = true;
      return item.error;
    }
    while (parts.length < item.lineNumber - 1) parts.push('');
    parts.push(item.line);
    return null;
  };
  for await (const item of lines) {
    const error = take(item);
    if (error) yield error;
  }
  return failed ? null : parts.join('\n');
}

/**
 * A first line that is a whole `[text, {…}]` pair (spaCy v2's training example): the file is JSONL of
 * such pairs, one a line, not one array. Parsed only when it opens with a string (`["`).
 */
function isPairLine(line: string): boolean {
  if (!/^[\s\uFEFF]*\[\s*"/u.test(line)) return false;
  const parsed = parseJson(line);
  return (
    'value' in parsed &&
    Array.isArray(parsed.value) &&
    parsed.value.length === 2 &&
    typeof parsed.value[0] === 'string' &&
    isJsonObject(parsed.value[1])
  );
}

/**
 * The values of `file`, in order, each with the line it starts on: streamed when the file is
 * JSONL, read whole when it is an array or one object over several lines. Never throws: bytes that
 * are not UTF-8 and malformed JSON come back as errors naming their line.
 */
export async function* readJsonDocuments(
  file: NamedBlob,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<JsonDocument> {
  // A second pass (reading a file whole after its first line) must not make the progress go back.
  let most = 0;
  const onProgress = (bytes: number) => {
    most = Math.max(most, bytes);
    onBytes?.(most);
  };
  const lines = readJsonlLines(file.stream(), { onProgress, pieceCharacters: PIECE_CHARACTERS });
  const head = await lines.next();
  if (head.done) return;
  const opening = head.value;
  if (!opening.error && opening.line.trimStart().startsWith('[') && !isPairLine(opening.line)) {
    // An array is parsed element by element as its lines come, never held whole (a minified one
    // comes in pieces of its one line): a line that is not UTF-8 ends it (what follows can not be
    // trusted to be where the array's structure says).
    const scanner = new ArrayScanner();
    yield* elementDocuments(scanner.push(opening.line, opening.lineNumber, opening.continues));
    for await (const next of lines) {
      if (next.error) {
        yield { error: next.error };
        return;
      }
      yield* elementDocuments(scanner.push(next.line, next.lineNumber, next.continues));
    }
    yield* elementDocuments(scanner.end());
    return;
  }
  let first = true;
  for await (const item of wholeLines(opening, lines)) {
    if (item.error) {
      yield { error: item.error };
      continue;
    }
    const document = lineDocument(item.line, item.lineNumber);
    if (first && 'error' in document) {
      // A pretty-printed object: its first line is `{` or `{"id": 1,` and parses only with the rest.
      const reading = wholeText(readJsonlLines(file.stream(), { onProgress }));
      let step = await reading.next();
      while (!step.done) step = await reading.next();
      const whole = step.value === null ? null : wholeIfObject(step.value);
      if (whole) {
        yield* whole;
        return;
      }
    }
    first = false;
    yield document;
  }
}

/** A line this long or longer is read in pieces (see `pieceCharacters`), so no string grows to the file's size. */
const PIECE_CHARACTERS = 1 << 20;

/** `first` and then `rest`, with the pieces of each long line joined back into the line. */
async function* wholeLines(first: JsonlLine, rest: AsyncIterable<JsonlLine>): AsyncGenerator<JsonlLine> {
  let pieces: string[] = [];
  const take = (item: JsonlLine): JsonlLine | null => {
    if (item.error) {
      pieces = [];
      return item;
    }
    if (item.continues) {
      pieces.push(item.line);
      return null;
    }
    if (pieces.length === 0) return item;
    const line = [...pieces, item.line].join('');
    pieces = [];
    return /^\s*$/u.test(line) ? null : { lineNumber: item.lineNumber, line };
  };
  const opening = take(first);
  if (opening) yield opening;
  for await (const item of rest) {
    const line = take(item);
    if (line) yield line;
  }
}

/** Something a file holds that is not imported, counted across the file. */
interface Counted {
  why: string;
  count: number;
  line: number;
  /** Distinct examples, up to {@link MAX_TALLY_EXAMPLES}. */
  examples: string[];
}

/** At most this many distinct examples are kept of each thing counted. */
const MAX_TALLY_EXAMPLES = 5;

/**
 * Counts what a file holds that Spanwright will not import (relations, choices, cancelled
 * annotations…) and the notes a reader wants said once, so that each is said once, at the end of
 * the file, with its count and the line of the first.
 */
export class LossTally {
  readonly #losses = new Map<string, Counted>();
  readonly #notes: string[] = [];

  /** Counts `count` more of `what` (a plural noun phrase), first seen on `line`; `example` names one (kept once). */
  add(what: string, why: string, line: number, count = 1, example?: string): void {
    if (count <= 0) return;
    let known = this.#losses.get(what);
    if (known) known.count += count;
    else this.#losses.set(what, (known = { why, count, line, examples: [] }));
    if (example !== undefined && known.examples.length < MAX_TALLY_EXAMPLES && !known.examples.includes(example))
      known.examples.push(example);
  }

  /** Names one more example of `what`, counted already (kept once, the first few). */
  example(what: string, example: string): void {
    const known = this.#losses.get(what);
    if (known && known.examples.length < MAX_TALLY_EXAMPLES && !known.examples.includes(example))
      known.examples.push(example);
  }

  /** A note for the preview, said once however often it is added. */
  note(text: string): void {
    if (!this.#notes.includes(text)) this.#notes.push(text);
  }

  /** The losses counted so far, in the order first seen. */
  get losses(): Loss[] {
    return [...this.#losses].map(([what, { why, count, line, examples }]) => ({
      what,
      why,
      count,
      ...(line > 0 ? { line, inRecord: true as const } : {}),
      ...(examples.length > 0 ? { examples } : {}),
    }));
  }

  /** The notes, then the losses, as items of a file. */
  items(): SourceItem[] {
    return [...this.#notes.map((note) => ({ note })), ...this.losses.map((loss) => ({ loss }))];
  }
}

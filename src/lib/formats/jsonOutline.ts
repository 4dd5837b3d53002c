/**
 * A lexical outline of JSON text, without parsing values: where the elements of a top-level array
 * start, and which keys an object has at its top level. Both tolerate truncated or malformed input
 * (they answer with what they saw), so they can point at a line or sniff a file's head.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isJsonWhitespace(unit: number): boolean {
  return unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d;
}

function isWhitespace(unit: number): boolean {
  return isJsonWhitespace(unit) || unit === 0xfeff;
}

/** Index just past the string literal whose opening quote is at `start` (or the text's end). */
function skipString(json: string, start: number): number {
  for (let index = start + 1; index < json.length; index++) {
    const unit = json.charCodeAt(index);
    if (unit === BACKSLASH) index++;
    else if (unit === QUOTE) return index + 1;
  }
  return json.length;
}

/** One element of a top-level array, as text (not parsed), and the 1-based line it starts on. */
export interface ArrayElement {
  text: string;
  line: number;
}

/** Where the structure of a top-level array broke, so no element after it can be found. */
export interface ArrayProblem {
  line: number;
  problem: string;
}

/**
 * Finds the elements of a top-level JSON array in text given a line at a time, without parsing
 * them and without holding the whole text: a large array is parsed element by element as it is
 * read, and a caller may give the event loop a turn between two (each element is yielded as soon
 * as it ends, so a minified array on one long line is parsed in bounded steps too). An element's own text is never checked here (parse it);
 * a break in the array itself (no `[`, no closing `]`, text after it), or an object or array in an
 * element that never closes (a `]` or `}` that closes the wrong one, or the text's end), ends the
 * elements with an {@link ArrayProblem} naming the line it opened on. JSON's white space only: a byte order mark is the caller's to strip.
 */
export class ArrayScanner {
  #phase: 'start' | 'open' | 'element' | 'closed' | 'broken' = 'start';
  #opened = 0;
  #elements = 0;
  #depth = 0;
  /** The `[` or `{` open in the element, innermost last, and the lines they opened on. */
  #openers: number[] = [];
  #openerLines: number[] = [];
  #inString = false;
  /** The line the string being read opened on. */
  #stringLine = 0;
  #escaped = false;
  #parts: string[] = [];
  #startLine = 0;
  #lastLine = 0;
  /** The last text pushed was a piece of a line that goes on. */
  #lineGoesOn = false;

  /**
   * The elements that end in `line` (1-based `lineNumber`; skipped blank lines are white space).
   * `continues`: `line` is a piece of a line whose next piece comes with the next push.
   */
  *push(line: string, lineNumber: number, continues = false): Generator<ArrayElement | ArrayProblem> {
    if (this.#phase === 'element' && !this.#lineGoesOn)
      for (let gap = this.#lastLine; gap < lineNumber; gap++) this.#parts.push('\n');
    this.#lastLine = lineNumber;
    this.#lineGoesOn = continues;
    let segment = 0;
    for (let index = 0; index < line.length; index++) {
      const unit = line.charCodeAt(index);
      if (this.#phase === 'element') {
        if (this.#inString) {
          if (this.#escaped) this.#escaped = false;
          else if (unit === BACKSLASH) this.#escaped = true;
          else if (unit === QUOTE) this.#inString = false;
        } else if (unit === QUOTE) {
          this.#inString = true;
          this.#stringLine = lineNumber;
        } else if (unit === OPEN_BRACKET || unit === OPEN_BRACE) {
          this.#openers[this.#depth] = unit;
          this.#openerLines[this.#depth++] = lineNumber;
        } else if ((unit === CLOSE_BRACKET || unit === CLOSE_BRACE) && this.#depth > 0) {
          // A ] closing a { (or a } a [): the innermost object or array was never closed.
          if (this.#openers[--this.#depth] !== (unit === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET))
            return yield* this.#unclosed();
        } else if (this.#depth === 0 && (unit === COMMA || unit === CLOSE_BRACKET)) {
          this.#parts.push(line.slice(segment, index));
          yield { text: this.#parts.join(''), line: this.#startLine };
          this.#parts = [];
          this.#elements++;
          this.#phase = unit === COMMA ? 'open' : 'closed';
        }
        continue;
      }
      if (isJsonWhitespace(unit) || this.#phase === 'broken') continue;
      if (this.#phase === 'start') {
        if (unit !== OPEN_BRACKET) return yield* this.#broken(lineNumber, 'the file is not a JSON array');
        this.#phase = 'open';
        this.#opened = lineNumber;
      } else if (this.#phase === 'closed') {
        return yield* this.#broken(lineNumber, 'text after the closing ] of the array');
      } else if (unit === CLOSE_BRACKET && this.#elements === 0) this.#phase = 'closed';
      else {
        this.#phase = 'element';
        this.#startLine = lineNumber;
        this.#depth = 0;
        segment = index;
        index--;
      }
    }
    if (this.#phase === 'element') this.#parts.push(line.slice(segment));
  }

  /**
   * At the end of the text: a problem when the array never closed. Inside an element, on the line the
   * element starts (a file cut short breaks off in the middle of a record: helper-180 was pointed at
   * the innermost object open, 28 lines into the task that was cut).
   */
  *end(): Generator<ArrayProblem> {
    if (this.#phase === 'closed' || this.#phase === 'broken') return;
    // A string never closed read the rest of the file (helper-181: a missing " was taken for a file cut short).
    if (this.#phase === 'element' && this.#inString)
      return yield* this.#broken(
        this.#startLine,
        `a string opened on line ${this.#stringLine} never closes: a " is missing there or before it, or the file is cut short`,
      );
    if (this.#phase === 'element' && this.#depth > 0) {
      const depth = this.#depth - 1;
      const [what, closer] = this.#openers[depth] === OPEN_BRACE ? ['object', '}'] : ['array', ']'];
      const innermost = `the ${what} opened on line ${this.#openerLines[depth]}`;
      const open = depth === 0 ? '' : `, ${innermost} not closed with ${closer}`;
      const element = depth === 0 ? innermost : `the element that starts on line ${this.#startLine}`;
      return yield* this.#broken(this.#startLine, `the file ends before ${element} is closed${open}: is it cut short?`);
    }
    const line = this.#phase === 'element' ? this.#startLine : Math.max(this.#lastLine, 1);
    yield* this.#broken(
      line,
      `the file ends before the array opened on line ${this.#opened || 1} is closed with ]: is it cut short?`,
    );
  }

  /** The object or array at `depth` of the element (the one a wrong closer met, by default) never closed. */
  *#unclosed(depth = this.#depth): Generator<ArrayProblem> {
    const line = this.#openerLines[depth];
    const [what, closer] = this.#openers[depth] === OPEN_BRACE ? ['object', '}'] : ['array', ']'];
    yield* this.#broken(line, `the ${what} opened on line ${line} has no closing ${closer}`);
  }

  *#broken(line: number, problem: string): Generator<ArrayProblem> {
    this.#phase = 'broken';
    yield { line, problem };
  }
}

/** The elements of the top-level array `json` holds, through an {@link ArrayScanner} fed its lines. */
export function* arrayElements(json: string): Generator<ArrayElement | ArrayProblem> {
  const scanner = new ArrayScanner();
  const lines = json.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    yield* scanner.push(line.endsWith('\r') ? line.slice(0, -1) : line, index + 1);
  }
  yield* scanner.end();
}

export interface ObjectKeys {
  keys: string[];
  /** False when the text ended (or stopped making sense) before the object closed. */
  complete: boolean;
}

/**
 * Keys of the object that `json` starts with (after whitespace), at its top level and in order;
 * none when `json` does not start with `{`.
 */
export function topLevelKeys(json: string): ObjectKeys {
  const keys: string[] = [];
  let index = 0;
  while (index < json.length && isWhitespace(json.charCodeAt(index))) index++;
  if (json.charCodeAt(index) !== OPEN_BRACE) return { keys, complete: false };
  let depth = 0;
  let expectKey = false;
  for (; index < json.length; index++) {
    const unit = json.charCodeAt(index);
    if (isWhitespace(unit)) continue;
    if (unit === QUOTE) {
      const end = skipString(json, index);
      if (expectKey) {
        const key = readKey(json.slice(index, end));
        if (key === null) return { keys, complete: false };
        keys.push(key);
      }
      expectKey = false;
      index = end - 1;
      continue;
    }
    expectKey = false;
    if (unit === OPEN_BRACE || unit === OPEN_BRACKET) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (unit === CLOSE_BRACE || unit === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return { keys, complete: true };
    } else if (unit === COMMA && depth === 1) expectKey = true;
  }
  return { keys, complete: false };
}

function readKey(literal: string): string | null {
  try {
    const key: unknown = JSON.parse(literal);
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

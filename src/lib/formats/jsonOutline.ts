/**
 * A lexical outline of JSON text, without parsing values: where the elements of a top-level array
 * start, and which keys an object has at its top level. Both tolerate truncated or malformed input
 * (they answer with what they saw), so they can point at a line or sniff a file's head.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isWhitespace(unit: number): boolean {
  return unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d || unit === 0xfeff;
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

/** 1-based line on which each element of the top-level array in `json` starts. */
export function arrayElementLines(json: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let expectElement = false;
  for (let index = 0; index < json.length; index++) {
    const unit = json.charCodeAt(index);
    if (unit === NEWLINE) line++;
    if (isWhitespace(unit)) continue;
    if (expectElement && unit !== CLOSE_BRACKET) lines.push(line);
    expectElement = false;
    if (unit === QUOTE) {
      const end = skipString(json, index);
      for (let inner = index; inner < end; inner++) if (json.charCodeAt(inner) === NEWLINE) line++;
      index = end - 1;
    } else if (unit === OPEN_BRACKET || unit === OPEN_BRACE) {
      depth++;
      if (depth === 1 && unit === OPEN_BRACKET) expectElement = true;
    } else if (unit === CLOSE_BRACKET || unit === CLOSE_BRACE) depth--;
    else if (unit === COMMA && depth === 1) expectElement = true;
  }
  return lines;
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

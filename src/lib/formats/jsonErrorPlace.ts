/**
 * Where JSON text first goes wrong, for a message that does not say: V8's "Unexpected token 'x', "…" is not
 * valid JSON" names no position (its other messages do), so a bad record of a long line was named by its line
 * alone. A scan by RFC 8259's grammar, run only once `JSON.parse` has refused the text, failing at the character
 * V8 fails at where V8 names one (a property test holds it to that).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */

const SPACE = new Set([' ', '\t', '\n', '\r']);
const DIGIT = /^\d$/u;
const HEX = /^[0-9a-fA-F]$/u;
const ESCAPES = '"\\/bfnrt';
const LITERALS = ['true', 'false', 'null'];

/** A scan's failure: the UTF-16 offset of the first character JSON does not allow there. */
class Wrong {
  constructor(readonly at: number) {}
}

/** The UTF-16 offset in `text` where it stops being JSON, or null when it is JSON (or nested too deep to scan). */
export function jsonErrorPlace(text: string): number | null {
  let at = 0;
  const fail = (): never => {
    throw new Wrong(Math.min(at, text.length));
  };
  /** Steps over `character`, or fails at what stands there instead. */
  const expect = (test: (character: string) => boolean) => (test(text[at] ?? '') ? (at += 1) : fail());
  const space = () => {
    while (SPACE.has(text[at])) at += 1;
  };
  const digits = () => {
    expect((character) => DIGIT.test(character));
    while (DIGIT.test(text[at] ?? '')) at += 1;
  };
  const number = () => {
    if (text[at] === '-') at += 1;
    if (text[at] === '0') at += 1;
    else digits();
    if (text[at] === '.') {
      at += 1;
      digits();
    }
    if (text[at] !== 'e' && text[at] !== 'E') return;
    at += 1;
    if (text[at] === '+' || text[at] === '-') at += 1;
    digits();
  };
  /** What follows a backslash in a string: one of JSON's escapes. */
  const escape = () => {
    if (text[at] !== 'u') return expect((character) => character !== '' && ESCAPES.includes(character));
    at += 1;
    for (let hex = 0; hex < 4; hex += 1) expect((character) => HEX.test(character));
  };
  const string = () => {
    expect((character) => character === '"');
    for (;;) {
      const character = text[at];
      if (character === undefined || character.charCodeAt(0) < 0x20) fail();
      at += 1;
      if (character === '"') return;
      if (character === '\\') escape();
    }
  };
  const value = (): void => {
    space();
    const character = text[at];
    if (character === '{') return members('}', member);
    if (character === '[') return members(']', value);
    if (character === '"') return string();
    const literal = LITERALS.find((one) => one[0] === character);
    if (!literal) return number();
    // Letter by letter, failing at the first one unlike it ("n0ull": at the 0), as V8 does.
    for (const letter of literal) expect((one) => one === letter);
  };
  const member = () => {
    string();
    space();
    expect((character) => character === ':');
    value();
  };
  /** An object's members or an array's elements, each read by `one`, up to `close`. */
  const members = (close: string, one: () => void) => {
    at += 1;
    space();
    if (text[at] === close) return void (at += 1);
    for (;;) {
      space();
      one();
      space();
      if (text[at] === close) return void (at += 1);
      expect((character) => character === ',');
    }
  };
  try {
    value();
    space();
    return at < text.length ? at : null;
  } catch (error) {
    return error instanceof Wrong ? error.at : null;
  }
}

/** `place` (a UTF-16 offset) as V8 says one: `at position 7 (line 1 column 8)`. */
export function placeText(text: string, place: number): string {
  const before = text.slice(0, place);
  const line = before.split('\n').length;
  return `at position ${place} (line ${line} column ${place - before.lastIndexOf('\n')})`;
}

/**
 * How the format modules describe problems to users: short, and never quoting more than about
 * 40 characters of what the user's file contains.
 */
import { cutGraphemes } from '../model/graphemes';
import { jsonErrorPlace, placeText } from './jsonErrorPlace';
import type { FormatError } from './records';

/** `line 3: reason`, or just the reason for a whole-file error. */
export function formatErrorText(error: FormatError): string {
  return error.line > 0 ? `line ${error.line}: ${error.message}` : error.message;
}

const MAX_QUOTE_LENGTH = 40;

/** `value` cut to 40 characters with `…`, never inside one (an emoji, a flag, a letter with its marks). */
export function clip(value: string, maxLength = MAX_QUOTE_LENGTH): string {
  return cutGraphemes(value, maxLength);
}

/**
 * A user string for a message: clipped and in JSON quotes, so line breaks and tabs show as `\n` and
 * `\t`; the line breaks JSON leaves as they are (U+2028, U+2029, U+0085) as their escapes too.
 */
export function quote(value: string): string {
  return JSON.stringify(clip(value)).replace(
    /[\u2028\u2029\u0085]/gu,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A short description of an untrusted value for a message: `42`, `"abc"`, `an array`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return clip(String(value));
}

/** The reason `JSON.parse` gave, with any quoted input clipped. */
export function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return clip(
    message
      .replace(/"([^"]{41,})"/gu, (_match, inner: string) => `"${clip(inner)}"`)
      // V8 quotes the text around the fault with its line breaks: shown as \n, the message stays one line.
      .replace(/\r?\n/gu, '\\n'),
    160,
  );
}

/**
 * Parses JSON text, answering with the value or the reason it is malformed, with the place it goes wrong: as the
 * engine gave it, or found by a scan when it gave none (V8's "Unexpected token").
 */
export function parseJson(json: string): { value: unknown } | { message: string } {
  try {
    return { value: JSON.parse(json) as unknown };
  } catch (error) {
    let message = describeJsonError(error);
    const given = / (?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/u.exec(message);
    const place = given ? Number(given[1]) : /\bline \d+/u.test(message) ? null : jsonErrorPlace(json);
    if (place !== null) message = `${given ? message.replace(given[0], '') : `${message},`} ${placeText(json, place)}`;
    // One line (a JSONL record): "position 24 (line 1 column 25)" would contradict the file's line the message is
    // given with, so it says the column in that line alone.
    if (!json.includes('\n')) message = message.replace(/ at position \d+ \(line 1 column (\d+)\)/u, ' at column $1');
    return { message: `malformed JSON (${message})` };
  }
}

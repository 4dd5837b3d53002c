/**
 * Line breaks to Python's `str.splitlines()` that `JSON.stringify` leaves raw inside a string: NEL
 * (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029). `JSON.stringify` escapes
 * every other one (`\n`, `\r`, U+000B, U+000C, U+001C–U+001E are control characters to JSON).
 */
const RAW_LINE_BREAKS = /[\u0085\u2028\u2029]/gu;

/**
 * A JSON text with the raw line breaks above written as `\uXXXX` escapes, so a JSONL record stays
 * one line to every reader, `f.read().splitlines()` included. JSON's own syntax is ASCII, so these
 * characters can only stand inside strings, where the escape reads back as the same character.
 */
export function jsonLine(json: string): string {
  return json.replace(RAW_LINE_BREAKS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

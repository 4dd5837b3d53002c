/**
 * The keyboard caret in a text, as pure functions over UTF-16 offsets: where one press of an arrow
 * key (by character, by word, to a line's edge) takes it, and how Shift extends the range it spans.
 * A character is a whole grapheme cluster (an emoji, a letter with its combining marks, `\r\n`); a
 * word is what `snapSelection` snaps to (spans.ts), so a range moved by words labels as a mouse
 * selection over the same words does.
 */
import { clusterAt, codePointAt, codePointBefore, isUnspaced } from './spans';
import { withAbbreviationStop, wordEndAfter, wordStartBefore } from './spans';
import { cliticBefore } from './tokens';

/** The caret: `head` moves, `anchor` stays where the range began (equal when nothing is spanned). */
export interface Caret {
  anchor: number;
  head: number;
}

/** What one caret key does: the unit it moves by and which way. */
export interface CaretStep {
  unit: 'character' | 'word' | 'line' | 'text';
  direction: -1 | 1;
}

/** A letter or digit: where a word may begin (hyphens and apostrophes only continue one). */
const WORD_START = /[\p{L}\p{N}_]/u;

function startsWord(character: string): boolean {
  return character.length > 0 && WORD_START.test(character);
}

/** The UTF-16 offset after the character (grapheme cluster) at `offset`; the text's length at its end. */
export function nextCharacter(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  return Math.max(offset + 1, clusterAt(text, Math.max(0, offset)).end);
}

/** The UTF-16 offset where the character (grapheme cluster) before `offset` starts; 0 at the start. */
export function previousCharacter(text: string, offset: number): number {
  if (offset <= 0) return 0;
  return Math.min(offset - 1, clusterAt(text, Math.min(offset, text.length) - 1).start);
}

let words: Intl.Segmenter | null = null;

/** The dictionary word (of a script without spaces) holding the unit at `offset`. */
function unspacedWordAt(text: string, offset: number): { start: number; end: number } {
  words ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  const from = Math.max(0, offset - 64);
  const segment = words.segment(text.slice(from, Math.min(text.length, offset + 64))).containing(offset - from);
  if (!segment) return clusterAt(text, offset);
  return { start: from + segment.index, end: from + segment.index + segment.segment.length };
}

/** The end of the word at or after `offset` (past any spaces and punctuation first); the text's length when none. */
export function nextWordEnd(text: string, offset: number): number {
  let at = Math.max(0, offset);
  while (at < text.length && !startsWord(codePointAt(text, at))) at += codePointAt(text, at).length;
  if (at >= text.length) return text.length;
  if (isUnspaced(codePointAt(text, at))) return Math.max(nextCharacter(text, at), unspacedWordAt(text, at).end);
  at = wordEndAfter(text, at);
  // A hyphen or apostrophe after a word is punctuation ("known-", "dogs'"), as snapping has it.
  while (/['’-]/u.test(text[at - 1]) && at - 1 > offset) at--;
  // An English clitic is a word of its own: "Russia", then "’s" (tokens.ts).
  const clitic = cliticBefore(text, at);
  if (clitic > offset) return clitic;
  return withAbbreviationStop(text, at); // "U.S." and "3.5" are words, as snapping has them
}

/** The start of the word at or before `offset` (past any spaces and punctuation first); 0 when none. */
export function previousWordStart(text: string, offset: number): number {
  let at = Math.min(text.length, offset);
  while (at > 0 && !startsWord(codePointBefore(text, at))) at -= codePointBefore(text, at).length;
  if (at <= 0) return 0;
  if (isUnspaced(codePointBefore(text, at)))
    return Math.min(previousCharacter(text, at), unspacedWordAt(text, at - 1).start);
  const wordEnd = at;
  at = wordStartBefore(text, at);
  while (/['’-]/u.test(text[at]) && at + 1 < offset) at++;
  // An English clitic is a word of its own: "’s", then "Russia" (tokens.ts).
  const clitic = cliticBefore(text, wordEnd);
  return clitic > at ? clitic : at;
}

/** Where the line holding `offset` starts (after the previous `\n`, `\r` or `\r\n`). */
export function lineStart(text: string, offset: number): number {
  if (offset <= 0) return 0;
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** Where the line holding `offset` ends (at its line break, or the text's end). */
export function lineEnd(text: string, offset: number): number {
  const found = [text.indexOf('\n', offset), text.indexOf('\r', offset)].filter((index) => index >= 0);
  return found.length === 0 ? text.length : Math.min(...found);
}

/** Where `step` takes a caret standing at `offset`. */
function target(text: string, offset: number, { unit, direction }: CaretStep): number {
  switch (unit) {
    case 'character':
      return direction === 1 ? nextCharacter(text, offset) : previousCharacter(text, offset);
    case 'word':
      return direction === 1 ? nextWordEnd(text, offset) : previousWordStart(text, offset);
    case 'line':
      return direction === 1 ? lineEnd(text, offset) : lineStart(text, offset);
    case 'text':
      return direction === 1 ? text.length : 0;
  }
}

/**
 * The caret after one press of `step`'s key. With `extend` (Shift) the head moves and the anchor
 * stays; without, the caret collapses where the head lands, except that a character step over a
 * range lands on the range's edge on that side, as in a text field.
 */
export function stepCaret(text: string, caret: Caret, step: CaretStep, extend: boolean): Caret {
  const anchor = clamp(caret.anchor, text.length);
  const head = clamp(caret.head, text.length);
  if (!extend && anchor !== head && step.unit === 'character') {
    const edge = step.direction === 1 ? Math.max(anchor, head) : Math.min(anchor, head);
    return { anchor: edge, head: edge };
  }
  const moved = target(text, head, step);
  return extend ? { anchor, head: moved } : { anchor: moved, head: moved };
}

/** The range a caret spans, start before end; null when it is collapsed. */
export function caretRange(caret: Caret): { start: number; end: number } | null {
  if (caret.anchor === caret.head) return null;
  return { start: Math.min(caret.anchor, caret.head), end: Math.max(caret.anchor, caret.head) };
}

function clamp(offset: number, length: number): number {
  return Math.max(0, Math.min(offset, length));
}

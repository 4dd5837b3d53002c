/**
 * Every occurrence of a phrase in a text ("label all occurrences"): exact matches, whole words,
 * with or without regard to case. Offsets in and out are Unicode code points, end exclusive.
 */
import { CodePointIndex } from './offsets';
import { startsClitic } from './tokens';

export interface OccurrenceOptions {
  /** Match letters only in the phrase's own case (default false: `fox` finds `Fox` and `FOX`). */
  caseSensitive?: boolean;
}

/** A place in a text, in code points, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** A letter, digit or combining mark: what a word is made of (as in `tokens.ts`). */
const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;
/**
 * Scripts written without spaces between words: a phrase in them is a whole word wherever it
 * stands (東京 is found in 東京都), since no character marks where a word ends.
 */
const UNSPACED_SCRIPT =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && WORD_CHARACTER.test(character);
}

/** True when `inside` (an edge of the match) and `outside` (its neighbour) would be one word run. */
function joins(inside: string | undefined, outside: string | undefined): boolean {
  if (!isWordCharacter(inside) || !isWordCharacter(outside)) return false;
  return !UNSPACED_SCRIPT.test(inside ?? '') && !UNSPACED_SCRIPT.test(outside ?? '');
}

const APOSTROPHE = /^['’]$/u;
const LETTER = /^\p{L}$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/**
 * True when a match from UTF-16 `from` to `to` would end or start inside a word that an apostrophe joins with a
 * letter on each side (d’Artagnan, rock'n'roll): one token in `tokens.ts` (the token exports' and token
 * agreement's), which a selection takes whole. A clitic is a token of its own there, so "North Korea" is an
 * occurrence in "North Korea’s", and "s" is not.
 */
function insideApostropheWord(text: string, from: number, to: number, first?: string, last?: string): boolean {
  const after = characterAt(text, to);
  if (after !== undefined && APOSTROPHE.test(after) && LETTER_OR_MARK.test(last ?? '') && !startsClitic(text, to)) {
    const next = characterAt(text, to + after.length);
    if (next !== undefined && LETTER.test(next)) return true;
  }
  const before = characterBefore(text, from);
  if (before !== undefined && APOSTROPHE.test(before) && LETTER.test(first ?? '')) {
    const previous = characterBefore(text, from - before.length);
    if (previous !== undefined && LETTER_OR_MARK.test(previous)) return true;
    // The letters of a clitic standing alone ("Germany 's"): one token with its apostrophe.
    if (startsClitic(text, from - before.length)) return true;
  }
  return false;
}

/** The code point that ends just before UTF-16 offset `position`, or undefined at the start. */
function characterBefore(text: string, position: number): string | undefined {
  if (position <= 0) return undefined;
  const low = text.charCodeAt(position - 1);
  if (low >= 0xdc00 && low <= 0xdfff && position >= 2) {
    const high = text.charCodeAt(position - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(position - 2, position);
  }
  return text[position - 1];
}

/** The code point starting at UTF-16 offset `position`, or undefined at the end. */
function characterAt(text: string, position: number): string | undefined {
  const code = text.codePointAt(position);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&');
}

/**
 * Every place `phrase` occurs in `text` as whole words: a match may not continue a word at either
 * edge (a letter, digit or combining mark on both sides of the edge), except in scripts written
 * without spaces, nor a word joined across an apostrophe (Artagnan is not found in d’Artagnan; North Korea is
 * found in North Korea’s, whose ’s is a token of its own).
 * Case-insensitive matching folds case one code point at a time (`İ` stays one character), so
 * offsets are those of `text` itself. Matches may not overlap; empty or all-space
 * phrases find nothing.
 */
export function findOccurrences(
  text: string,
  phrase: string,
  options: OccurrenceOptions = {},
  index: CodePointIndex = new CodePointIndex(text),
): TextRange[] {
  if (phrase.trim() === '') return [];
  const pattern = new RegExp(escapeRegExp(phrase), options.caseSensitive ? 'gu' : 'giu');
  const first = characterAt(phrase, 0);
  const last = characterBefore(phrase, phrase.length);
  const found: TextRange[] = [];
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const from = match.index;
    const to = from + match[0].length;
    if (
      joins(first, characterBefore(text, from)) ||
      joins(last, characterAt(text, to)) ||
      insideApostropheWord(text, from, to, first, last)
    ) {
      // Not a whole word here; a match starting one character later may be.
      pattern.lastIndex = from + (characterAt(text, from)?.length ?? 1);
      continue;
    }
    found.push({ start: index.toCodePoint(from), end: index.toCodePoint(to) });
  }
  return found;
}

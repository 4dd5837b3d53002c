/**
 * Where a search query occurs in a text, as the document search finds it: case and accents
 * ignored (`searchable.ts`) (Zürich finds zurich, ZURICH and Zu\u0308rich), typeset apostrophes and quotation
 * marks as typed, a run of white space as one space. Offsets in and out are UTF-16
 * units of the original text, so the hits can be marked in it; a hit never cuts a character.
 */

import { ACCENTS, FOLDS_AS_TYPED, foldPunctuation, keptPair, keptWhole } from './searchable';

/** A hit: UTF-16 range of the original text, end exclusive. */
export interface SearchHit {
  start: number;
  end: number;
}

/**
 * One code point folded for search: decomposed, accents dropped, lower case ('' for an accent alone), an
 * apostrophe or quotation mark as typed, white space as a space (`searchable.ts`).
 */
export function foldCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (character.length === 1 && code < 0x80)
    return code >= 65 && code <= 90
      ? String.fromCharCode(code + 32)
      : code < 32
        ? foldPunctuation(character)
        : character;
  if (keptWhole(character)) return character.toLocaleLowerCase();
  const folded = character.normalize('NFD').replace(ACCENTS, '').toLocaleLowerCase();
  // One test, not foldPunctuation's three replacements, for each character of the open text.
  return FOLDS_AS_TYPED.test(folded) ? foldPunctuation(folded) : folded;
}

/** `text` folded, with the original UTF-16 range of each folded unit's code point. */
interface Folded {
  text: string;
  folded: string;
  starts: Int32Array;
  ends: Int32Array;
}

let last: Folded | null = null;

function fold(text: string): Folded {
  if (last?.text === text) return last;
  const pieces: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let afterSpace = false;
  for (let offset = 0; offset < text.length;) {
    const code = text.codePointAt(offset) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const character = text.slice(offset, offset + width);
    // White space after white space folds to nothing: a run of it is one space, as in the query.
    const folded = foldCharacter(character);
    const piece: string = folded === ' ' && afterSpace ? '' : folded;
    if (piece !== '') afterSpace = piece === ' ';
    // A kept letter written as base and mark (и + ◌̆): the base's folded unit becomes the letter.
    const pair = piece === '' && offset > 0 ? keptPair(text[offset - 1], character) : null;
    if (pair !== null && pieces[pieces.length - 1]?.length === 1) pieces[pieces.length - 1] = pair.toLocaleLowerCase();
    pieces.push(piece);
    for (let unit = 0; unit < piece.length; unit++) {
      starts.push(offset);
      ends.push(offset + width);
    }
    offset += width;
  }
  last = { text, folded: pieces.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
  return last;
}

/** True when the code point at `offset` folds to nothing (a combining mark). */
function foldsAway(text: string, offset: number): boolean {
  const code = text.codePointAt(offset);
  return code !== undefined && code >= 0x80 && foldCharacter(String.fromCodePoint(code)) === '';
}

/** How many hits {@link searchHits} finds at most, unless told. */
export const SEARCH_HIT_LIMIT = 1000;

/**
 * Every place `query` (trimmed) occurs in `text`, in reading order, at most `limit` of them; none for
 * an empty query. A hit takes in the marks that follow its last letter (é written as e + ◌́).
 */
export function searchHits(text: string, query: string, limit = SEARCH_HIT_LIMIT): SearchHit[] {
  const needle = [...foldPunctuation(query.trim().normalize('NFC'))].map(foldCharacter).join('');
  if (needle === '') return [];
  const { folded, starts, ends } = fold(text);
  const hits: SearchHit[] = [];
  for (
    let at = folded.indexOf(needle);
    at >= 0 && hits.length < limit;
    at = folded.indexOf(needle, at + needle.length)
  ) {
    const start = starts[at];
    let end = ends[at + needle.length - 1];
    while (end < text.length && foldsAway(text, end)) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    // A hit starting inside a character's folded letters (한 decomposes into three) took the whole
    // character: one overlapping the hit before it is left out.
    if (hits.length === 0 || hits[hits.length - 1].end <= start) hits.push({ start, end });
  }
  return hits;
}

/**
 * The marks search ignores: the accents of Latin, Greek and Cyrillic letters (the combining
 * diacritical blocks), Hebrew points and Arabic vowel signs, which writers often leave out. Not the
 * vowel signs of Thai or the Indic scripts, nor the voicing marks of kana: those make another word
 * (ปฏิเสธ is not ปฏเสธ, プーチン is not フーチン).
 */
// Ranges of combining marks by code point, on purpose: no character in them stands for a base letter.
/* eslint-disable no-misleading-character-class */
export const ACCENTS =
  /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u065f\u0670]+/gu;
/* eslint-enable no-misleading-character-class */

/**
 * Cyrillic letters written with a mark that are letters of their own, kept whole: й is not и (мой
 * "my" and мои "mine, plural" are two words), nor ў у, ї і, ѓ г, ќ к. Not ё, which Russian is commonly
 * written without (ёлка, елка), nor ѐ and ѝ, whose grave only marks stress: those fold as accents.
 */
const KEPT_LETTERS = new Set(
  Array.from({ length: 0x100 }, (_, index) => String.fromCharCode(0x400 + index)).filter(
    (letter) => letter.normalize('NFD') !== letter && !'ЁёЀѐЍѝ'.includes(letter),
  ),
);
const KEPT_SPLIT = new RegExp(`([${[...KEPT_LETTERS].join('')}])`, 'u');

/** True for a letter search keeps whole, mark and all (see {@link KEPT_LETTERS}). */
export function keptWhole(letter: string): boolean {
  return KEPT_LETTERS.has(letter);
}

/** The kept letter a base letter and a combining mark written apart make (и + ◌̆ → й), or null. */
export function keptPair(base: string, mark: string): string | null {
  const letter = (base + mark).normalize('NFC');
  return KEPT_LETTERS.has(letter) ? letter : null;
}

/**
 * The apostrophes and quotation marks of typeset text, folded to the ones a keyboard types: Korea’s is found by
 * korea's, “talks” by "talks". Not guillemets, nor the prime of a measure written as a letter.
 */
const APOSTROPHE_CHARACTERS = '\u2018\u2019\u201a\u201b\u02bc\uff07';
const QUOTATION_CHARACTERS = '\u201c\u201d\u201e\u201f\uff02';
const APOSTROPHES = new RegExp(`[${APOSTROPHE_CHARACTERS}]`, 'gu');
const QUOTATION_MARKS = new RegExp(`[${QUOTATION_CHARACTERS}]`, 'gu');
/** A character {@link foldPunctuation} changes: white space, a typeset apostrophe or quotation mark. */
export const FOLDS_AS_TYPED = new RegExp(`[\\s${APOSTROPHE_CHARACTERS}${QUOTATION_CHARACTERS}]`, 'u');

/** Apostrophes and quotation marks as typed (see {@link APOSTROPHES}), and each run of white space as one space. */
export const foldPunctuation = (text: string): string =>
  text.replace(APOSTROPHES, "'").replace(QUOTATION_MARKS, '"').replace(/\s+/gu, ' ');

const foldRun = (text: string): string => text.normalize('NFD').replace(ACCENTS, '').toLocaleLowerCase();

/**
 * `text` folded for search: lower case, accents dropped (Zürich → zurich; see {@link ACCENTS}), apostrophes and
 * quotation marks as typed, white space runs as one space (see {@link foldPunctuation}).
 */
export function searchable(text: string): string {
  const composed = foldPunctuation(text.normalize('NFC'));
  if (!KEPT_SPLIT.test(composed)) return foldRun(composed);
  return composed
    .split(KEPT_SPLIT)
    .map((piece, index) => (index % 2 === 1 ? piece.toLocaleLowerCase() : foldRun(piece)))
    .join('');
}

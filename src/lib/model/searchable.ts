/**
 * The marks search ignores: the accents of Latin, Greek and Cyrillic letters (the combining
 * diacritical blocks), Hebrew points and Arabic vowel signs, which writers often leave out. Not the
 * vowel signs of Thai or the Indic scripts, nor the voicing marks of kana: those make another word
 * (ปฏิเสธ is not ปฏเสธ, プーチン is not フーチン).
 */
// Ranges of combining marks by code point, on purpose: no character in them stands for a base letter. As in
// most accent-folding search, Cyrillic й and ё fold to и and е (their marks are in the first block).
/* eslint-disable no-misleading-character-class */
export const ACCENTS =
  /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u065f\u0670]+/gu;
/* eslint-enable no-misleading-character-class */

/** `text` folded for search: lower case, accents dropped (Zürich → zurich; see {@link ACCENTS}). */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(ACCENTS, '').toLocaleLowerCase();
}

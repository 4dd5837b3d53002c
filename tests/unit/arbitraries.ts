import fc from 'fast-check';

/** Pieces of text that break naive offset code: astral, ZWJ sequences, flags, combining marks, CJK, line breaks. */
export const TRICKY_PIECES = [
  'a',
  'b',
  ' ',
  'Kim',
  'é',
  'e\u0301',
  '🙂',
  '👩‍👩‍👧',
  '🇺🇦',
  '🇰🇵',
  '北朝鮮',
  '한국',
  '\r\n',
  '\n',
  '\r',
  '\n\n',
  '\t',
  '\u200d',
  '\ufe0f',
  '𝔘',
  'ß',
  '—',
  '“',
  '”',
];

/** Arbitrary Unicode text mixing tricky pieces with fully random code points. */
export const trickyText = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY_PIECES), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 40 })
  .map((pieces) => pieces.join(''));

/** Cuts between user-perceived characters: an emoji, a flag or a letter with its marks is never split. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A span's text (or a title) as a message quotes it: up to 40 characters (graphemes), else the first
 * 39 and an ellipsis. A cut inside a surrogate pair would show a broken character (U+FFFD).
 */
export function truncate(text: string): string {
  // UTF-16 length is never less than the number of graphemes: a short text needs no segmenting.
  if (text.length <= 40) return text;
  // The first 41 graphemes at most: a long span's text is not segmented whole.
  const parts: string[] = [];
  for (const { segment } of graphemes.segment(text)) if (parts.push(segment) > 40) break;
  return parts.length <= 40 ? text : `${parts.slice(0, 39).join('')}…`;
}

/** Cuts between user-perceived characters: an emoji, a flag or a letter with its marks is never split. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` up to `max` characters (graphemes), else its first `max - 1` and an ellipsis. A cut by
 * UTF-16 units could end inside a surrogate pair (a broken character, U+FFFD) or halve a flag.
 */
export function cutGraphemes(text: string, max: number): string {
  // UTF-16 length is never less than the number of graphemes: a short text needs no segmenting.
  if (text.length <= max) return text;
  // The first max + 1 graphemes at most: a long span's text is not segmented whole.
  const parts: string[] = [];
  for (const { segment } of graphemes.segment(text)) if (parts.push(segment) > max) break;
  return parts.length <= max ? text : `${parts.slice(0, max - 1).join('')}…`;
}

/**
 * `text` in quotation marks for a message: “…”, or ‘…’ when it holds double quotation marks of its
 * own (a quote within a quote), so a span starting at an opening quote does not read ““We have…”.
 */
export const inQuotes = (text: string): string => (/[“”]/u.test(text) ? `‘${text}’` : `“${text}”`);

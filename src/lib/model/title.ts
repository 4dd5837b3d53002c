/**
 * A document's title: its first line, unless that is scraper noise or a lone name over a headline.
 *
 * Scraped news often opens with navigation noise (`close`, `Advertisement`), which is skipped, and
 * often puts a section or source name (`North Korea`, `Fox News`) over the headline. So a short
 * first line (under four words) gives way to the line right after it when that line reads as a
 * headline: four words or more, short enough to be a title, not ending as a statement does (a
 * question or an exclamation may be a headline). Otherwise
 * the first line is the title whatever its word count (`Chapter 1` over its prose, `Kim meets
 * Putin`). In scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) every two
 * characters count as a word. A first line too long to be a title (a text that opens with its body) is cut at a word
 * boundary with `…`. Falls back to `fallback` for a text with no line to take.
 */
const NOISE = new Set(['close', 'advertisement', 'skip to content', 'menu', 'share', 'home']);
/** The longest line taken whole as a title, in UTF-16 units. */
export const MAX_TITLE_LENGTH = 120;
const MIN_HEADLINE_WORDS = 4;
/** How a sentence of body text ends (a headline rarely does). */
const SENTENCE_END = /[.。:;…]["'”’»)]*$/u;

export function titleFromText(text: string, fallback: string): string {
  // Look at the first 40 lines only: a title is at the top, and documents can be huge.
  const lines = text
    .slice(0, 20_000)
    .split(/\r\n|\r|\n/u)
    .slice(0, 40)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !NOISE.has(line.toLowerCase()));
  const [first, next] = lines;
  if (first === undefined) return clip(fallback);
  const headline = (line: string | undefined): line is string =>
    line !== undefined &&
    wordCount(line) >= MIN_HEADLINE_WORDS &&
    line.length <= MAX_TITLE_LENGTH &&
    !SENTENCE_END.test(line);
  return clip(wordCount(first) < MIN_HEADLINE_WORDS && headline(next) ? next : first);
}

/** Characters of the scripts written without spaces between words. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/gu;

/** The words of `line`: its space-separated parts, with two unspaced-script characters as a word. */
function wordCount(line: string): number {
  const unspaced = line.match(UNSPACED)?.length ?? 0;
  const spaced = line.replace(UNSPACED, ' ').trim();
  return (spaced === '' ? 0 : spaced.split(/\s+/u).length) + unspaced / 2;
}

/** `title` cut to {@link MAX_TITLE_LENGTH} with `…`, at its last space when that keeps most of it, never in a surrogate pair. */
function clip(title: string): string {
  if (title.length <= MAX_TITLE_LENGTH) return title;
  let cut = title.slice(0, MAX_TITLE_LENGTH - 1);
  if (/[\uD800-\uDBFF]$/u.test(cut)) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/u);
  return `${(space >= MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

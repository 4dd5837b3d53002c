/**
 * A document's title: its first line, unless that is scraper noise.
 *
 * Scraped news often opens with navigation noise (`close`, `Advertisement`), which is skipped. The
 * first line after it is the title whatever its word count (`Fox News`, `Chapter 1`, a section name):
 * a short line at the top of a text is far more often its title than not. A first line too long to
 * be one (a text that opens with its body) is cut at a word boundary with `…`. Falls back to
 * `fallback` for a text with no line to take.
 */
const NOISE = new Set(['close', 'advertisement', 'skip to content', 'menu', 'share', 'home']);
/** The longest line taken whole as a title, in UTF-16 units. */
export const MAX_TITLE_LENGTH = 120;

export function titleFromText(text: string, fallback: string): string {
  // Look at the first 40 lines only: a title is at the top, and documents can be huge.
  const lines = text
    .slice(0, 20_000)
    .split(/\r\n|\r|\n/u)
    .slice(0, 40);
  const first = lines.map((line) => line.trim()).find((line) => line.length > 0 && !NOISE.has(line.toLowerCase()));
  return clip(first ?? fallback);
}

/** `title` cut to {@link MAX_TITLE_LENGTH} with `…`, at its last space when that keeps most of it, never in a surrogate pair. */
function clip(title: string): string {
  if (title.length <= MAX_TITLE_LENGTH) return title;
  let cut = title.slice(0, MAX_TITLE_LENGTH - 1);
  if (/[\uD800-\uDBFF]$/u.test(cut)) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/u);
  return `${(space >= MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A document's title: its first line that reads like a headline.
 *
 * Scraped news often opens with navigation noise (`close`, `Advertisement`) or a lone section
 * name (`North Korea`); a headline has several words. In scripts written without spaces (Han,
 * Hiragana, Katakana) every two characters count as a word. Falls back to the first non-empty line,
 * then to `fallback`.
 */
const NOISE = new Set(['close', 'advertisement', 'skip to content', 'menu', 'share', 'home']);
const MIN_HEADLINE_WORDS = 4;
const MAX_TITLE_LENGTH = 200;

export function titleFromText(text: string, fallback: string): string {
  let firstNonEmpty: string | null = null;
  // Look at the first 40 lines only: a title is at the top, and documents can be huge.
  const lines = text
    .slice(0, 20_000)
    .split(/\r\n|\r|\n/u)
    .slice(0, 40);
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0 || NOISE.has(line.toLowerCase())) continue;
    firstNonEmpty ??= line;
    if (wordCount(line) >= MIN_HEADLINE_WORDS) return clip(line);
  }
  return clip(firstNonEmpty ?? fallback);
}

/** Characters of the scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;

/** The words of `line`: its space-separated parts, with two unspaced-script characters as a word. */
function wordCount(line: string): number {
  const unspaced = line.match(UNSPACED)?.length ?? 0;
  const spaced = line.replace(UNSPACED, ' ').trim();
  return (spaced === '' ? 0 : spaced.split(/\s+/u).length) + unspaced / 2;
}

function clip(title: string): string {
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

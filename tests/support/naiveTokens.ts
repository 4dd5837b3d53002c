/**
 * A naive reference of token agreement's categories, for the tests of agreement.ts and reliability.ts: code point
 * arrays and a per-token scan of every span, written apart from src/lib/model (tokens.ts, coveringSweep.ts).
 */
import { OUTSIDE, type LayerSpan } from '../../src/lib/model/agreement';

// ---------------------------------------------------------------------------------------------
// A naive reference: code point arrays, a per-token scan of every span, the textbook formulas.
// ---------------------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex -- U+001C–U+001F and U+0085 are white space to Python
const isSpace = (character: string): boolean => /^[\s\u001c-\u001f\u0085]$/u.test(character);
const isIdeograph = (character: string): boolean =>
  /^[\p{L}\p{N}]$/u.test(character) &&
  /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u.test(character);
const isWordCharacter = (character: string): boolean =>
  /^[\p{L}\p{N}\p{M}]$/u.test(character) && !isIdeograph(character);
const isLetter = (character: string): boolean => /^\p{L}$/u.test(character);
const isMark = (character: string): boolean => /^\p{M}$/u.test(character);
const isApostrophe = (character: string): boolean => character === "'" || character === '’';
/** The clitics split off a word after its apostrophe, matched on the code points from `at`: their length, or 0. */
const cliticAt = (points: string[], at: number): number => {
  for (const clitic of ['s', 're', 've', 'll', 'd', 'm']) {
    const letters = points.slice(at, at + clitic.length);
    const next = points[at + clitic.length];
    if (letters.join('').toLowerCase() === clitic && (next === undefined || !/^[\p{L}\p{N}\p{M}]$/u.test(next)))
      return clitic.length;
  }
  return 0;
};
/** Not a word character, yet part of the grapheme cluster before it: joiners, skin tones, tag characters. */
const isWordExtender = (character: string): boolean =>
  !/^[\p{L}\p{N}\p{M}]$/u.test(character) && /^[\p{Grapheme_Extend}\p{Emoji_Modifier}\u200D]$/u.test(character);
/** Where a cluster token is cut: white space, or a letter or digit that is not an ideograph. */
const cutsCluster = (character: string): boolean =>
  isSpace(character) || (/^[\p{L}\p{N}]$/u.test(character) && !isIdeograph(character));
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** The extended grapheme cluster `text` starts with. */
export const firstGrapheme = (text: string): string =>
  graphemes.segment(text)[Symbol.iterator]().next().value?.segment ?? '';

/** The tokenizer's definition, one code point at a time. */
export function naiveTokenize(text: string): { start: number; end: number }[] {
  const points = Array.from(text);
  // Where each code point starts in UTF-16.
  const units = points.map(
    (
      (sum) => (point: string) =>
        (sum += point.length) - point.length
    )(0),
  );
  const tokens: { start: number; end: number }[] = [];
  let position = 0;
  while (position < points.length) {
    if (isSpace(points[position])) {
      position++;
    } else if (
      isApostrophe(points[position]) &&
      cliticAt(points, position + 1) > 0 &&
      ((position > 0 && isWordCharacter(points[position - 1])) ||
        ((position === 0 || isSpace(points[position - 1])) &&
          (position + 1 + cliticAt(points, position + 1) === points.length ||
            isSpace(points[position + 1 + cliticAt(points, position + 1)]))))
    ) {
      // A clitic after a word ("’s" of "Korea’s"), with the joiners after it.
      let end = position + 1 + cliticAt(points, position + 1);
      while (end < points.length && isWordExtender(points[end])) end++;
      tokens.push({ start: position, end });
      position = end;
    } else if (!isWordCharacter(points[position])) {
      // An ideograph or another character: the grapheme cluster that starts here, cut before white space or a letter or digit.
      const cluster = Array.from(firstGrapheme(text.slice(units[position])));
      let end = position + 1;
      while (end < position + cluster.length && !cutsCluster(points[end])) end++;
      tokens.push({ start: position, end });
      position = end;
    } else {
      let end = position;
      for (;;) {
        while (end < points.length && isWordCharacter(points[end])) end++;
        // Joins across an apostrophe with a letter (and maybe marks) before it and a letter after, not a clitic.
        let before = end - 1;
        while (before >= position && isMark(points[before])) before--;
        const letterBefore = before >= position && isLetter(points[before]);
        if (
          end + 1 < points.length &&
          isApostrophe(points[end]) &&
          letterBefore &&
          isLetter(points[end + 1]) &&
          !isIdeograph(points[end + 1]) &&
          cliticAt(points, end + 1) === 0
        ) {
          end++;
          continue;
        }
        break;
      }
      while (end < points.length && isWordExtender(points[end])) end++;
      tokens.push({ start: position, end });
      position = end;
    }
  }
  return tokens;
}

/** The category of a token by scanning every span of the layer. */
export function naiveInnermost(token: { start: number; end: number }, spans: readonly LayerSpan[]): LayerSpan | null {
  let best: LayerSpan | null = null;
  for (const span of spans) {
    if (!(span.start < token.end && span.end > token.start && span.start < span.end)) continue;
    // The innermost: the latest start, then the earliest end, then the greater label.
    if (
      best === null ||
      span.start > best.start ||
      (span.start === best.start && (span.end < best.end || (span.end === best.end && span.label > best.label)))
    ) {
      best = span;
    }
  }
  return best;
}

/**
 * The labels a layer gives a token: the innermost's, and those of the spans on exactly its stretch. Two layers agree on
 * a token where these share a label: the other's own first, else the first shared by name.
 */
export function naiveLabels(token: { start: number; end: number }, spans: readonly LayerSpan[]): string[] {
  const best = naiveInnermost(token, spans);
  if (best === null) return [OUTSIDE];
  const same = spans.filter((span) => span.start === best.start && span.end === best.end && span.label !== best.label);
  return [best.label, ...new Set(same.map((span) => span.label))];
}

export function naiveFair(a: string[], b: string[]): [string, string] {
  if (a[0] === b[0]) return [a[0], b[0]];
  if (a.includes(b[0])) return [b[0], b[0]];
  if (b.includes(a[0])) return [a[0], a[0]];
  const shared = a.filter((label) => b.includes(label)).sort();
  return shared.length > 0 ? [shared[0], shared[0]] : [a[0], b[0]];
}

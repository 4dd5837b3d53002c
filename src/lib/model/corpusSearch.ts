/**
 * A search run over every text of the corpus (in a Worker in the app): the matches of a patterns
 * file, or the occurrences of one span's text ("label all occurrences" across the corpus). Plain
 * data, so it crosses to a Worker; `searcherOf` makes it ready to run over one text after another.
 */
import { findOccurrences } from './occurrences';
import { CodePointIndex, sliceCodePoints } from './offsets';
import { PatternMatcher, type MatchPattern, type PatternMatch } from './patternMatcher';

export type CorpusSearch =
  | { kind: 'patterns'; patterns: MatchPattern[] }
  /** Every whole-word occurrence of `phrase`, proposed with `label` and `source`. */
  | { kind: 'occurrences'; phrase: string; caseSensitive: boolean; label: string; source: string };

/** The search made ready (patterns compiled once): a text in, its matches out, in code points. */
export function searcherOf(search: CorpusSearch): (text: string) => PatternMatch[] {
  if (search.kind === 'patterns') {
    const matcher = new PatternMatcher(search.patterns);
    return (text) => matcher.match(text);
  }
  const { phrase, caseSensitive, label, source } = search;
  return (text) => {
    const index = new CodePointIndex(text);
    return findOccurrences(text, phrase, { caseSensitive }, index).map(({ start, end }) => ({
      start,
      end,
      label,
      source,
      text: sliceCodePoints(text, start, end, index),
    }));
  };
}

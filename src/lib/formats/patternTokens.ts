/**
 * A token pattern's text on Spanwright's tokens. spaCy's tokenizer keeps `U.S.` and `$1.5bn` whole
 * (its exceptions); Spanwright's splits them at the dots, as token agreement and its CoNLL and
 * Hugging Face exports do. So `{"LOWER": "u.s."}`, one token for spaCy, would match nothing here
 * without a word (helper-179: four tokens, no "0 matches" line): such a step, a plain text taken
 * once, becomes one step per token, and the results say so; a text that is several tokens where it
 * can not be split (in a list, beside other tests, under an OP) is named as one that never matches.
 */
import { sliceCodePoints } from '../model/offsets';
import type { MatchPattern, TokenStep, TokenTest } from '../model/patternMatcher';
import { tokenize } from '../model/tokens';

/** A pattern's token texts that are several tokens here: split into steps, or never matching. */
export interface PatternTokenNotes {
  split?: string[];
  unmatchable?: string[];
}

const tokensOf = (value: string) => tokenize(value).map(({ start, end }) => sliceCodePoints(value, start, end));

/** `steps` on Spanwright's tokens, and what of them is several tokens here (see the module's comment). */
export function onSpanwrightTokens(steps: readonly TokenStep[]): { steps: TokenStep[] } & PatternTokenNotes {
  const out: TokenStep[] = [];
  const split: string[] = [];
  const unmatchable: string[] = [];
  for (const step of steps) {
    const [test] = step.tests;
    const parts = step.tests.length === 1 && 'equals' in test ? tokensOf(test.equals) : [];
    if (parts.length > 1 && step.min === 1 && step.max === 1 && !step.negated && 'equals' in test) {
      out.push(...parts.map((equals): TokenStep => ({ ...step, tests: [{ form: test.form, equals }] })));
      split.push(`${JSON.stringify(test.equals)} (${parts.join(' ')})`);
      continue;
    }
    const texts = (one: TokenTest) =>
      'equals' in one ? [one.equals] : 'among' in one && !one.negated ? one.among : [];
    for (const text of step.tests.flatMap(texts)) {
      const tokens = tokensOf(text);
      if (tokens.length > 1) unmatchable.push(`${JSON.stringify(text)} (${tokens.join(' ')})`);
    }
    out.push(step);
  }
  return { steps: out, ...(split.length > 0 ? { split } : {}), ...(unmatchable.length > 0 ? { unmatchable } : {}) };
}

/** What the results say of the patterns' texts that are several tokens here, each with its line; none when none. */
export function patternTokenNotes(patterns: readonly (MatchPattern & PatternTokenNotes)[]): string[] {
  const listed = (key: 'split' | 'unmatchable') =>
    patterns.flatMap((pattern) => (pattern[key] ?? []).map((text) => `${text} on line ${pattern.line}`));
  const split = listed('split');
  const never = listed('unmatchable');
  const some = (list: string[]) =>
    `${list.slice(0, 3).join(', ')}${list.length > 3 ? `, and ${list.length - 3} more` : ''}`;
  return [
    split.length === 0
      ? ''
      : `${split.length === 1 ? 'A token text is' : `${split.length} token texts are`} several tokens here, as Spanwright’s exports write them, so each matches as those tokens in a row: ${some(split)}.`,
    never.length === 0
      ? ''
      : `${never.length === 1 ? 'A token text is' : `${never.length} token texts are`} several tokens here, where one token can never equal it (in a list, beside other tests, or under an OP): ${some(never)}. Write each part as a token of its own, or the text as a phrase pattern.`,
  ].filter((note) => note !== '');
}

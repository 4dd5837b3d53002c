/**
 * Match patterns (spaCy's Matcher and PhraseMatcher, as an EntityRuler or Prodigy patterns file
 * holds them) run over a text's word tokens: the tokens of `tokens.ts`, so a match starts and ends
 * where token agreement and the token exports put token boundaries. Offsets out are code points.
 *
 * A phrase pattern matches the phrase's tokens verbatim (PhraseMatcher's default attribute ORTH),
 * or in lower case when asked. A token pattern is a list of steps, each testing one token's
 * verbatim text, lower-case form, regular expression, length or character class, repeated as its
 * operator says (`?` `*` `+` `!` `{n}` `{n,m}` `{n,}` `{,m}`). A match never crosses a line break
 * (spaCy makes a line break a token of its own, which no text test matches).
 *
 * Of the matches of one label, the leftmost is kept, the longest where several start together, and
 * those overlapping a kept one are dropped (the EntityRuler's rule); different labels may overlap.
 *
 * @see https://spacy.io/api/matcher#patterns
 * @see https://spacy.io/usage/rule-based-matching#entityruler
 */
import { CodePointIndex } from './offsets';
import { nextTokenEnd, skipSpaces } from './tokens';

/** The forms of a token a text test reads: the verbatim text (ORTH, TEXT) or its lower case (LOWER). */
export type TokenForm = 'ORTH' | 'LOWER';

/** Character classes a token can be tested for, as spaCy names them. */
export const TOKEN_FLAGS = ['IS_DIGIT', 'IS_ALPHA', 'IS_ASCII', 'IS_LOWER', 'IS_UPPER', 'IS_PUNCT'] as const;
export type TokenFlag = (typeof TOKEN_FLAGS)[number];

export const LENGTH_COMPARISONS = ['==', '!=', '>=', '<=', '>', '<'] as const;
export type LengthComparison = (typeof LENGTH_COMPARISONS)[number];

/** One test of one token; a step's tests must all pass. Plain data, so it crosses to a Worker. */
export type TokenTest =
  | { form: TokenForm; equals: string }
  | { form: TokenForm; among: string[]; negated: boolean }
  /** A JavaScript regular expression searched in the form (anywhere, as Python's `re.search`). */
  | { form: TokenForm; regex: string; ignoreCase: boolean }
  | { flag: TokenFlag; value: boolean }
  /** The token's length in code points compared with `value`. */
  | { length: LengthComparison; value: number };

/** One dictionary of a token pattern: its tests, and how many tokens in a row it takes. */
export interface TokenStep {
  tests: TokenTest[];
  min: number;
  /** Infinity for `*`, `+` and `{n,}`. */
  max: number;
  /** `!`: exactly one token that fails the tests. */
  negated: boolean;
}

/** One pattern of a patterns file: a phrase or a list of token steps, and the label it proposes. */
export type MatchPattern = {
  label: string;
  /** What proposed it, as a suggestion's source: `pattern:<file name or pattern id>`. */
  source: string;
  /** The line of the file it came from (1-based). */
  line: number;
} & ({ phrase: string; ignoreCase: boolean } | { steps: TokenStep[] });

/** A match, in code points, end exclusive. */
export interface PatternMatch {
  start: number;
  end: number;
  label: string;
  text: string;
  source: string;
}

/** The tokens of one text, with what the tests read of them, computed when first asked. */
class TokenTable {
  readonly from: number[] = [];
  readonly to: number[] = [];
  /** True where a line break lies between this token and the one before it. */
  readonly breakBefore: boolean[] = [];
  readonly #texts: string[] = [];
  #lower: (string | undefined)[] = [];

  constructor(readonly text: string) {
    let previousEnd = 0;
    for (let end = nextTokenEnd(text, 0); end >= 0; previousEnd = end, end = nextTokenEnd(text, end)) {
      const start = skipSpaces(text, previousEnd);
      this.from.push(start);
      this.to.push(end);
      this.breakBefore.push(LINE_BREAK.test(text.slice(previousEnd, start)));
      this.#texts.push(text.slice(start, end));
    }
  }

  get length(): number {
    return this.from.length;
  }

  orth(index: number): string {
    return this.#texts[index];
  }

  lower(index: number): string {
    return (this.#lower[index] ??= this.#texts[index].toLowerCase());
  }

  form(index: number, form: TokenForm): string {
    return form === 'ORTH' ? this.#texts[index] : this.lower(index);
  }
}

const LINE_BREAK = /[\n\r\u2028\u2029\u0085\v\f]/u;

const FLAG_TESTS: Record<TokenFlag, (text: string) => boolean> = {
  IS_DIGIT: (text) => /^\p{Nd}+$/u.test(text),
  IS_ALPHA: (text) => /^\p{L}+$/u.test(text),
  // eslint-disable-next-line no-control-regex -- ASCII is exactly U+0000–U+007F
  IS_ASCII: (text) => /^[\u0000-\u007f]*$/u.test(text),
  IS_LOWER: (text) => text === text.toLowerCase() && text !== text.toUpperCase(),
  IS_UPPER: (text) => text === text.toUpperCase() && text !== text.toLowerCase(),
  IS_PUNCT: (text) => /^\p{P}+$/u.test(text),
};

function compareLength(length: number, comparison: LengthComparison, value: number): boolean {
  switch (comparison) {
    case '==':
      return length === value;
    case '!=':
      return length !== value;
    case '>=':
      return length >= value;
    case '<=':
      return length <= value;
    case '>':
      return length > value;
    case '<':
      return length < value;
  }
}

/** A test made ready to run: regular expressions compiled, lists made sets. */
type TokenPredicate = (tokens: TokenTable, index: number) => boolean;

function compileTest(test: TokenTest): TokenPredicate {
  if ('flag' in test) {
    const check = FLAG_TESTS[test.flag];
    return (tokens, index) => check(tokens.orth(index)) === test.value;
  }
  if ('length' in test)
    return (tokens, index) => compareLength([...tokens.orth(index)].length, test.length, test.value);
  const form = test.form;
  if ('equals' in test) return (tokens, index) => tokens.form(index, form) === test.equals;
  if ('among' in test) {
    const values = new Set(test.among);
    return (tokens, index) => values.has(tokens.form(index, form)) !== test.negated;
  }
  const expression = new RegExp(test.regex, test.ignoreCase ? 'iu' : 'u');
  return (tokens, index) => expression.test(tokens.form(index, form));
}

interface CompiledStep {
  test: TokenPredicate;
  min: number;
  max: number;
  negated: boolean;
}

function compileStep(step: TokenStep): CompiledStep {
  const tests = step.tests.map(compileTest);
  return {
    test: (tokens, index) => tests.every((test) => test(tokens, index)),
    min: step.min,
    max: step.max,
    negated: step.negated,
  };
}

interface CompiledPattern {
  label: string;
  source: string;
  steps: CompiledStep[];
}

/**
 * The longest run of tokens from `start` that `steps` accept, as the index after its last token;
 * -1 when none (an empty match is none). The steps are run as an automaton over sets of positions,
 * so `*` next to `*` costs no backtracking.
 */
function longestMatch(steps: readonly CompiledStep[], tokens: TokenTable, start: number): number {
  const count = tokens.length;
  // A token may join the match when it is the first, or no line break comes before it.
  const joins = (index: number) => index < count && (index === start || !tokens.breakBefore[index]);
  let positions = [start];
  for (const step of steps) {
    const next = new Set<number>();
    for (const position of positions) {
      if (step.negated) {
        if (joins(position) && !step.test(tokens, position)) next.add(position + 1);
        continue;
      }
      if (step.min === 0) next.add(position);
      let taken = 0;
      let at = position;
      while (taken < step.max && joins(at) && step.test(tokens, at)) {
        at++;
        taken++;
        if (taken >= step.min) next.add(at);
      }
    }
    if (next.size === 0) return -1;
    positions = [...next];
  }
  const end = Math.max(...positions);
  return end > start ? end : -1;
}

/** The tokens of a phrase, as verbatim (or lower-case) steps of one token each. */
function phraseSteps(phrase: string, ignoreCase: boolean): CompiledStep[] {
  const table = new TokenTable(phrase);
  const steps: CompiledStep[] = [];
  for (let index = 0; index < table.length; index++) {
    const value = ignoreCase ? table.lower(index) : table.orth(index);
    const form: TokenForm = ignoreCase ? 'LOWER' : 'ORTH';
    steps.push({ test: (tokens, at) => tokens.form(at, form) === value, min: 1, max: 1, negated: false });
  }
  return steps;
}

/** How a pattern's first token can be looked up: the verbatim or lower-case text it must equal. */
function firstKey(pattern: MatchPattern): { form: TokenForm; value: string } | null {
  if ('phrase' in pattern) {
    const table = new TokenTable(pattern.phrase);
    if (table.length === 0) return null;
    return pattern.ignoreCase ? { form: 'LOWER', value: table.lower(0) } : { form: 'ORTH', value: table.orth(0) };
  }
  const first = pattern.steps[0];
  if (!first || first.min < 1 || first.negated) return null;
  for (const test of first.tests) if ('equals' in test) return { form: test.form, value: test.equals };
  return null;
}

/**
 * A set of patterns, compiled once, matched against any number of texts. Patterns whose first
 * token is a fixed text (every phrase, most token patterns) are tried only where that text is.
 */
export class PatternMatcher {
  readonly #byOrth = new Map<string, CompiledPattern[]>();
  readonly #byLower = new Map<string, CompiledPattern[]>();
  readonly #anywhere: CompiledPattern[] = [];

  constructor(patterns: readonly MatchPattern[]) {
    for (const pattern of patterns) {
      const steps =
        'phrase' in pattern ? phraseSteps(pattern.phrase, pattern.ignoreCase) : pattern.steps.map(compileStep);
      if (steps.length === 0) continue;
      const compiled = { label: pattern.label, source: pattern.source, steps };
      const key = firstKey(pattern);
      if (key === null) this.#anywhere.push(compiled);
      else {
        const map = key.form === 'ORTH' ? this.#byOrth : this.#byLower;
        map.set(key.value, [...(map.get(key.value) ?? []), compiled]);
      }
    }
  }

  /** Every match in `text`: per label, leftmost-longest and not overlapping; in reading order. */
  match(text: string, index: CodePointIndex = new CodePointIndex(text)): PatternMatch[] {
    const tokens = new TokenTable(text);
    const candidates: { start: number; end: number; label: string; source: string }[] = [];
    const lookUp = this.#byLower.size > 0;
    for (let start = 0; start < tokens.length; start++) {
      const tried = [
        ...(this.#byOrth.get(tokens.orth(start)) ?? []),
        ...(lookUp ? (this.#byLower.get(tokens.lower(start)) ?? []) : []),
        ...this.#anywhere,
      ];
      for (const pattern of tried) {
        const end = longestMatch(pattern.steps, tokens, start);
        if (end > 0) candidates.push({ start, end, label: pattern.label, source: pattern.source });
      }
    }
    return keepLeftmostLongest(candidates).map(({ start, end, label, source }) => {
      const from = tokens.from[start];
      const to = tokens.to[end - 1];
      return { start: index.toCodePoint(from), end: index.toCodePoint(to), label, source, text: text.slice(from, to) };
    });
  }
}

/** Per label: the leftmost match, the longest of those starting together, none overlapping a kept one. */
function keepLeftmostLongest<T extends { start: number; end: number; label: string }>(candidates: T[]): T[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const reached = new Map<string, number>();
  const kept: T[] = [];
  for (const candidate of candidates) {
    if (candidate.start < (reached.get(candidate.label) ?? 0)) continue;
    reached.set(candidate.label, candidate.end);
    kept.push(candidate);
  }
  return kept;
}

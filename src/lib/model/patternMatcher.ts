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

/**
 * Remembers a function's answers for the token texts met (a corpus repeats a small vocabulary, and a
 * string's hash is computed once): forgets everything past `limit` entries.
 */
function remembered<T>(compute: (text: string) => T, limit = 100_000): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      if (answers.size >= limit) answers.clear();
      answers.set(text, (answer = compute(text)));
    }
    return answer;
  };
}

const lowerCaseOf = (text: string) => text.toLowerCase();

/** The tokens of one text, with what the tests read of them, computed when first asked. */
class TokenTable {
  readonly from: number[];
  readonly to: number[];
  /** True where a line break lies between this token and the one before it. */
  readonly breakBefore: boolean[];
  readonly #texts: string[];
  readonly #lowerCase: (text: string) => string;

  constructor(text: string, lowerCase: (text: string) => string = lowerCaseOf) {
    const from: number[] = [];
    const to: number[] = [];
    const breakBefore: boolean[] = [];
    const texts: string[] = [];
    let previousEnd = 0;
    for (let end = nextTokenEnd(text, 0); end >= 0; previousEnd = end, end = nextTokenEnd(text, end)) {
      const start = skipSpaces(text, previousEnd);
      from.push(start);
      to.push(end);
      breakBefore.push(start - previousEnd > 0 && hasLineBreak(text, previousEnd, start));
      texts.push(text.slice(start, end));
    }
    this.from = from;
    this.to = to;
    this.breakBefore = breakBefore;
    this.#texts = texts;
    this.#lowerCase = lowerCase;
  }

  get length(): number {
    return this.from.length;
  }

  orth(index: number): string {
    return this.#texts[index];
  }

  lower(index: number): string {
    return this.#lowerCase(this.#texts[index]);
  }

  form(index: number, form: TokenForm): string {
    return form === 'ORTH' ? this.#texts[index] : this.lower(index);
  }
}

/** Whether the white space `text[from, to)` holds a line break (LF, CR, VT, FF, NEL, LS, PS). */
function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const unit = text.charCodeAt(at);
    if ((unit >= 10 && unit <= 13) || unit === 0x85 || unit === 0x2028 || unit === 0x2029) return true;
  }
  return false;
}

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
    const check = remembered(FLAG_TESTS[test.flag]);
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
  const search = remembered((text) => expression.test(text));
  return (tokens, index) => search(tokens.form(index, form));
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
  /** Every step takes exactly one token: matched without the automaton. */
  fixed: boolean;
}

/**
 * The longest run of tokens from `start` that `steps` accept, as the index after its last token;
 * -1 when none (an empty match is none). The steps are run as an automaton over sets of positions,
 * so `*` next to `*` costs no backtracking.
 */
function longestMatch(steps: readonly CompiledStep[], tokens: TokenTable, start: number): number {
  const count = tokens.length;
  const breakBefore = tokens.breakBefore;
  // Most starts fail on the first token: answer before building any set of positions.
  const first = steps[0];
  if (first.min > 0 && !first.negated && !first.test(tokens, start)) return -1;
  let positions = [start];
  for (const step of steps) {
    const next: number[] = [];
    for (const position of positions) {
      // A token may join the match when it is the first, or no line break comes before it.
      if (step.negated) {
        const joins = position < count && (position === start || !breakBefore[position]);
        if (joins && !step.test(tokens, position) && !next.includes(position + 1)) next.push(position + 1);
        continue;
      }
      if (step.min === 0 && !next.includes(position)) next.push(position);
      let taken = 0;
      let at = position;
      while (taken < step.max && at < count && (at === start || !breakBefore[at]) && step.test(tokens, at)) {
        at++;
        taken++;
        if (taken >= step.min && !next.includes(at)) next.push(at);
      }
    }
    if (next.length === 0) return -1;
    positions = next;
  }
  const end = Math.max(...positions);
  return end > start ? end : -1;
}

/** `longestMatch` for steps of exactly one token each (no operator): one token after another. */
function fixedMatch(steps: readonly CompiledStep[], tokens: TokenTable, start: number): number {
  if (start + steps.length > tokens.length) return -1;
  for (let offset = 0; offset < steps.length; offset++) {
    const at = start + offset;
    if (offset > 0 && tokens.breakBefore[at]) return -1;
    if (!steps[offset].test(tokens, at)) return -1;
  }
  return start + steps.length;
}

/** Phrases as a tree of their tokens: each path from the root spells a phrase's tokens. */
class PhraseNode {
  readonly next = new Map<string, PhraseNode>();
  /** The phrases that end here. */
  readonly ends: { label: string; source: string }[] = [];

  /** Adds a phrase of `tokens` below this node (the root). */
  add(tokens: readonly string[], phrase: { label: string; source: string }): void {
    const [first, ...rest] = tokens;
    let child = this.next.get(first);
    if (!child) this.next.set(first, (child = new PhraseNode()));
    if (rest.length === 0) child.ends.push(phrase);
    else child.add(rest, phrase);
  }
}

/** How a token pattern's first token can be looked up: the verbatim or lower-case text it must equal. */
function firstKey(steps: readonly TokenStep[]): { form: TokenForm; value: string } | null {
  const first = steps[0];
  if (!first || first.min < 1 || first.negated) return null;
  for (const test of first.tests) if ('equals' in test) return { form: test.form, value: test.equals };
  return null;
}

interface Candidate {
  start: number;
  end: number;
  label: string;
  source: string;
}

/**
 * A set of patterns, compiled once, matched against any number of texts. Phrases are walked as a
 * tree of tokens from each token; token patterns whose first token is a fixed text are tried only
 * where that text is.
 */
export class PatternMatcher {
  readonly #phrases = new PhraseNode();
  readonly #lowerPhrases = new PhraseNode();
  readonly #byOrth = new Map<string, CompiledPattern[]>();
  readonly #byLower = new Map<string, CompiledPattern[]>();
  readonly #anywhere: CompiledPattern[] = [];
  readonly #readsLower: boolean;
  readonly #lowerCase = remembered(lowerCaseOf);

  constructor(patterns: readonly MatchPattern[]) {
    for (const pattern of patterns) {
      const { label, source } = pattern;
      if ('phrase' in pattern) {
        const table = new TokenTable(pattern.phrase);
        const tokens = Array.from({ length: table.length }, (_, index) =>
          pattern.ignoreCase ? table.lower(index) : table.orth(index),
        );
        if (tokens.length > 0) (pattern.ignoreCase ? this.#lowerPhrases : this.#phrases).add(tokens, { label, source });
        continue;
      }
      if (pattern.steps.length === 0) continue;
      const steps = pattern.steps.map(compileStep);
      const fixed = steps.every((step) => step.min === 1 && step.max === 1 && !step.negated);
      const compiled = { label, source, steps, fixed };
      const key = firstKey(pattern.steps);
      if (key === null) this.#anywhere.push(compiled);
      else {
        const map = key.form === 'ORTH' ? this.#byOrth : this.#byLower;
        map.set(key.value, [...(map.get(key.value) ?? []), compiled]);
      }
    }
    this.#readsLower = this.#byLower.size > 0 || this.#lowerPhrases.next.size > 0;
  }

  /** Every match in `text`: per label, leftmost-longest and not overlapping; in reading order. */
  match(text: string, index: CodePointIndex = new CodePointIndex(text)): PatternMatch[] {
    const tokens = new TokenTable(text, this.#lowerCase);
    const candidates: Candidate[] = [];
    const anywhere = this.#anywhere.length > 0 ? this.#anywhere : undefined;
    for (let start = 0; start < tokens.length; start++) {
      const orth = tokens.orth(start);
      this.#walk(this.#phrases.next.get(orth), 'ORTH', tokens, start, candidates);
      this.#try(this.#byOrth.get(orth), tokens, start, candidates);
      if (this.#readsLower) {
        const lower = tokens.lower(start);
        this.#walk(this.#lowerPhrases.next.get(lower), 'LOWER', tokens, start, candidates);
        this.#try(this.#byLower.get(lower), tokens, start, candidates);
      }
      this.#try(anywhere, tokens, start, candidates);
    }
    return keepLeftmostLongest(candidates).map(({ start, end, label, source }) => {
      const from = tokens.from[start];
      const to = tokens.to[end - 1];
      return { start: index.toCodePoint(from), end: index.toCodePoint(to), label, source, text: text.slice(from, to) };
    });
  }

  /** Follows the phrase tree from `node` (token `start`'s), noting every phrase that ends on the way. */
  #walk(node: PhraseNode | undefined, form: TokenForm, tokens: TokenTable, start: number, found: Candidate[]): void {
    for (let at = start; node;) {
      for (const { label, source } of node.ends) found.push({ start, end: at + 1, label, source });
      at++;
      if (at >= tokens.length || tokens.breakBefore[at] || node.next.size === 0) return;
      node = node.next.get(tokens.form(at, form));
    }
  }

  #try(patterns: readonly CompiledPattern[] | undefined, tokens: TokenTable, start: number, found: Candidate[]): void {
    if (!patterns) return;
    for (const pattern of patterns) {
      const end = pattern.fixed ? fixedMatch(pattern.steps, tokens, start) : longestMatch(pattern.steps, tokens, start);
      if (end > 0) found.push({ start, end, label: pattern.label, source: pattern.source });
    }
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

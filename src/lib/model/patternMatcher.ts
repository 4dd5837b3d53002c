/**
 * Match patterns (spaCy's Matcher and PhraseMatcher, as an EntityRuler or Prodigy patterns file
 * holds them) run over a text's word tokens: the tokens of `tokens.ts`, so a match starts and ends
 * where token agreement and the token exports put token boundaries. Offsets out are code points.
 *
 * A phrase pattern matches the phrase's tokens verbatim (PhraseMatcher's default attribute ORTH),
 * or in lower case when asked. A token pattern is a list of steps, each testing one token's
 * verbatim text, lower-case form, shape, regular expression, length or yes/no lexical attribute
 * (spaCy's IS_… and LIKE_…, `lexicalAttributes.ts`), repeated as its operator says (`?` `*` `+`
 * `!` `{n}` `{n,m}` `{n,}` `{,m}`). A match never crosses a line break (spaCy makes a line break a
 * token of its own, which no text test matches).
 *
 * Of the matches of one label, the leftmost is kept, the longest where several start together, and
 * those overlapping a kept one are dropped (the EntityRuler's rule); different labels may overlap.
 *
 * Made to run over a whole corpus: every token is numbered by its text once (`tokenVocabulary.ts`),
 * so each test runs once per distinct token text, the phrases form a tree keyed by those numbers,
 * and a token pattern is tried only where its first step's answer for the token is yes.
 *
 * @see https://spacy.io/api/matcher#patterns
 * @see https://spacy.io/usage/rule-based-matching#entityruler
 */
import { FLAG_TESTS, wordShape, type TokenFlag } from './lexicalAttributes';
import { CodePointIndex } from './offsets';
import { TextTokens, TokenVocabulary } from './tokenVocabulary';

/**
 * The forms of a token a text test reads: the verbatim text (ORTH, TEXT), its lower case (LOWER),
 * or its shape (SHAPE: `Xxxxx`, `dddd`; see `lexicalAttributes.ts`).
 */
export type TokenForm = 'ORTH' | 'LOWER' | 'SHAPE';

export { TOKEN_FLAGS, type TokenFlag } from './lexicalAttributes';

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
  | { length: LengthComparison; value: number }
  /** The token's length in code points is one of (`negated`: none of) `lengthAmong`. */
  | { lengthAmong: number[]; negated: boolean };

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

/** A test of a token by its number in the vocabulary. */
type TokenPredicate = (id: number) => boolean;

/** A SHAPE test: the token's shape compared as a string (shapes are not in the vocabulary). */
function shapeTest(test: Extract<TokenTest, { form: TokenForm }>, text: (id: number) => string): TokenPredicate {
  const shape = (id: number) => wordShape(text(id));
  if ('equals' in test) return (id) => shape(id) === test.equals;
  if ('among' in test) {
    const values = new Set(test.among);
    return (id) => values.has(shape(id)) !== test.negated;
  }
  const expression = new RegExp(test.regex, test.ignoreCase ? 'iu' : 'u');
  return (id) => expression.test(shape(id));
}

function compileTest(test: TokenTest, vocabulary: TokenVocabulary): TokenPredicate {
  const text = (id: number) => vocabulary.text(id);
  if ('flag' in test) return (id) => FLAG_TESTS[test.flag](text(id)) === test.value;
  if ('length' in test) return (id) => compareLength([...text(id)].length, test.length, test.value);
  if ('lengthAmong' in test) {
    const lengths = new Set(test.lengthAmong);
    return (id) => lengths.has([...text(id)].length) !== test.negated;
  }
  if (test.form === 'SHAPE') return shapeTest(test, text);
  const form = test.form === 'ORTH' ? (id: number) => id : (id: number) => vocabulary.lower(id);
  if ('equals' in test) {
    const equals = vocabulary.id(test.equals);
    return (id) => form(id) === equals;
  }
  if ('among' in test) {
    const values = new Set(test.among.map((value) => vocabulary.id(value)));
    return (id) => values.has(form(id)) !== test.negated;
  }
  const expression = new RegExp(test.regex, test.ignoreCase ? 'iu' : 'u');
  return (id) => expression.test(text(form(id)));
}

/** One step made ready to run: its tests answered once per token text. */
interface CompiledStep {
  accepts: TokenPredicate;
  min: number;
  max: number;
  negated: boolean;
}

function compileStep(step: TokenStep, vocabulary: TokenVocabulary): CompiledStep {
  const tests = step.tests.map((test) => compileTest(test, vocabulary));
  let accepts: TokenPredicate = () => true;
  if (tests.length > 0) {
    const answers = vocabulary.answers((id) => tests.every((test) => test(id)));
    accepts = (id) => answers.get(id);
  }
  return { accepts, min: step.min, max: step.max, negated: step.negated };
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
function longestMatch(steps: readonly CompiledStep[], tokens: TextTokens, start: number): number {
  const { count, ids, breakBefore } = tokens;
  let positions = [start];
  for (const step of steps) {
    const next: number[] = [];
    for (const position of positions) {
      // A token may join the match when it is the first, or no line break comes before it.
      if (step.negated) {
        const joins = position < count && (position === start || breakBefore[position] === 0);
        if (joins && !step.accepts(ids[position]) && !next.includes(position + 1)) next.push(position + 1);
        continue;
      }
      if (step.min === 0 && !next.includes(position)) next.push(position);
      let taken = 0;
      let at = position;
      while (taken < step.max && at < count && (at === start || breakBefore[at] === 0) && step.accepts(ids[at])) {
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
function fixedMatch(steps: readonly CompiledStep[], tokens: TextTokens, start: number): number {
  if (start + steps.length > tokens.count) return -1;
  for (let offset = 0; offset < steps.length; offset++) {
    const at = start + offset;
    if (offset > 0 && tokens.breakBefore[at] === 1) return -1;
    if (!steps[offset].accepts(tokens.ids[at])) return -1;
  }
  return start + steps.length;
}

/** Phrases as a tree of their tokens' numbers: each path from the root spells a phrase's tokens. */
class PhraseNode {
  readonly next = new Map<number, PhraseNode>();
  /** The phrases that end here. */
  readonly ends: { label: string; source: string }[] = [];

  /** Adds a phrase of `tokens` below this node (the root). */
  add(tokens: readonly number[], phrase: { label: string; source: string }): void {
    const [first, ...rest] = tokens;
    let child = this.next.get(first);
    if (!child) this.next.set(first, (child = new PhraseNode()));
    if (rest.length === 0) child.ends.push(phrase);
    else child.add(rest, phrase);
  }
}

/** The verbatim or lower-case text a token pattern's first token must equal, if it must. */
function firstKey(steps: readonly TokenStep[]): { form: 'ORTH' | 'LOWER'; value: string } | null {
  const first = steps[0];
  if (!first || first.min < 1 || first.negated) return null;
  for (const test of first.tests)
    if ('equals' in test && test.form !== 'SHAPE') return { form: test.form, value: test.equals };
  return null;
}

/** What may start at a token with a given text: the phrase trees to walk and the patterns to try. */
interface Starts {
  phrase: PhraseNode | undefined;
  lowerPhrase: PhraseNode | undefined;
  patterns: CompiledPattern[];
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
 * where that text is, the others only where their first step accepts the token.
 */
export class PatternMatcher {
  readonly #vocabulary: TokenVocabulary;
  readonly #tokens = new TextTokens();
  readonly #phrases = new PhraseNode();
  readonly #lowerPhrases = new PhraseNode();
  readonly #byOrth = new Map<number, CompiledPattern[]>();
  readonly #byLower = new Map<number, CompiledPattern[]>();
  readonly #anywhere: CompiledPattern[] = [];
  readonly #readsLower: boolean;
  /** What may start at each token number: see {@link #startsOf}. */
  #starts = new Int32Array(1024);
  #startList: Starts[] = [];

  /** `vocabularyLimit`: how many token texts are remembered between texts (see `tokenVocabulary.ts`). */
  constructor(patterns: readonly MatchPattern[], { vocabularyLimit }: { vocabularyLimit?: number } = {}) {
    const vocabulary = (this.#vocabulary = new TokenVocabulary(vocabularyLimit));
    for (const pattern of patterns) {
      const { label, source } = pattern;
      if ('phrase' in pattern) {
        const tokens = new TextTokens();
        tokens.read(pattern.phrase, vocabulary);
        const ids = [...tokens.ids.subarray(0, tokens.count)].map((id) =>
          pattern.ignoreCase ? vocabulary.lower(id) : id,
        );
        if (ids.length > 0) (pattern.ignoreCase ? this.#lowerPhrases : this.#phrases).add(ids, { label, source });
        continue;
      }
      if (pattern.steps.length === 0) continue;
      const steps = pattern.steps.map((step) => compileStep(step, vocabulary));
      const fixed = steps.every((step) => step.min === 1 && step.max === 1 && !step.negated);
      const compiled = { label, source, steps, fixed };
      const key = firstKey(pattern.steps);
      if (key === null) this.#anywhere.push(compiled);
      else {
        const map = key.form === 'ORTH' ? this.#byOrth : this.#byLower;
        const id = vocabulary.id(key.value);
        map.set(id, [...(map.get(id) ?? []), compiled]);
      }
    }
    vocabulary.pin();
    this.#readsLower = this.#byLower.size > 0 || this.#lowerPhrases.next.size > 0;
  }

  /** Every match in `text`: per label, leftmost-longest and not overlapping; in reading order. */
  match(text: string, index: CodePointIndex = new CodePointIndex(text)): PatternMatch[] {
    if (this.#vocabulary.trim()) {
      this.#starts = new Int32Array(1024);
      this.#startList = [];
    }
    const tokens = this.#tokens;
    tokens.read(text, this.#vocabulary);
    const candidates: Candidate[] = [];
    const { ids } = tokens;
    for (let start = 0; start < tokens.count; start++) {
      const starts = this.#startsOf(ids[start]);
      if (starts === null) continue;
      if (starts.phrase) this.#walk(starts.phrase, false, start, candidates);
      if (starts.lowerPhrase) this.#walk(starts.lowerPhrase, true, start, candidates);
      for (const pattern of starts.patterns) {
        const end = pattern.fixed
          ? fixedMatch(pattern.steps, tokens, start)
          : longestMatch(pattern.steps, tokens, start);
        if (end > 0) candidates.push({ start, end, label: pattern.label, source: pattern.source });
      }
    }
    return keepLeftmostLongest(candidates).map(({ start, end, label, source }) => {
      const from = tokens.from[start];
      const to = tokens.to[end - 1];
      return { start: index.toCodePoint(from), end: index.toCodePoint(to), label, source, text: text.slice(from, to) };
    });
  }

  /**
   * What may start at token `id`, or null for nothing (most tokens), worked out once per token text:
   * an index into `#startList` + 2 per token number, 1 for nothing, 0 not yet known.
   */
  #startsOf(id: number): Starts | null {
    if (id >= this.#starts.length) {
      const grown = new Int32Array(Math.max(this.#starts.length * 2, id + 1));
      grown.set(this.#starts);
      this.#starts = grown;
    }
    let known = this.#starts[id];
    if (known === 0) {
      const lower = this.#readsLower ? this.#vocabulary.lower(id) : -1;
      const starts: Starts = {
        phrase: this.#phrases.next.get(id),
        lowerPhrase: this.#lowerPhrases.next.get(lower),
        patterns: [
          ...(this.#byOrth.get(id) ?? []),
          ...(this.#byLower.get(lower) ?? []),
          // Most tokens fail a first step: those patterns are not tried there.
          ...this.#anywhere.filter(({ steps: [first] }) => first.min === 0 || first.negated || first.accepts(id)),
        ],
      };
      const nothing = !starts.phrase && !starts.lowerPhrase && starts.patterns.length === 0;
      known = nothing ? 1 : this.#startList.push(starts) + 1;
      // `#startsOf` may not have grown the table since; `lower()` does not touch it.
      this.#starts[id] = known;
    }
    return known === 1 ? null : this.#startList[known - 2];
  }

  /** Follows the phrase tree from `node` (token `start`'s), noting every phrase that ends on the way. */
  #walk(node: PhraseNode | undefined, lower: boolean, start: number, found: Candidate[]): void {
    const tokens = this.#tokens;
    for (let at = start; node;) {
      for (const { label, source } of node.ends) found.push({ start, end: at + 1, label, source });
      at++;
      if (at >= tokens.count || tokens.breakBefore[at] === 1 || node.next.size === 0) return;
      const id = tokens.ids[at];
      node = node.next.get(lower ? this.#vocabulary.lower(id) : id);
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

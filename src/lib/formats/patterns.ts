/**
 * Patterns files: spaCy / Prodigy match patterns in JSONL (one `{"label": …, "pattern": …}` per
 * line, as an EntityRuler writes them and Prodigy reads them), and plain term lists (one term per
 * line, for a label the user chooses). Read into `MatchPattern`s for `model/patternMatcher.ts`, or
 * refused with every wrong line named; nothing half-read is ever answered.
 *
 * A token's keys are read in any case (`LOWER`, `lower`). Supported: ORTH, TEXT, LOWER, SHAPE (a
 * string, or `{"REGEX": …}`, `{"IN": […]}`, `{"NOT_IN": […]}`), REGEX (the text's), LENGTH (a
 * number, comparisons, IN, NOT_IN), spaCy's yes/no lexical attributes (IS_DIGIT, IS_TITLE,
 * LIKE_NUM…: `TOKEN_FLAGS`), and OP. Attributes the text alone cannot answer (POS, LEMMA, DEP,
 * ENT_TYPE, IS_STOP…) are refused by name, saying what they need.
 *
 * @see https://spacy.io/api/matcher#patterns
 * @see https://spacy.io/usage/rule-based-matching#entityruler-files
 */
import { labelNameProblem } from '../model/labels';
import {
  LENGTH_COMPARISONS,
  TOKEN_FLAGS,
  type LengthComparison,
  type MatchPattern,
  type TokenFlag,
  type TokenForm,
  type TokenStep,
  type TokenTest,
} from '../model/patternMatcher';
import { clip, describeValue, parseJson } from './errorMessages';
import { onSpanwrightTokens } from './patternTokens';
export { patternTokenNotes } from './patternTokens';
import type { FormatError, ParseResult } from './records';

/** Errors listed before the rest are only counted. */
const MAX_ERRORS = 20;

const FORMS: Record<string, TokenForm> = { ORTH: 'ORTH', TEXT: 'ORTH', LOWER: 'LOWER', SHAPE: 'SHAPE' };
const OPERATORS: Record<string, { min: number; max: number; negated: boolean }> = {
  '?': { min: 0, max: 1, negated: false },
  '*': { min: 0, max: Infinity, negated: false },
  '+': { min: 1, max: Infinity, negated: false },
  '!': { min: 1, max: 1, negated: true },
};
const TAGGER = "needs spaCy's trained pipeline (its tagger or morphologizer)";
const RECOGNIZER = "needs spaCy's trained pipeline (its entity recognizer)";
/**
 * Attributes of spaCy's patterns that the token text alone cannot answer, and why: they need a
 * trained pipeline, or language data or context Spanwright does not have. The lexical ones (IS_TITLE,
 * LIKE_NUM, SHAPE…) are read from the text, as a blank pipeline (`spacy.blank("en")`) does.
 */
const UNREADABLE_ATTRIBUTES: Record<string, string> = {
  POS: TAGGER,
  TAG: TAGGER,
  MORPH: TAGGER,
  DEP: "needs spaCy's trained pipeline (its dependency parser)",
  LEMMA: "needs spaCy's trained pipeline (its lemmatizer)",
  ENT_TYPE: RECOGNIZER,
  ENT_IOB: RECOGNIZER,
  ENT_ID: RECOGNIZER,
  ENT_KB_ID: RECOGNIZER,
  NORM: "needs spaCy's language data (its norm tables and tokenizer exceptions)",
  IS_STOP: "needs spaCy's stop-word list for the text's language",
  IS_SENT_START: "needs sentence boundaries (spaCy's parser or sentencizer)",
  SENT_START: "needs sentence boundaries (spaCy's parser or sentencizer)",
  SPACY: 'depends on the space after each token, and Spanwright tests a token by its text alone',
  _: "reads custom attributes that spaCy's Python code sets",
};

class LineProblem extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{n}`, `{n,m}`, `{n,}`, `{,m}` → counts; null for anything else. */
function boundedOperator(op: string): { min: number; max: number } | null {
  const found = /^\{(\d*)(,?)(\d*)\}$/u.exec(op);
  if (!found || (found[1] === '' && found[3] === '')) return null;
  const min = found[1] === '' ? 0 : Number(found[1]);
  const max = found[2] === '' ? min : found[3] === '' ? Infinity : Number(found[3]);
  return max < min || max === 0 ? null : { min, max };
}

function operator(value: unknown): { min: number; max: number; negated: boolean } {
  if (typeof value !== 'string') throw new LineProblem(`OP must be a string, not ${describeValue(value)}`);
  const known = OPERATORS[value];
  if (known) return known;
  const bounded = boundedOperator(value);
  if (!bounded) throw new LineProblem(`OP ${describeValue(value)} is not one of ?, *, +, !, {n}, {n,m}, {n,}, {,m}`);
  return { ...bounded, negated: false };
}

/** A regular expression of the file, checked: a leading `(?i)` (Python's flag) becomes ignore-case. */
function regexTest(form: TokenForm, value: unknown): TokenTest {
  if (typeof value !== 'string') throw new LineProblem(`REGEX must be a string, not ${describeValue(value)}`);
  const ignoreCase = value.startsWith('(?i)');
  const regex = ignoreCase ? value.slice(4) : value;
  try {
    new RegExp(regex, 'u');
  } catch (error) {
    throw new LineProblem(
      `REGEX ${describeValue(value)} is not a valid regular expression (${clip(error instanceof Error ? error.message : String(error), 80)})`,
    );
  }
  return { form, regex, ignoreCase };
}

function stringList(key: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new LineProblem(`${key} must be a list of strings`);
  return value;
}

/** The test of ORTH, TEXT, LOWER or SHAPE: a string, or one of REGEX, IN, NOT_IN. */
function formTest(name: string, form: TokenForm, value: unknown): TokenTest {
  if (typeof value === 'string') return { form, equals: value };
  if (!isRecord(value)) throw new LineProblem(`${name} must be a string or an object, not ${describeValue(value)}`);
  const keys = Object.keys(value);
  if (keys.length !== 1) throw new LineProblem(`${name} takes one of REGEX, IN or NOT_IN`);
  const key = keys[0].toUpperCase();
  if (key === 'REGEX') return regexTest(form, value[keys[0]]);
  if (key === 'IN' || key === 'NOT_IN')
    return { form, among: stringList(key, value[keys[0]]), negated: key === 'NOT_IN' };
  throw new LineProblem(`${name} takes one of REGEX, IN or NOT_IN, not ${describeValue(keys[0])}`);
}

/** LENGTH: a whole number, or comparisons (`{">=": 3, "<": 10}`) and lists (`{"IN": [2, 4]}`), all to pass. */
function lengthTests(value: unknown): TokenTest[] {
  if (typeof value === 'number' && Number.isInteger(value)) return [{ length: '==', value }];
  const wrong = new LineProblem('LENGTH must be a whole number, or comparisons such as {">=": 5} or {"IN": [2, 3]}');
  if (!isRecord(value) || Object.keys(value).length === 0) throw wrong;
  return Object.entries(value).map(([comparison, bound]): TokenTest => {
    const key = comparison.toUpperCase();
    if ((key === 'IN' || key === 'NOT_IN') && Array.isArray(bound) && bound.every((item) => typeof item === 'number'))
      return { lengthAmong: bound, negated: key === 'NOT_IN' };
    if ((LENGTH_COMPARISONS as readonly string[]).includes(comparison) && typeof bound === 'number')
      return { length: comparison as LengthComparison, value: bound };
    throw wrong;
  });
}

/** One token dictionary of a token pattern. */
function tokenStep(token: unknown, position: number): TokenStep {
  if (!isRecord(token))
    throw new LineProblem(`token ${position} of the pattern must be an object, not ${describeValue(token)}`);
  const tests: TokenTest[] = [];
  let counts = { min: 1, max: 1, negated: false };
  for (const [key, value] of Object.entries(token)) {
    const name = key.toUpperCase();
    if (name === 'OP') counts = operator(value);
    else if (name in FORMS) tests.push(formTest(name, FORMS[name], value));
    else if (name === 'REGEX') tests.push(regexTest('ORTH', value));
    else if (name === 'LENGTH') tests.push(...lengthTests(value));
    else if ((TOKEN_FLAGS as readonly string[]).includes(name)) {
      if (typeof value !== 'boolean') throw new LineProblem(`${name} must be true or false`);
      tests.push({ flag: name as TokenFlag, value });
    } else if (name in UNREADABLE_ATTRIBUTES)
      throw new LineProblem(
        `${key} ${UNREADABLE_ATTRIBUTES[name]} (token ${position} of the pattern); Spanwright matches what the text shows (ORTH, TEXT, LOWER, SHAPE, REGEX, LENGTH, IS_TITLE, LIKE_NUM…)`,
      );
    else throw new LineProblem(`${describeValue(key)} is not a token attribute Spanwright knows`);
  }
  return { tests, ...counts };
}

/** One line of a patterns JSONL file, as a pattern; throws a {@link LineProblem} when wrong. */
function patternOfLine(value: unknown, line: number, fileName: string): MatchPattern {
  if (!isRecord(value))
    throw new LineProblem(`expected an object with "label" and "pattern", not ${describeValue(value)}`);
  const { label, pattern, id } = value;
  if (typeof label !== 'string') throw new LineProblem(`"label" must be a string, not ${describeValue(label)}`);
  const problem = labelNameProblem(label);
  if (problem) throw new LineProblem(problem);
  const source = `pattern:${typeof id === 'string' && id.trim() !== '' ? id.trim() : fileName}`;
  if (typeof pattern === 'string') {
    if (pattern.trim() === '') throw new LineProblem('the phrase pattern is empty');
    return { label, source, line, phrase: pattern, ignoreCase: false };
  }
  if (!Array.isArray(pattern) || pattern.length === 0)
    throw new LineProblem(
      `"pattern" must be a phrase (a string) or a list of token objects, not ${describeValue(pattern)}`,
    );
  const read = pattern.map((token, index) => tokenStep(token, index + 1));
  if (read.every((step) => step.min === 0))
    throw new LineProblem('every token of the pattern is optional (?, * or {,m}): it could match nothing');
  return { label, source, line, ...onSpanwrightTokens(read) };
}

/** The lines of a text file: a byte-order mark dropped, CRLF and CR line ends read as LF. */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
}

function answer(patterns: MatchPattern[], errors: FormatError[], errorCount: number): ParseResult<MatchPattern[]> {
  if (errorCount > MAX_ERRORS) errors.push({ line: 0, message: `${errorCount - MAX_ERRORS} more lines are wrong too` });
  if (errors.length > 0) return { errors };
  if (patterns.length === 0) return { errors: [{ line: 0, message: 'the file holds no patterns' }] };
  return { value: patterns };
}

/** Reads a patterns JSONL file; every wrong line is named, and then no pattern is answered. */
export function parsePatternsJsonl(fileName: string, text: string): ParseResult<MatchPattern[]> {
  const patterns: MatchPattern[] = [];
  const errors: FormatError[] = [];
  let errorCount = 0;
  linesOf(text).forEach((content, index) => {
    if (content.trim() === '') return;
    const line = index + 1;
    const parsed = parseJson(content);
    try {
      if ('message' in parsed) throw new LineProblem(parsed.message);
      patterns.push(patternOfLine(parsed.value, line, fileName));
    } catch (error) {
      if (!(error instanceof LineProblem)) throw error;
      if (++errorCount <= MAX_ERRORS) errors.push({ line, message: error.message });
    }
  });
  return answer(patterns, errors, errorCount);
}

/**
 * Reads a term list: one term per line, each a phrase pattern for `label` (blank lines skipped),
 * matched verbatim or ignoring case.
 */
export function parseTermList(
  fileName: string,
  text: string,
  label: string,
  ignoreCase: boolean,
): ParseResult<MatchPattern[]> {
  const problem = labelNameProblem(label);
  if (problem) return { errors: [{ line: 0, message: problem }] };
  const patterns: MatchPattern[] = [];
  linesOf(text).forEach((content, index) => {
    const term = content.trim();
    if (term !== '') patterns.push({ label, source: `pattern:${fileName}`, line: index + 1, phrase: term, ignoreCase });
  });
  return answer(patterns, [], 0);
}

/** True when a file's name says it holds JSONL patterns; any other file is read as a term list. */
export function isPatternsJsonlName(fileName: string): boolean {
  return /\.(jsonl|ndjson|json)$/iu.test(fileName);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parsePatternsJsonl,
  parseTermList,
  isPatternsJsonlName,
  patternTokenNotes,
} from '../../../src/lib/formats/patterns';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import {
  PatternMatcher,
  type MatchPattern,
  type TokenFlag,
  type TokenForm,
  type TokenStep,
  type TokenTest,
} from '../../../src/lib/model/patternMatcher';
import { tokenize } from '../../../src/lib/model/tokens';

const errorsOf = (text: string) => {
  const read = parsePatternsJsonl('rules.jsonl', text);
  return 'errors' in read ? read.errors : [];
};

describe('reading a patterns file', () => {
  it('reads phrase and token patterns, with the file name or the pattern id as source', () => {
    const read = parsePatternsJsonl(
      'rules.jsonl',
      '\uFEFF{"label": "ORG", "pattern": "Apple"}\r\n\r\n{"label": "GPE", "pattern": [{"LOWER": "san"}, {"lower": "francisco", "OP": "?"}], "id": "sf"}\n',
    );
    expect(read).toEqual({
      value: [
        { label: 'ORG', source: 'pattern:rules.jsonl', line: 1, phrase: 'Apple', ignoreCase: false },
        {
          label: 'GPE',
          source: 'pattern:sf',
          line: 3,
          steps: [
            { tests: [{ form: 'LOWER', equals: 'san' }], min: 1, max: 1, negated: false },
            { tests: [{ form: 'LOWER', equals: 'francisco' }], min: 0, max: 1, negated: false },
          ],
        },
      ],
    });
  });

  it('names each wrong line and why, and then answers no pattern at all', () => {
    const errors = errorsOf(
      [
        '{"label": "ORG", "pattern": "Apple"}',
        '{"label": "ORG", "pattern": "Apple"',
        '{"pattern": "Apple"}',
        '{"label": "GPE", "pattern": [{"POS": "PROPN"}]}',
        '{"label": "GPE", "pattern": [{"TEXT": {"REGEX": "(unclosed"}}]}',
        '{"label": "GPE", "pattern": [{"LOWER": "a", "OP": "{3,1}"}]}',
        '{"label": "GPE", "pattern": [{"COLOUR": "red"}]}',
        '{"label": "GPE", "pattern": [{"IS_DIGIT": "yes"}]}',
        '{"label": "GPE", "pattern": [{"LOWER": "a", "OP": "*"}]}',
        '{"label": " GPE", "pattern": "x"}',
        '{"label": "GPE", "pattern": []}',
        '["label", "pattern"]',
      ].join('\n'),
    );
    expect(errors.map((error) => error.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const [json, label, pos, regex, op, unknown, flag, optional, space, empty, array] = errors.map((e) => e.message);
    expect(json).toMatch(/^malformed JSON/);
    expect(label).toContain('"label" must be a string');
    expect(pos).toContain("POS needs spaCy's trained pipeline");
    expect(regex).toContain('"(unclosed" is not a valid regular expression');
    expect(op).toContain('OP "{3,1}" is not one of');
    expect(unknown).toContain('"COLOUR" is not a token attribute');
    expect(flag).toContain('IS_DIGIT must be true or false');
    expect(optional).toContain('could match nothing');
    expect(space).toContain('whitespace');
    expect(empty).toContain('"pattern" must be a phrase');
    expect(array).toContain('expected an object');
  });

  it('reads the lexical attributes a blank spaCy pipeline has, and refuses by name what needs more', () => {
    const read = parsePatternsJsonl(
      'people.jsonl',
      [
        '{"label":"PERSON","pattern":[{"LOWER":"visited"},{"IS_TITLE":true,"OP":"+"}]}',
        '{"label":"PHONE","pattern":[{"SHAPE":"ddd"},{"ORTH":"-","OP":"?"},{"SHAPE":{"IN":["dddd","ddd"]}}]}',
        '{"label":"QTY","pattern":[{"like_num":true},{"IS_SPACE":false,"IS_QUOTE":false,"IS_BRACKET":false}]}',
        '{"label":"MONEY","pattern":[{"IS_CURRENCY":true},{"LIKE_URL":false,"LIKE_EMAIL":false,"LENGTH":{">":0,"<=":9}}]}',
        '{"label":"ASIDE","pattern":[{"IS_LEFT_PUNCT":true},{"TEXT":{"NOT_IN":["x"]}},{"IS_RIGHT_PUNCT":true}]}',
      ].join('\n'),
    );
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    const [visit, phone, , money] = read.value;
    expect('steps' in visit && visit.steps[1]).toEqual({
      tests: [{ flag: 'IS_TITLE', value: true }],
      min: 1,
      max: Infinity,
      negated: false,
    });
    expect('steps' in phone && phone.steps[2].tests).toEqual([
      { form: 'SHAPE', among: ['dddd', 'ddd'], negated: false },
    ]);
    expect('steps' in money && money.steps[1].tests).toContainEqual({ length: '<=', value: 9 });

    const errors = errorsOf(
      [
        '{"label": "A", "pattern": [{"LOWER": "a"}, {"IS_STOP": true}]}',
        '{"label": "A", "pattern": [{"LEMMA": "be"}]}',
        '{"label": "A", "pattern": [{"ENT_TYPE": "GPE"}]}',
        '{"label": "A", "pattern": [{"LOWER": "a"}, {"LOWER": "b"}, {"IS_SENT_START": true}]}',
        '{"label": "A", "pattern": [{"LENGTH": {"~": 3}}]}',
      ].join('\n'),
    );
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^IS_STOP needs spaCy's stop-word list .*\(token 2 of the pattern\)/u),
      expect.stringMatching(/^LEMMA needs spaCy's trained pipeline \(its lemmatizer\) \(token 1 of the pattern\)/u),
      expect.stringMatching(/^ENT_TYPE needs spaCy's trained pipeline \(its entity recognizer\)/u),
      expect.stringMatching(/^IS_SENT_START needs sentence boundaries .*\(token 3 of the pattern\)/u),
      expect.stringMatching(/^LENGTH must be a whole number, or comparisons/u),
    ]);
  });

  it('refuses an empty file, and counts the wrong lines past the first twenty', () => {
    expect(errorsOf('\n\n')).toEqual([{ line: 0, message: 'the file holds no patterns' }]);
    const errors = errorsOf(Array.from({ length: 25 }, () => 'not json').join('\n'));
    expect(errors).toHaveLength(21);
    expect(errors[20]).toEqual({ line: 0, message: '5 more lines are wrong too' });
  });

  it('reads a term list as phrases for the chosen label, and tells JSONL names from term lists', () => {
    const read = parseTermList('terms.txt', ' Kim Jong Un \n\nPutin\r\n', 'visit', true);
    expect(read).toEqual({
      value: [
        { label: 'visit', source: 'pattern:terms.txt', line: 1, phrase: 'Kim Jong Un', ignoreCase: true },
        { label: 'visit', source: 'pattern:terms.txt', line: 3, phrase: 'Putin', ignoreCase: true },
      ],
    });
    expect(parseTermList('terms.txt', 'a', '', false)).toEqual({
      errors: [{ line: 0, message: 'a label name cannot be empty' }],
    });
    expect(isPatternsJsonlName('rules.JSONL')).toBe(true);
    expect(isPatternsJsonlName('terms.txt')).toBe(false);
  });
});

describe('a token text that is several tokens here (spaCy keeps "U.S." whole)', () => {
  const TEXT = 'The U.S. and the u.s. Navy; US forces.';
  const matched = (patterns: MatchPattern[]) =>
    new PatternMatcher(patterns).match(TEXT).map(({ start, end }) => sliceCodePoints(TEXT, start, end));

  it('matches a plain one-token text as its tokens in a row, and says so with its line', () => {
    const read = parsePatternsJsonl(
      'rules.jsonl',
      '{"label": "GPE", "pattern": [{"LOWER": "u.s."}, {"ORTH": "Navy", "OP": "?"}]}\n{"label": "GPE", "pattern": [{"ORTH": "US"}]}\n',
    );
    if ('errors' in read) throw new Error('refused');
    expect(matched(read.value)).toEqual(['U.S.', 'u.s. Navy', 'US']);
    expect(patternTokenNotes(read.value)).toEqual([
      'A token text is several tokens here, as Spanwright’s exports write them, so each matches as those tokens in a row: "u.s." (u . s .) on line 1.',
    ]);
  });

  it("reads a clitic as one token, as spaCy does: a pattern of a name and its 's finds it, and a list of clitics is no several-token text", () => {
    const text = "North Korea's envoy, Korea’s army, Germany 's bid";
    const read = parsePatternsJsonl(
      'rules.jsonl',
      '{"label": "GPE", "pattern": [{"LOWER": "korea"}, {"ORTH": "\'s"}]}\n{"label": "POSS", "pattern": [{"LOWER": {"IN": ["\'s", "’s"]}}]}\n',
    );
    if ('errors' in read) throw new Error('refused');
    const found = new PatternMatcher(read.value).match(text).map(({ start, end }) => sliceCodePoints(text, start, end));
    // Each label's matches: GPE's one, and every clitic (the one in Korea's too).
    expect(found).toEqual(["Korea's", "'s", '’s', "'s"]);
    expect(patternTokenNotes(read.value)).toEqual([]);
  });

  it('names a text that can never match where it can not be split: in a list, beside another test, under an OP', () => {
    const lines = [
      '{"label": "GPE", "pattern": [{"LOWER": {"IN": ["u.s.", "usa"]}}]}',
      '{"label": "GPE", "pattern": [{"ORTH": "U.S.", "IS_TITLE": true}]}',
      '{"label": "GPE", "pattern": [{"ORTH": "U.S.", "OP": "+"}]}',
    ];
    const read = parsePatternsJsonl('rules.jsonl', lines.join('\n'));
    if ('errors' in read) throw new Error('refused');
    expect(patternTokenNotes(read.value)).toEqual([
      '3 token texts are several tokens here, where one token can never equal it (in a list, beside other tests, or under an OP): "u.s." (u . s .) on line 1, "U.S." (U . S .) on line 2, "U.S." (U . S .) on line 3. Write each part as a token of its own, or the text as a phrase pattern.',
    ]);
    expect(patternTokenNotes(parseTermListValue())).toEqual([]);
  });
});

function parseTermListValue(): MatchPattern[] {
  const read = parseTermList('terms.txt', 'U.S.\nKim Jong Un', 'GPE', false);
  return 'value' in read ? read.value : [];
}

// ---- property: every match is text the pattern accepts -------------------------------------------

const WORDS = ['Kim', 'kim', 'KIM', 'Un', '12', '٣', 'visit', '東京', '🙂', 'e\u0301t\u00e9', ',', '.', "it's"];
const SPACES = [' ', '  ', '\r\n', '\n', '\t'];
const textOf = (words: readonly string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...SPACES)), { maxLength: 30 })
    .map((pairs) => pairs.map(([word, space]) => word + space).join(''));
const text = textOf(WORDS);
/** Few words, so that a phrase often stands in the text, across a line break too. */
const FEW_WORDS = ['Kim', 'Un', ',', '🙂'];

const testArbitrary: fc.Arbitrary<TokenTest> = fc.oneof(
  fc.record({ form: fc.constantFrom<TokenForm>('ORTH', 'LOWER'), equals: fc.constantFrom(...WORDS) }),
  fc.record({
    form: fc.constant<TokenForm>('ORTH'),
    regex: fc.constantFrom('^K', 'i', '\\d'),
    ignoreCase: fc.boolean(),
  }),
  fc.record({ flag: fc.constantFrom<TokenFlag>('IS_DIGIT', 'IS_ALPHA', 'IS_PUNCT'), value: fc.boolean() }),
);
const countsArbitrary = fc.constantFrom(
  { min: 1, max: 1, negated: false },
  { min: 0, max: 1, negated: false },
  { min: 0, max: Infinity, negated: false },
  { min: 1, max: Infinity, negated: false },
  { min: 1, max: 1, negated: true },
  { min: 2, max: 3, negated: false },
);
const stepArbitrary: fc.Arbitrary<TokenStep> = fc
  .tuple(fc.array(testArbitrary, { maxLength: 2 }), countsArbitrary)
  .map(([tests, counts]) => ({ tests, ...counts }));

/** A token of the matched text passes a step's tests: an independent reading of each test. */
function passes(step: TokenStep, token: string): boolean {
  return step.tests.every((test) => {
    if ('flag' in test) {
      const classes: Partial<Record<TokenFlag, RegExp>> = {
        IS_DIGIT: /^\p{Nd}+$/u,
        IS_ALPHA: /^\p{L}+$/u,
        IS_PUNCT: /^\p{P}+$/u,
      };
      return classes[test.flag]!.test(token) === test.value;
    }
    const form = 'form' in test && test.form === 'LOWER' ? token.toLowerCase() : token;
    if ('equals' in test) return form === test.equals;
    if ('regex' in test) return new RegExp(test.regex, test.ignoreCase ? 'iu' : 'u').test(form);
    return false;
  });
}

/** Whether `steps` accept exactly `tokens`, by plain backtracking over how many tokens each step takes. */
function accepts(steps: readonly TokenStep[], tokens: readonly string[]): boolean {
  if (steps.length === 0) return tokens.length === 0;
  const [step, ...rest] = steps;
  if (step.negated) return tokens.length > 0 && !passes(step, tokens[0]) && accepts(rest, tokens.slice(1));
  for (let taken = 0; taken <= Math.min(step.max, tokens.length); taken++) {
    if (taken > 0 && !passes(step, tokens[taken - 1])) break;
    if (taken >= step.min && accepts(rest, tokens.slice(taken))) return true;
  }
  return false;
}

describe('matching, as a property', () => {
  it('every match slices to the text of whole tokens, on one line, that its pattern accepts', () => {
    const patternArbitrary = fc
      .array(stepArbitrary, { minLength: 1, maxLength: 4 })
      .filter((steps) => steps.some((step) => step.min > 0));
    fc.assert(
      fc.property(text, patternArbitrary, (source, steps) => {
        const pattern: MatchPattern = { label: 'L', source: 'pattern:p', line: 1, steps };
        for (const match of new PatternMatcher([pattern]).match(source)) {
          expect(sliceCodePoints(source, match.start, match.end)).toBe(match.text);
          expect(match.text).not.toMatch(/[\r\n]/u);
          // Snapped to the text's own tokens: the match starts and ends where a token does.
          const tokens = tokenize(source);
          expect(tokens.some((token) => token.start === match.start)).toBe(true);
          expect(tokens.some((token) => token.end === match.end)).toBe(true);
          // The text's tokens inside the match (a clitic is one only after its word: "'s" alone is two).
          const words = tokens
            .filter((token) => token.start >= match.start && token.end <= match.end)
            .map((token) => sliceCodePoints(source, token.start, token.end));
          expect(accepts(steps, words)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a phrase is found wherever its tokens stand in a row on one line, and only there', () => {
    fc.assert(
      fc.property(
        textOf(FEW_WORDS),
        fc.array(fc.constantFrom(...FEW_WORDS), { minLength: 1, maxLength: 3 }),
        (source, words) => {
          const phrase = words.join(' ');
          const found = new PatternMatcher([
            { label: 'L', source: 'pattern:p', line: 1, phrase, ignoreCase: false },
          ]).match(source);
          const wanted = tokenize(phrase).map((token) => sliceCodePoints(phrase, token.start, token.end));
          // Scan the text's tokens left to right: a run equal to the phrase's tokens, on one line, is a match.
          const tokens = tokenize(source);
          const starts: number[] = [];
          for (let index = 0; index + wanted.length <= tokens.length;) {
            const run = tokens.slice(index, index + wanted.length);
            const same = run.every((token, at) => sliceCodePoints(source, token.start, token.end) === wanted[at]);
            const oneLine = !/[\r\n]/u.test(sliceCodePoints(source, run[0].start, run[run.length - 1].end));
            if (same && oneLine) {
              starts.push(run[0].start);
              index += wanted.length;
            } else index++;
          }
          expect(found.map((match) => match.start)).toEqual(starts);
        },
      ),
      { numRuns: 300 },
    );
  });
});

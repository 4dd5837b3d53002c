// Examples written from spaCy's Matcher and EntityRuler documentation (spacy.io/api/matcher,
// spacy.io/usage/rule-based-matching), with the texts cut to what Spanwright's tokens make of them.
import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../../../src/lib/model/offsets';
import { PatternMatcher } from '../../../src/lib/model/patternMatcher';
import { parsePatternsJsonl, parseTermList } from '../../../src/lib/formats/patterns';

/** The patterns of JSONL lines (each a `{"label", "pattern"}` object), read as a file is. */
function patternsOf(...lines: object[]) {
  const read = parsePatternsJsonl('test.jsonl', lines.map((line) => JSON.stringify(line)).join('\n'));
  if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
  return read.value;
}

/** What matches in `text`: [label, start, end, text], the text sliced by the code point offsets. */
function matches(text: string, ...lines: object[]) {
  return new PatternMatcher(patternsOf(...lines)).match(text).map((match) => {
    expect(sliceCodePoints(text, match.start, match.end)).toBe(match.text);
    return [match.label, match.start, match.end, match.text];
  });
}
const texts = (text: string, ...lines: object[]) => matches(text, ...lines).map((match) => match[3]);

describe('phrase patterns', () => {
  it('finds the EntityRuler example: a phrase and a token pattern', () => {
    expect(
      matches(
        'Apple is opening its first big office in San Francisco.',
        { label: 'ORG', pattern: 'Apple' },
        { label: 'GPE', pattern: [{ LOWER: 'san' }, { LOWER: 'francisco' }] },
      ),
    ).toEqual([
      ['ORG', 0, 5, 'Apple'],
      ['GPE', 41, 54, 'San Francisco'],
    ]);
  });

  it('matches a phrase verbatim, on whole tokens, whatever the space between them', () => {
    const phrase = { label: 'ORG', pattern: 'Apple Inc.' };
    expect(texts('apple inc. and Apple Inc. and Apple  Inc. and Apple Inc', phrase)).toEqual([
      'Apple Inc.',
      'Apple  Inc.',
    ]);
    // Tokens, not characters: "Apple" inside "Pineapple" or "Apples" is no match.
    expect(texts('Pineapple Apples', { label: 'ORG', pattern: 'Apple' })).toEqual([]);
  });

  it('does not match across a line break, and counts offsets after CRLF in code points', () => {
    const text = 'San\r\nFrancisco\r\n🙂 San Francisco';
    expect(matches(text, { label: 'GPE', pattern: 'San Francisco' })).toEqual([['GPE', 18, 31, 'San Francisco']]);
  });
});

describe('token patterns', () => {
  it('finds "Hello, world" with LOWER and IS_PUNCT (the Matcher guide’s first pattern)', () => {
    const hello = { label: 'HELLO', pattern: [{ LOWER: 'hello' }, { IS_PUNCT: true }, { LOWER: 'world' }] };
    expect(texts('Hello, world! Hello world!', hello)).toEqual(['Hello, world']);
    const optional = { label: 'HELLO', pattern: [{ LOWER: 'hello' }, { IS_PUNCT: true, OP: '?' }, { LOWER: 'world' }] };
    expect(texts('Hello, world! Hello world!', optional)).toEqual(['Hello, world', 'Hello world']);
  });

  it('tells ORTH (verbatim) from LOWER (any case), in either case of key', () => {
    const text = 'apple Apple APPLE';
    expect(texts(text, { label: 'A', pattern: [{ ORTH: 'Apple' }] })).toEqual(['Apple']);
    expect(texts(text, { label: 'A', pattern: [{ orth: 'Apple' }] })).toEqual(['Apple']);
    expect(texts(text, { label: 'A', pattern: [{ TEXT: 'APPLE' }] })).toEqual(['APPLE']);
    expect(texts(text, { label: 'A', pattern: [{ lower: 'apple' }] })).toEqual(['apple', 'Apple', 'APPLE']);
    // LOWER compares the lower-case form: a value with capitals never matches.
    expect(texts(text, { label: 'A', pattern: [{ LOWER: 'Apple' }] })).toEqual([]);
  });

  it('searches a REGEX in the token text, as Python’s re.search does', () => {
    const spelling = { label: 'ADV', pattern: [{ TEXT: { REGEX: 'deff?in[ia]tely' } }] };
    expect(texts('definitely, definately, deffinitely, defiantly, indefinitely', spelling)).toEqual([
      'definitely',
      'definately',
      'deffinitely',
      'indefinitely',
    ]);
    const president = {
      label: 'TITLE',
      pattern: [
        { TEXT: { REGEX: '^[Uu](\\.?|nited)$' } },
        { TEXT: { REGEX: '^[Ss](\\.?|tates)$' } },
        { LOWER: 'president' },
      ],
    };
    expect(texts('the United States President and the Unity States president', president)).toEqual([
      'United States President',
    ]);
    // The short forms: a top-level "regex" key, a LOWER regex, Python's (?i) flag.
    expect(texts('Kyiv kyiv KYIV Kiev', { label: 'C', pattern: [{ regex: '^K(yi|ie)v$' }] })).toEqual(['Kyiv', 'Kiev']);
    expect(texts('Kyiv kyiv KYIV', { label: 'C', pattern: [{ LOWER: { REGEX: '^kyiv$' } }] })).toHaveLength(3);
    expect(texts('Kyiv kyiv KYIV', { label: 'C', pattern: [{ TEXT: { REGEX: '(?i)^kyiv$' } }] })).toHaveLength(3);
  });

  it('tests IS_DIGIT on every decimal digit, not just ASCII, and LENGTH in code points', () => {
    const chapter = { label: 'REF', pattern: [{ LOWER: 'chapter' }, { IS_DIGIT: true }] };
    expect(texts('Chapter 12, chapter ١٢, chapter XII, chapter 1.5', chapter)).toEqual([
      'Chapter 12',
      'chapter ١٢',
      'chapter 1',
    ]);
    const year = { label: 'YEAR', pattern: [{ IS_DIGIT: true, LENGTH: 4 }] };
    expect(texts('in 1984, 12 and 20245', year)).toEqual(['1984']);
    expect(texts('a bb ccc 🙂🙂', { label: 'L', pattern: [{ LENGTH: { '>=': 2 }, IS_ALPHA: true }] })).toEqual([
      'bb',
      'ccc',
    ]);
  });

  it('takes IN and NOT_IN lists', () => {
    const greeting = { label: 'G', pattern: [{ LOWER: 'good' }, { LOWER: { IN: ['morning', 'evening'] } }] };
    expect(texts('Good morning, good night, good evening', greeting)).toEqual(['Good morning', 'good evening']);
    const notNight = { label: 'G', pattern: [{ LOWER: 'good' }, { LOWER: { NOT_IN: ['night'] } }] };
    expect(texts('Good morning, good night', notNight)).toEqual(['Good morning']);
  });
});

describe('lexical attributes (what spaCy reads from the text with a blank pipeline)', () => {
  it('IS_TITLE: finds the title-case words after "visited"', () => {
    const visit = { label: 'PERSON', pattern: [{ LOWER: 'visited' }, { IS_TITLE: true, OP: '+' }] };
    expect(texts("She visited New York, visited friends and Visited O'Brien MCDONALD", visit)).toEqual([
      'visited New York',
      "Visited O'Brien",
    ]);
  });

  it('SHAPE: the EntityRuler guide’s phone numbers, and runs cut after four characters', () => {
    const phone = {
      label: 'PHONE',
      pattern: [
        { ORTH: '(' },
        { SHAPE: 'ddd' },
        { ORTH: ')' },
        { SHAPE: 'dddd' },
        { ORTH: '-', OP: '?' },
        { SHAPE: 'dddd' },
      ],
    };
    expect(texts('call (123) 4567 8901 or (123) 4567-8901, not (12) 4567 8901', phone)).toEqual([
      '(123) 4567 8901',
      '(123) 4567-8901',
    ]);
    const text = 'Apple is looking at buying U.K. startup for $1 billion';
    expect(texts(text, { label: 'S', pattern: [{ SHAPE: 'xxxx' }] })).toEqual([
      'looking',
      'buying',
      'startup',
      'billion',
    ]);
    expect(texts(text, { label: 'S', pattern: [{ SHAPE: { IN: ['Xxxxx', 'd'] } }] })).toEqual(['Apple', '1']);
    expect(texts(text, { label: 'S', pattern: [{ shape: { REGEX: '^X' } }] })).toEqual(['Apple', 'U', 'K']);
  });

  it('LIKE_NUM: digits and English number words, in any case', () => {
    const count = { label: 'QTY', pattern: [{ LIKE_NUM: true }, { LOWER: { IN: ['apples', 'pears'] } }] };
    expect(texts('ten apples, 10 pears, many apples, Twelfth pears, 21st apples', count)).toEqual([
      'ten apples',
      '10 pears',
      'Twelfth pears',
      '21st apples',
    ]);
    // 3.14 is three tokens here (one in spaCy): each number a token of its own.
    const decimal = { label: 'N', pattern: [{ LIKE_NUM: true }, { ORTH: '.' }, { LIKE_NUM: true }] };
    expect(texts('pi is 3.14. Or is it 3. 14', decimal)).toEqual(['3.14', '3. 14']);
  });

  it('IS_CURRENCY, IS_BRACKET, IS_QUOTE, IS_LEFT_PUNCT and IS_RIGHT_PUNCT', () => {
    const price = { label: 'MONEY', pattern: [{ IS_CURRENCY: true }, { LIKE_NUM: true }] };
    expect(texts('costs $5, €20 or 30 USD', price)).toEqual(['$5', '€20']);
    const reference = { label: 'REF', pattern: [{ IS_BRACKET: true }, { IS_DIGIT: true }, { IS_BRACKET: true }] };
    expect(texts('see [1], (2) and “3”', reference)).toEqual(['[1]', '(2)']);
    const quoted = { label: 'Q', pattern: [{ IS_QUOTE: true }, { IS_ALPHA: true, OP: '+' }, { IS_QUOTE: true }] };
    expect(texts('"yes" and (no) and «oui non»', quoted)).toEqual(['"yes"', '«oui non»']);
    const aside = {
      label: 'A',
      pattern: [{ IS_LEFT_PUNCT: true }, { OP: '+', IS_ALPHA: true }, { IS_RIGHT_PUNCT: true }],
    };
    expect(texts('he said “yes sir” (and left) ”not this“', aside)).toEqual(['“yes sir”', '(and left)']);
  });

  it('IS_SPACE: spaces are not tokens here, so a pattern that allows them matches as in spaCy', () => {
    const city = { label: 'GPE', pattern: [{ LOWER: 'new' }, { IS_SPACE: true, OP: '*' }, { LOWER: 'york' }] };
    expect(texts('New   York and new york', city)).toEqual(['New   York', 'new york']);
    expect(texts('New York', { label: 'S', pattern: [{ IS_SPACE: true }] })).toEqual([]);
  });

  it('LIKE_URL and LIKE_EMAIL are read, and no token here looks like either (they split at . and @)', () => {
    const text = 'visit https://spacy.io or mail kim@example.com';
    expect(texts(text, { label: 'U', pattern: [{ LIKE_URL: true }] })).toEqual([]);
    expect(texts(text, { label: 'U', pattern: [{ LOWER: 'visit' }, { LIKE_URL: false, LIKE_EMAIL: false }] })).toEqual([
      'visit https',
    ]);
  });

  it('LENGTH takes several comparisons, and IN and NOT_IN lists', () => {
    const text = 'a bb ccc dddd eeeee';
    expect(texts(text, { label: 'L', pattern: [{ LENGTH: { '>=': 2, '<': 5 } }] })).toEqual(['bb', 'ccc', 'dddd']);
    expect(texts(text, { label: 'L', pattern: [{ LENGTH: { IN: [1, 5] } }] })).toEqual(['a', 'eeeee']);
    expect(texts(text, { label: 'L', pattern: [{ LENGTH: { NOT_IN: [1, 2, 3] } }] })).toEqual(['dddd', 'eeeee']);
  });
});

describe('operators', () => {
  const names = 'Kim Jong Un met Kim Un and Kim';
  it('? * + take zero or one, zero or more, one or more tokens, as long as they can', () => {
    const between = (op: string) => ({
      label: 'PER',
      pattern: [{ ORTH: 'Kim' }, { ORTH: 'Jong', OP: op }, { ORTH: 'Un' }],
    });
    expect(texts(names, between('?'))).toEqual(['Kim Jong Un', 'Kim Un']);
    expect(texts(names, between('+'))).toEqual(['Kim Jong Un']);
    expect(texts('Kim Jong Jong Un and Kim Un', between('*'))).toEqual(['Kim Jong Jong Un', 'Kim Un']);
  });

  it('! takes exactly one token that fails the test (and none at the end of the text)', () => {
    const notBad = { label: 'P', pattern: [{ LOWER: 'very' }, { LOWER: 'bad', OP: '!' }] };
    expect(texts('very bad, very good, very', notBad)).toEqual(['very good']);
  });

  it('{n}, {n,m}, {n,} and {,m} take that many tokens', () => {
    const digits = (op: string) => ({ label: 'N', pattern: [{ IS_DIGIT: true, OP: op }] });
    const text = '1 2 3 4 5';
    expect(texts(text, digits('{2}'))).toEqual(['1 2', '3 4']);
    expect(texts(text, digits('{2,3}'))).toEqual(['1 2 3', '4 5']);
    expect(texts(text, digits('{4,}'))).toEqual(['1 2 3 4 5']);
    expect(texts(text, { label: 'N', pattern: [{ ORTH: '1' }, { IS_DIGIT: true, OP: '{,2}' }] })).toEqual(['1 2 3']);
  });

  it('a wildcard {} matches any token, but never across a line break', () => {
    const anything = { label: 'Q', pattern: [{ ORTH: '“' }, { OP: '*' }, { ORTH: '”' }] };
    expect(texts('he said “we will\nnot” and “yes we will” 🙂', anything)).toEqual(['“yes we will”']);
  });
});

describe('several patterns', () => {
  it('keeps, per label, the leftmost and then longest match; different labels may overlap', () => {
    const text = 'New York City and York';
    expect(
      matches(
        text,
        { label: 'GPE', pattern: 'York' },
        { label: 'GPE', pattern: 'New York' },
        { label: 'GPE', pattern: 'York City' },
        { label: 'CITY', pattern: [{ LOWER: 'york' }, { LOWER: 'city' }] },
      ),
    ).toEqual([
      ['GPE', 0, 8, 'New York'],
      ['CITY', 4, 13, 'York City'],
      ['GPE', 18, 22, 'York'],
    ]);
  });

  it('finds term lists, verbatim or ignoring case', () => {
    const terms = (ignoreCase: boolean) => {
      const read = parseTermList('people.txt', 'Vladimir Putin\r\n\r\nkim jong un\n', 'visit', ignoreCase);
      if (!('value' in read)) throw new Error('not read');
      return new PatternMatcher(read.value).match('Kim Jong Un and Vladimir Putin').map((match) => match.text);
    };
    expect(terms(false)).toEqual(['Vladimir Putin']);
    expect(terms(true)).toEqual(['Kim Jong Un', 'Vladimir Putin']);
  });
});

describe('offsets in code points', () => {
  it('counts emoji, CJK and combining marks as the rest of the app does', () => {
    const text = '👩‍👩‍👧 met 東京 the Cafe\u0301 owner 🇺🇦 in 한국';
    const found = matches(
      text,
      { label: 'PLACE', pattern: '東京' },
      { label: 'PLACE', pattern: [{ ORTH: '한국' }] },
      { label: 'SHOP', pattern: [{ LOWER: 'cafe\u0301' }] },
    );
    expect(found).toEqual([
      ['PLACE', 10, 12, '東京'],
      ['SHOP', 17, 22, 'Cafe\u0301'],
      ['PLACE', 35, 37, '한국'],
    ]);
    // The family emoji is five code points (three people, two joiners), as Python counts them.
    expect([...text].slice(10, 12).join('')).toBe('東京');
  });
});

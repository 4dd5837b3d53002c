// Examples written from spaCy's attribute documentation (spacy.io/api/token#attributes,
// spacy.io/usage/linguistic-features) and Python's str.istitle / str.isspace documentation.
import { describe, expect, it } from 'vitest';
import {
  isCurrency,
  isLeftPunct,
  isQuote,
  isRightPunct,
  isSpace,
  isTitle,
  likeEmail,
  likeNumber,
  likeUrl,
  wordShape,
} from '../../../src/lib/model/lexicalAttributes';

describe('lexical attributes of a token text', () => {
  it('SHAPE: letters as X or x, digits as d, other characters kept, runs cut after four', () => {
    // The linguistic-features guide's "Apple is looking at buying U.K. startup for $1 billion".
    const shapes = ['Apple', 'is', 'looking', 'U.K.', '$', '1', 'billion'].map(wordShape);
    expect(shapes).toEqual(['Xxxxx', 'xx', 'xxxx', 'X.X.', '$', 'd', 'xxxx']);
    expect(wordShape('2026')).toBe('dddd');
    expect(wordShape('iPhone15')).toBe('xXxxxxdd');
    expect(wordShape('Ödön')).toBe('Xxxx');
    expect(wordShape('١٢٣٤٥')).toBe('dddd');
    expect(wordShape('a'.repeat(99))).toBe('xxxx');
    expect(wordShape('a'.repeat(100))).toBe('LONG');
  });

  it('IS_TITLE: Python’s istitle, upper case only after an uncased character', () => {
    for (const title of ['Hello', 'Hello World', "O'Brien", 'Mcdonald', 'ǅungla', 'Éclair', 'R2D2'])
      expect(isTitle(title), title).toBe(true);
    for (const other of ['hello', 'HELLO', 'McDonald', '1st', '42', '', '.', 'hELLO'])
      expect(isTitle(other), other).toBe(false);
  });

  it('IS_SPACE: Python’s isspace, white space throughout and not empty', () => {
    for (const space of [' ', '\n', '\t\r\n', '\u00a0', '\u3000', '\u0085', '\u001c'])
      expect(isSpace(space), JSON.stringify(space)).toBe(true);
    for (const other of ['', 'a b', '\u200b', '\ufeff']) expect(isSpace(other), JSON.stringify(other)).toBe(false);
  });

  it('LIKE_NUM: digits with , and ., fractions, English number words and ordinals', () => {
    for (const number of [
      '10',
      '10.9',
      '10,000',
      '-5',
      '±3',
      '3/4',
      'ten',
      'Ten',
      'billion',
      'first',
      'Twelfth',
      '21st',
      '3rd',
    ])
      expect(likeNumber(number), number).toBe(true);
    for (const other of ['ten-ish', '1/2/3', 'st', 'thousands', 'x10', '10km', '.', 'v2'])
      expect(likeNumber(other), other).toBe(false);
  });

  it('IS_QUOTE, IS_LEFT_PUNCT, IS_RIGHT_PUNCT, IS_CURRENCY: spaCy’s character lists', () => {
    expect(['"', '“', '”', '«', '‚', "''", '``'].every(isQuote)).toBe(true);
    expect(['(', '[', '“', '«', '‘'].every(isLeftPunct)).toBe(true);
    expect([')', ']', '”', '»', '’'].every(isRightPunct)).toBe(true);
    expect(['(', '“'].some(isRightPunct) || [')', '”'].some(isLeftPunct) || isQuote('(')).toBe(false);
    expect(['$', '€', '£', '¥', '₴', '$$'].every(isCurrency)).toBe(true);
    expect(['USD', '$5', '%'].some(isCurrency)).toBe(false);
  });

  it('LIKE_URL and LIKE_EMAIL: spaCy’s heuristics', () => {
    for (const url of [
      'https://spacy.io',
      'http://x',
      'www.google.com',
      'spacy.io',
      'example.com',
      'localhost.local/',
      'bbc.co.uk',
    ])
      expect(likeUrl(url), url).toBe(true);
    for (const other of ['hello', 'www.', '.com', 'example.', 'kim@example.com', 'file.txt', 'U.K'])
      expect(likeUrl(other), other).toBe(false);
    expect(likeEmail('kim@example.com')).toBe(true);
    expect(likeEmail('first.last+tag@mail.example.org')).toBe(true);
    for (const other of ['kim@example', '@example.com', 'kim at example.com'])
      expect(likeEmail(other), other).toBe(false);
  });
});

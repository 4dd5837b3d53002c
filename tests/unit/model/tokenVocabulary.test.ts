import { describe, expect, it } from 'vitest';
import { PatternMatcher } from '../../../src/lib/model/patternMatcher';
import { TokenVocabulary } from '../../../src/lib/model/tokenVocabulary';
import { parsePatternsJsonl } from '../../../src/lib/formats/patterns';

describe('token vocabulary', () => {
  it('gives a token text one number, wherever it lies', () => {
    const vocabulary = new TokenVocabulary();
    const fox = vocabulary.id('fox');
    expect(vocabulary.idIn('the fox and the Fox', 4, 7)).toBe(fox);
    expect(vocabulary.idIn('the fox and the Fox', 16, 19)).not.toBe(fox);
    expect(vocabulary.lower(vocabulary.id('Fox'))).toBe(fox);
    expect(vocabulary.text(fox)).toBe('fox');
  });

  it('keeps its numbers apart through many texts (the table grows)', () => {
    const vocabulary = new TokenVocabulary();
    const ids = Array.from({ length: 5000 }, (_, index) => vocabulary.id(`w${index}`));
    expect(new Set(ids).size).toBe(5000);
    expect(Array.from({ length: 5000 }, (_, index) => vocabulary.id(`w${index}`))).toEqual(ids);
  });

  it('forgets the texts met past its limit, but never the pinned ones', () => {
    const vocabulary = new TokenVocabulary(3);
    const pinned = vocabulary.id('Paris');
    vocabulary.pin();
    for (const word of ['a', 'b', 'c', 'd']) vocabulary.id(word);
    expect(vocabulary.trim()).toBe(true);
    expect(vocabulary.size).toBe(1);
    expect(vocabulary.id('Paris')).toBe(pinned);
    expect(vocabulary.text(vocabulary.id('d'))).toBe('d');
  });
});

describe('a matcher over many texts', () => {
  it('finds the same with a tiny vocabulary (forgotten between texts) as with a large one', () => {
    const read = parsePatternsJsonl(
      'p.jsonl',
      [
        '{"label": "CITY", "pattern": "New York"}',
        '{"label": "CITY", "pattern": [{"LOWER": "san"}, {"OP": "?"}, {"LOWER": "francisco"}]}',
        '{"label": "NUM", "pattern": [{"IS_DIGIT": true, "OP": "+"}]}',
        '{"label": "CAP", "pattern": [{"TEXT": {"REGEX": "^[A-Z]"}}, {"LOWER": {"IN": ["said", "says"]}}]}',
      ].join('\n'),
    );
    if (!('value' in read)) throw new Error(JSON.stringify(read.errors));
    const texts = [
      'New York said 12 34 and San Francisco',
      'Alice says new york, NEW YORK; New York 2024',
      'san francisco San Francisco Bob said 7',
      'nothing here at all',
      'New York New York',
    ];
    const small = new PatternMatcher(read.value, { vocabularyLimit: 2 });
    const large = new PatternMatcher(read.value);
    const found = texts.map((text) => large.match(text));
    expect(found.flat().length).toBeGreaterThan(8);
    for (let round = 0; round < 2; round++) expect(texts.map((text) => small.match(text))).toEqual(found);
  });
});

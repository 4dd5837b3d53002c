import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCharacter, searchHits } from '../../../src/lib/model/searchHits';
import { searchable } from '../../../src/lib/model/searchable';
import { trickyText } from '../arbitraries';

const found = (text: string, query: string) => searchHits(text, query).map(({ start, end }) => text.slice(start, end));

describe('search hits in the open text', () => {
  it('finds every occurrence regardless of case and accents, as the document search does', () => {
    expect(found('Zürich, ZURICH and zurich', 'zurich')).toEqual(['Zürich', 'ZURICH', 'zurich']);
    expect(found('Kim Jong Un met Kim', 'KIM')).toEqual(['Kim', 'Kim']);
    expect(found('Pyongyang', '  yang ')).toEqual(['yang']);
  });

  it('slices whole characters around emoji, CJK, combining marks and CRLF', () => {
    const text = '🙂 Kim\r\nZu\u0308rich 金正恩 🇰🇵 e\u0301te\u0301';
    expect(found(text, 'zurich')).toEqual(['Zu\u0308rich']);
    expect(found(text, 'kim\r\nzu')).toEqual(['Kim\r\nZu\u0308']);
    expect(found(text, '正恩')).toEqual(['正恩']);
    expect(found(text, 'ete')).toEqual(['e\u0301te\u0301']);
    expect(found(text, '🇰🇵')).toEqual(['🇰🇵']);
    expect(found(text, '🙂 k')).toEqual(['🙂 K']);
  });

  it('finds typeset apostrophes and quotation marks by the ones a keyboard types, and any white space by one space', () => {
    const text = 'North Korea’s “talks” and Shoigu‘s  visit,\r\nwhat’s\u00a0clicking';
    expect(found(text, "korea's")).toEqual(['Korea’s']);
    expect(found(text, 'korea’s')).toEqual(['Korea’s']);
    expect(found(text, '"talks"')).toEqual(['“talks”']);
    expect(found(text, "shoigu's visit")).toEqual(['Shoigu‘s  visit']);
    expect(found(text, 'visit, what')).toEqual(['visit,\r\nwhat']);
    expect(found(text, "what's  clicking")).toEqual(['what’s\u00a0clicking']);
    expect(searchable(text).includes(searchable('korea\'s "talks"'))).toBe(true);
    expect(searchable(text).includes(searchable("what's clicking"))).toBe(true);
  });

  it('ignores accents, Hebrew points and Arabic vowel signs, not the signs that make another word', () => {
    expect(found('Hà Nội and Ha Noi', 'ha noi')).toEqual(['Hà Nội', 'Ha Noi']);
    expect(found('שָׁלוֹם', 'שלום')).toEqual(['שָׁלוֹם']);
    expect(found('كَتَبَ', 'كتب')).toEqual(['كَتَبَ']);
    // Thai and Devanagari vowel signs, and the voicing marks of kana, are letters of another word.
    expect(found('ปฏิเสธ', 'ปฏเสธ')).toEqual([]);
    expect(found('ปฏิเสธ', 'ปฏิเสธ')).toEqual(['ปฏิเสธ']);
    expect(found('नरेंद्र मोदी', 'नरदर')).toEqual([]);
    expect(found('プーチン', 'フーチン')).toEqual([]);
    expect(found('プーチン', 'プーチン')).toEqual(['プーチン']);
    expect(found('か\u3099', 'が')).toEqual(['か\u3099']);
    // Hebrew maqaf is punctuation, not a point: it is not folded away.
    expect(found('בית־ספר', 'ביתספר')).toEqual([]);
    expect(found('בית־ספר', 'בית־ספר')).toEqual(['בית־ספר']);
  });

  it('keeps Cyrillic letters that are letters of their own, written whole or as base and mark', () => {
    // мой and мои are two words; й written as и + ◌̆ is still й. Ё folds, as Russian is often written without it.
    expect(found('мой и мои', 'мои')).toEqual(['мои']);
    expect(found('мой и мои', 'мой')).toEqual(['мой']);
    expect(found('МОЙ мои\u0306', 'мой')).toEqual(['МОЙ', 'мои\u0306']);
    expect(found('мои\u0306 мои', 'мои\u0306')).toEqual(['мои\u0306']);
    expect(found('Україна Украина', 'україна')).toEqual(['Україна']);
    expect(found('Ёлка и елка', 'елка')).toEqual(['Ёлка', 'елка']);
    expect(found('наприме́р', 'например')).toEqual(['наприме́р']);
  });

  it('finds nothing for an empty query, and stops at the limit', () => {
    expect(searchHits('abc', '   ')).toEqual([]);
    expect(searchHits('aaaa', 'a', 3)).toHaveLength(3);
  });

  it('never cuts a surrogate pair, and every hit folds to the query', () => {
    fc.assert(
      fc.property(trickyText, fc.nat(), fc.integer({ min: 1, max: 4 }), (text, at, length) => {
        const characters = [...text];
        if (characters.length === 0) return;
        const start = at % characters.length;
        const query = characters.slice(start, start + length).join('');
        // A run of white space is one space, in the text as in the query.
        const fold = (value: string) => [...value].map(foldCharacter).join('').replace(/ +/gu, ' ');
        const hits = searchHits(text, query);
        if (fold(query.trim()) === '') {
          expect(hits).toEqual([]);
          return;
        }
        expect(hits.length).toBeGreaterThan(0);
        for (const { start: from, end: to } of hits) {
          for (const edge of [from, to]) {
            const before = text.charCodeAt(edge - 1);
            const after = text.charCodeAt(edge);
            expect(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff).toBe(false);
          }
          expect(fold(text.slice(from, to))).toContain(fold(query.trim()));
        }
      }),
    );
  });
});

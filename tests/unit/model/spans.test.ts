import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { innermostAt } from '../../../src/lib/model/innermost';
import { segmentSpans, snapSelection, type RangeSpan } from '../../../src/lib/model/spans';
import { titleFromText } from '../../../src/lib/model/title';

describe('snapSelection', () => {
  const text = 'The White House said  North Korea’s envoy visited. 🙂 ok';
  const pick = (start: number, end: number, precise = false) => {
    const snapped = snapSelection(text, start, end, precise);
    return snapped && text.slice(snapped.start, snapped.end);
  };

  it('extends partial words to whole words and trims whitespace', () => {
    expect(pick(5, 12)).toBe('White House');
    expect(pick(3, 7)).toBe('White');
    expect(pick(19, 27)).toBe('said  North');
  });

  it('keeps the apostrophe inside a word but not trailing punctuation', () => {
    const joined = "rock'n'roll l’été";
    expect(snapSelection(joined, 1, 3)).toEqual({ start: 0, end: 11 });
    expect(snapSelection(joined, 13, 14)).toEqual({ start: 12, end: 17 });
    // A drag that overshoots onto a sentence's stop leaves it out (helper-207: "Pyongyang." labelled with its stop).
    expect(pick(text.indexOf('visited'), text.indexOf('visited') + 8)).toBe('visited');
    expect(pick(text.indexOf('visited'), text.indexOf('visited') + 8, true)).toBe('visited.');
  });

  it('leaves an English clitic out unless the selection reaches its letters, as the tokens cut it', () => {
    const korea = text.indexOf('Korea');
    expect(pick(korea + 1, korea + 3)).toBe('Korea');
    expect(pick(text.indexOf('North'), korea + 5)).toBe('North Korea');
    expect(pick(korea, korea + 6)).toBe('Korea'); // the apostrophe alone
    expect(pick(korea + 2, korea + 7)).toBe('Korea’s');
    expect(pick(korea + 2, korea + 10)).toBe('Korea’s envoy');
    const more = "They're here; O'Neill's men; Korea'sa";
    const at = (piece: string, length: number) => {
      const snapped = snapSelection(more, more.indexOf(piece), more.indexOf(piece) + length);
      return snapped && more.slice(snapped.start, snapped.end);
    };
    expect(at('They', 2)).toBe('They');
    expect(at("O'Neill", 3)).toBe("O'Neill");
    expect(at("Korea'sa", 2)).toBe("Korea'sa");
    expect(snapSelection(text, korea + 1, korea + 3, true)).toEqual({ start: korea + 1, end: korea + 3 });
    // A closing quotation mark after the clitic changes nothing (helper-190), and stays when its opening one is
    // selected too (helper-191).
    const quoted = '‘North Korea’s’ envoy';
    expect(snapSelection(quoted, 7, 9)).toEqual({ start: 7, end: 12 });
    expect(snapSelection(quoted, 7, 14)).toEqual({ start: 7, end: 14 });
    expect(snapSelection(quoted, 0, 15)).toEqual({ start: 0, end: 15 });
    expect(snapSelection('the dogs’ bowls', 4, 9)).toEqual({ start: 4, end: 8 });
    // Begun at the clitic's apostrophe, the selection is the clitic; begun on its letter, the whole word.
    expect(pick(korea + 5, korea + 7)).toBe('’s');
    expect(pick(korea + 6, korea + 7)).toBe('Korea’s');
  });

  it('leaves the punctuation of the text around out of a span: a comma or stop it begins on, a comma or opening quote it ends on', () => {
    const sample = 'officials said, review the plan. “As part of this deal,” he said (AP) in the U.S.';
    const around = (piece: string, precise = false) => {
      const at = sample.indexOf(piece);
      const snapped = snapSelection(sample, at, at + piece.length, precise);
      return snapped && sample.slice(snapped.start, snapped.end);
    };
    expect(around(', review the')).toBe('review the');
    expect(around('. “As part of this')).toBe('“As part of this');
    expect(around('As part of this deal,')).toBe('As part of this deal');
    expect(around('deal,” he')).toBe('deal,” he');
    // Begun on the comma and the closing quote after a quotation: both are the quotation's.
    expect(around(',” he said')).toBe('he said');
    expect(around('he said (')).toBe('he said');
    expect(around('(AP)')).toBe('(AP)');
    expect(around('the U.S.')).toBe('the U.S.');
    expect(around(', ')).toBe(',');
    // Quotation marks stay, whichever way a language turns them; a stop before a letter is the word's.
    const quoted = (sample: string) => {
      const snapped = snapSelection(sample, 0, sample.length);
      return snapped && sample.slice(snapped.start, snapped.end);
    };
    for (const sample of ['„Ja“', '»Ja«', '”Ja”', '“Ja”', '«Ja»', '.NET runtime', '« Oui »'])
      expect(quoted(sample)).toBe(sample);
    // Exact characters keep what was selected.
    expect(around(', review the', true)).toBe(', review the');
  });

  it('takes an abbreviation with stops inside whole, its last stop with it, and a decimal number whole', () => {
    const sample =
      'arms deal, according to U.S. intelligence. It is 3.5 billion, e.g. now. Made in the U.S. Then v1.2 came.';
    const around = (piece: string, occurrence = 0) => {
      let at = sample.indexOf(piece);
      for (let next = 0; next < occurrence; next++) at = sample.indexOf(piece, at + 1);
      const snapped = snapSelection(sample, at, at + piece.length);
      return snapped && sample.slice(snapped.start, snapped.end);
    };
    expect(around('U.S')).toBe('U.S.');
    expect(around('S. intelligence')).toBe('U.S. intelligence');
    expect(around(', according to U.S')).toBe('according to U.S.');
    // The first letter alone (a double-click's word, as a browser may give it), or the last.
    expect(around('U')).toBe('U.S.');
    expect(around('S', 1)).toBe('U.S.');
    // At a sentence's end the stop is the abbreviation's too; after a number it is the sentence's.
    expect(around('the U.S', 0)).toBe('the U.S.');
    expect(around('e.g')).toBe('e.g.');
    expect(around('5 billion')).toBe('3.5 billion');
    expect(around('v1')).toBe('v1.2');
    // A plain word's or a number's stop at a sentence's end is the sentence's, as the tokens have it.
    expect(around('intelligence.')).toBe('intelligence');
    expect(around('v1.2 came.')).toBe('v1.2 came');
    expect(around('deal,')).toBe('deal');
    for (const [sample, kept] of [
      ['He visited Pyongyang.', 'He visited Pyongyang'],
      ['in 2019.', 'in 2019'],
      ['“They met in March.”', 'They met in March'],
      ['(the summit.)', 'the summit'],
      ['a Ph.D.', 'a Ph.D.'],
      ['he waited...', 'he waited...'],
      ['said Acme Corp.', 'said Acme Corp.'],
      ['.', '.'],
    ]) {
      const snapped = snapSelection(
        sample,
        sample.search(/\p{L}|\d|\./u),
        sample.length - (/[”)]$/u.test(sample) ? 1 : 0),
      );
      expect(snapped && sample.slice(snapped.start, snapped.end), sample).toBe(kept);
    }
    // An abbreviation's stop is its own, and so is a stop the sentence goes on after (helper-208: "Acme Corp" cut).
    for (const [sample, dragged, kept] of [
      ['Acme Corp. said it', 'Acme Corp.', 'Acme Corp.'],
      ['talks with Mr. Kim', 'with Mr.', 'with Mr.'],
      ['the No. 2 man', 'the No.', 'the No.'],
      ['at 5 a.m. sharp', 'at 5 a.m.', 'at 5 a.m.'],
      ['the rally. then it', 'the rally.', 'the rally.'],
      ['in March. Then it', 'in March.', 'in March'],
      ['in March.\nThen', 'in March.', 'in March'],
    ]) {
      const at = sample.indexOf(dragged);
      const snapped = snapSelection(sample, at, at + dragged.length);
      expect(snapped && sample.slice(snapped.start, snapped.end), sample).toBe(kept);
    }
  });

  it('takes no sentence stop into a word: a space missing after it, or after a file, domain or long word (helper-157)', () => {
    const cases: [string, string, string][] = [
      ['he said.The bank', 'said', 'said'],
      ['in 2023.The bank', '2023', '2023'],
      ['at google.com. Then', 'google', 'google.com'],
      ['the report.pdf. Then', 'report', 'report.pdf'],
      ['uses Node.js. Then', 'Node', 'Node.js'],
      ['it is 3.5. Then', '3', '3.5'],
      ['he left...Then', 'left', 'left'],
      // Short pieces between stops are an abbreviation's: its last stop is its own.
      ['a Ph.D. student', 'Ph', 'Ph.D.'],
      ['at 5 p.m. today', 'p', 'p.m.'],
      ['in Washington, D.C. today', 'D', 'D.C.'],
      ['the U.S.-led force', 'U.S', 'U.S.'],
      ['1.000.000 people', '000', '1.000.000'],
    ];
    for (const [sample, piece, expected] of cases) {
      const at = sample.indexOf(piece);
      const snapped = snapSelection(sample, at, at + piece.length);
      expect(snapped && sample.slice(snapped.start, snapped.end), `${piece} in ${sample}`).toBe(expected);
    }
  });

  it('keeps character precision when asked, trimming whitespace only', () => {
    expect(pick(4, 11, true)).toBe('White H');
    expect(pick(3, 7, true)).toBe('Whi');
  });

  it('keeps a selection in Chinese, Japanese or Thai where it is, not grown to the whole clause', () => {
    const pickIn = (sample: string, piece: string, precise = false) => {
      const at = sample.indexOf(piece);
      const snapped = snapSelection(sample, at, at + piece.length, precise);
      return snapped && sample.slice(snapped.start, snapped.end);
    };
    const chinese = '金正恩与普京在东方航天发射场会晤。';
    expect(pickIn(chinese, '普京')).toBe('普京');
    expect(pickIn(chinese, '东方航天')).toBe('东方航天');
    expect(pickIn('東京都に行った', '東京')).toBe('東京');
    // A Latin word next to Han characters still grows to the whole Latin word, and no further.
    const mixed = 'Putin普京 met Kim';
    expect(snapSelection(mixed, 1, 3)).toEqual({ start: 0, end: 5 });
    expect(snapSelection(mixed, 2, 6)).toEqual({ start: 0, end: 6 });
    // A Thai edge between a consonant and its vowel sign takes the whole character.
    const thai = 'ไปกรุงเทพ';
    const vowel = thai.indexOf('\u0E38'); // ุ, a sign written under ร
    expect(snapSelection(thai, 2, vowel)).toEqual({ start: 2, end: vowel + 1 });
  });

  it('never cuts a character as the reader sees it, precise or not: emoji sequences, flags, marks, conjuncts', () => {
    const sample = 'Le 👨‍👩‍👧‍👦 🇺🇦 Bo\u0309 क्षेत्र ok';
    const snap = (start: number, end: number, precise: boolean) => {
      const snapped = snapSelection(sample, start, end, precise);
      return snapped && sample.slice(snapped.start, snapped.end);
    };
    const family = sample.indexOf('👨');
    const flag = sample.indexOf('🇺');
    const bo = sample.indexOf('Bo');
    const hindi = sample.indexOf('क्');
    for (const precise of [true, false]) {
      // Edges inside the family emoji (after its first joiner), inside the flag, before a combining mark.
      expect(snap(family + 3, family + 5, precise)).toBe('👨‍👩‍👧‍👦');
      expect(snap(flag, flag + 2, precise)).toBe('🇺🇦');
      expect(snap(bo, bo + 2, precise)).toBe('Bo\u0309');
      // A conjunct: क with its virama is not a character without the letter it joins.
      expect(snap(hindi, hindi + 2, precise)).toBe(precise ? 'क्षे' : 'क्षेत्र');
    }
    // Between two ASCII letters a precise edge stays where it is.
    expect(snap(0, 1, true)).toBe('L');
  });

  it('returns null for a selection of whitespace', () => {
    expect(snapSelection(text, 20, 22)).toBeNull();
  });

  it('never splits a surrogate pair or a grapheme cluster, and never grows past whitespace', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (sample, a, b, precise) => {
          const start = Math.min(a % (sample.length + 1), b % (sample.length + 1));
          const end = Math.max(a % (sample.length + 1), b % (sample.length + 1));
          const snapped = snapSelection(sample, start, end, precise);
          if (!snapped) return;
          const piece = sample.slice(snapped.start, snapped.end);
          expect(piece.trim()).toBe(piece);
          expect(piece.length).toBeGreaterThan(0);
          const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
          const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
          // Neither edge cuts a well-formed pair in two.
          expect(isLowSurrogate(piece.charCodeAt(0)) && isHighSurrogate(sample.charCodeAt(snapped.start - 1))).toBe(
            false,
          );
          expect(
            isHighSurrogate(piece.charCodeAt(piece.length - 1)) && isLowSurrogate(sample.charCodeAt(snapped.end)),
          ).toBe(false);
          // Neither edge cuts a grapheme cluster.
          const boundaries = new Set([0, sample.length]);
          for (const { index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(sample))
            boundaries.add(index);
          expect(boundaries.has(snapped.start) && boundaries.has(snapped.end)).toBe(true);
          if (precise) {
            // Within the selection, widened by at most the clusters its edges cut.
            const clusterStart = Math.max(...[...boundaries].filter((at) => at <= start));
            const clusterEnd = Math.min(...[...boundaries].filter((at) => at >= end));
            expect(snapped.start).toBeGreaterThanOrEqual(clusterStart);
            expect(snapped.end).toBeLessThanOrEqual(clusterEnd);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('segmentSpans', () => {
  const span = (id: string, start: number, end: number, label = id): RangeSpan => ({ id, start, end, label });

  it('splits overlapping spans into runs covered by the same set, outermost first', () => {
    const segments = segmentSpans([span('a', 0, 10), span('b', 5, 15), span('c', 6, 8)]);
    expect(segments.map((segment) => [segment.from, segment.to, segment.spans.map((s) => s.id).join('')])).toEqual([
      [0, 5, 'a'],
      [5, 6, 'ab'],
      [6, 8, 'abc'],
      [8, 10, 'ab'],
      [10, 15, 'b'],
    ]);
  });

  it('covers each point by exactly the spans that contain it, also when clipped', () => {
    const spans = fc
      .array(fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 15 }), fc.constantFrom('claim', 'denial')), {
        maxLength: 12,
      })
      .map((tuples) => tuples.map(([from, length, label], index) => span(`s${index}`, from, from + length, label)));
    fc.assert(
      fc.property(spans, fc.nat(60), fc.nat(60), (list, a, b) => {
        const from = Math.min(a, b);
        const to = Math.max(a, b);
        const segments = segmentSpans(list, from, to);
        for (let point = 0; point < 60; point++) {
          const covering = list
            .filter((s) => s.start <= point && point < s.end)
            .map((s) => s.id)
            .sort();
          const segment = segments.find((candidate) => candidate.from <= point && point < candidate.to);
          const expected = point >= from && point < to ? covering : [];
          expect(segment ? segment.spans.map((s) => s.id).sort() : []).toEqual(expected);
        }
        for (let index = 1; index < segments.length; index++)
          expect(segments[index].from).toBeGreaterThanOrEqual(segments[index - 1].to);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the innermost span at a point', () => {
    const list = [span('outer', 0, 20), span('inner', 5, 8), span('other', 15, 30)];
    expect(innermostAt(list, 6, (span) => span)?.id).toBe('inner');
    expect(innermostAt(list, 2, (span) => span)?.id).toBe('outer');
    expect(innermostAt(list, 17, (span) => span)?.id).toBe('other'); // shorter than outer
    expect(innermostAt(list, 40, (span) => span)).toBeNull();
  });
});

describe('titleFromText', () => {
  it('skips scraper noise for the first line', () => {
    expect(titleFromText('close\nFox News Flash top headlines for August 31\nbody', 'x')).toBe(
      'Fox News Flash top headlines for August 31',
    );
    expect(titleFromText('\n  Advertisement \n\nThe headline\nbody', 'x')).toBe('The headline');
  });

  // The rule was "the first line of four words or more", which took a later line of prose under a short title.
  it('takes a short first line as the title unless a headline follows it right away', () => {
    expect(
      titleFromText('Chapter 1\n\nIt was a bright cold day in April, and the clocks were striking thirteen.', 'x'),
    ).toBe('Chapter 1');
    expect(titleFromText('Kim meets Putin\nThe two leaders met on Wednesday at the Vostochny cosmodrome.', 'x')).toBe(
      'Kim meets Putin',
    );
    // A section or source name over a headline (scraped news): the headline.
    expect(titleFromText('North Korea\n\nNorth Korea, Russia arms deal advancing\n', 'x')).toBe(
      'North Korea, Russia arms deal advancing',
    );
    expect(titleFromText('Fox News\nNorth Korea, Russia arms deal advancing, officials say\n', 'x')).toBe(
      'North Korea, Russia arms deal advancing, officials say',
    );
    // Only the line right after: a headline further down is the body's.
    expect(titleFromText('Chapter 1\n\nIt was cold.\n\nThe Boy Who Lived on\n', 'x')).toBe('Chapter 1');
  });

  it('counts the words of a line written without spaces (Chinese, Japanese) by its characters', () => {
    expect(titleFromText('国际\n普京访问北京习近平欢迎\n', 'x')).toBe('普京访问北京习近平欢迎');
    expect(titleFromText('ข่าว\nนายกฯ เศรษฐาปฏิเสธข่าวลือ\n', 'x')).toBe('นายกฯ เศรษฐาปฏิเสธข่าวลือ');
    // A question is a headline too.
    expect(titleFromText('Asia\nWill Kim meet Putin again?\nThe two met in 2023.', 'x')).toBe(
      'Will Kim meet Putin again?',
    );
    expect(titleFromText('国际\n普京访问了北京。习近平欢迎他。\n', 'x')).toBe('国际');
    expect(titleFromText('プーチン大統領が北京を訪問\nPutin visits Beijing, state media say\n', 'x')).toBe(
      'プーチン大統領が北京を訪問',
    );
  });

  it('cuts a first line too long to be a title at a word, with an ellipsis', () => {
    const body = `${'The talks went on for hours and nobody would say what was agreed, '.repeat(4)}in the end.`;
    const title = titleFromText(`${body}\nShort line\n`, 'x');
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title.endsWith('…')).toBe(true);
    expect(body.startsWith(title.slice(0, -1))).toBe(true);
    expect(body[title.length - 1]).toBe(' ');
    const exactly = 'a'.repeat(120);
    expect(titleFromText(exactly, 'x')).toBe(exactly);
    expect(titleFromText(`${'a'.repeat(118)}😀 tail`, 'x')).toBe(`${'a'.repeat(118)}…`);
  });

  it('falls back to the id when no line has text', () => {
    expect(titleFromText('\n\nShort\n', 'x')).toBe('Short');
    expect(titleFromText('  \n', 'doc-7')).toBe('doc-7');
  });
});

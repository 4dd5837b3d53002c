import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignTokens, projectSpans } from '../../../src/lib/model/alignment';
import { sliceCodePoints } from '../../../src/lib/model/offsets';

const corpusFolder = join(import.meta.dirname, '../../../public/corpus');
const read = (name: string) => readFileSync(join(corpusFolder, name), 'utf8');

/** A span over words [from, to) of `words` joined by single spaces, in code points. */
function spanOver(words: readonly string[], from: number, to: number, label = 'claim') {
  const before = words.slice(0, from).join(' ');
  const start = [...before].length + (from > 0 ? 1 : 0);
  const text = words.slice(from, to).join(' ');
  return { start, end: start + [...text].length, label, text };
}

describe('aligning tokens', () => {
  it('pairs equal tokens in order, across insertions and deletions', () => {
    const matched = alignTokens(['a', 'b', 'c', 'd', 'e'], ['x', 'a', 'c', 'y', 'd', 'e']);
    expect([...matched]).toEqual([1, -1, 2, 4, 5]);
  });

  it('anchors on tokens found once, so a repeated token is matched in its context', () => {
    const source = ['the', 'fox', 'said', '.', 'the', 'dog', 'said', '.'];
    const target = ['intro', '.', 'the', 'dog', 'said', '.'];
    const matched = alignTokens(source, target);
    expect(matched[5]).toBe(3);
    expect(matched[4]).toBe(2);
    expect(matched[0]).toBe(-1);
  });
});

describe('projecting spans onto a near copy', () => {
  it('places spans on the same words where the copies differ around them, and refuses edited ones', () => {
    const source = 'Boilerplate. The minister visited Kyiv on Monday, said 🙂 Reuters.';
    const target = 'Other header! Ads here. The minister visited Kyiv on Monday, said 🙂 Reuters and AP.';
    const spans = ['minister', 'visited Kyiv', '🙂 Reuters', 'Boilerplate'].map((text) => {
      const start = [...source.slice(0, source.indexOf(text))].length;
      return { start, end: start + [...text].length, label: 'claim', text };
    });
    const projected = projectSpans(source, target, spans);
    const placed = projected.map((entry) =>
      entry.placed ? [entry.text, sliceCodePoints(target, entry.start, entry.end)] : null,
    );
    expect(placed).toEqual([
      ['minister', 'minister'],
      ['visited Kyiv', 'visited Kyiv'],
      ['🙂 Reuters', '🙂 Reuters'],
      null,
    ]);
  });

  it('keeps a span cut inside a word cut at the same place', () => {
    const [entry] = projectSpans('x anti-war y', 'q r anti-war y', [{ start: 2, end: 6, label: 'a', text: 'anti' }]);
    expect(entry).toMatchObject({ placed: true, start: 4, end: 8, text: 'anti' });
  });

  it('places the spans of the Fox article (000) on the same words of its second scrape (001)', () => {
    const source = read('000_c25c54a9dd113007.txt');
    const target = read('001_1588cc6f968110a1.txt');
    const phrases = ['John Kirby', 'Kim Jong Un', 'North Korean officials', 'Vladimir Putin', 'U.S. intelligence'];
    const spans = phrases.map((phrase) => {
      const start = [...source.slice(0, source.indexOf(phrase))].length;
      return { start, end: start + [...phrase].length, label: 'claim', text: phrase };
    });
    const projected = projectSpans(source, target, spans);
    for (const entry of projected) {
      expect(entry.placed, entry.span.text).toBe(true);
      if (entry.placed) expect(sliceCodePoints(target, entry.start, entry.end)).toBe(entry.span.text);
    }
    // The same words, not just the same text: the words before each are the same words (the copy has
    // "Kim Jong Un" and "Vladimir Putin" in a photo caption first, which the projection passes by).
    const before = (text: string, start: number) => [...text].slice(start - 18, start).join('');
    for (const entry of projected)
      if (entry.placed) expect(before(target, entry.start)).toBe(before(source, entry.span.start));
  });

  it('a span over unedited words lands on the same words after random edits elsewhere (property)', () => {
    // Distinct words in the source, and inserted words no source word equals: each word is itself.
    const sourceWords = fc
      .uniqueArray(fc.stringMatching(/^[a-zé]{1,6}$/u), { minLength: 3, maxLength: 40 })
      .map((words) => ['🙂', ...words]);
    const inserted = fc.array(fc.stringMatching(/^[A-Z0-9]{1,5}$/u), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        sourceWords,
        fc.nat(),
        fc.nat(),
        fc.array(fc.record({ kind: fc.constantFrom('insert', 'delete'), at: fc.nat(), words: inserted }), {
          maxLength: 8,
        }),
        (words, startPick, lengthPick, edits) => {
          const from = startPick % words.length;
          const to = from + 1 + (lengthPick % Math.min(4, words.length - from));
          const span = spanOver(words, from, to);
          // Words as [word, is it an original word of the span?], edited only outside the span.
          let edited: { word: string; original: number }[] = words.map((word, index) => ({ word, original: index }));
          for (const edit of edits) {
            const spanAt = edited.findIndex((entry) => entry.original === from);
            const spanEnd = spanAt + (to - from);
            const choices = [...Array(edited.length + 1).keys()].filter((at) => at <= spanAt || at >= spanEnd);
            const at = choices[edit.at % choices.length];
            if (edit.kind === 'insert')
              edited = [
                ...edited.slice(0, at),
                ...edit.words.map((word) => ({ word, original: -1 })),
                ...edited.slice(at),
              ];
            else if (at < edited.length && (at < spanAt || at >= spanEnd))
              edited = [...edited.slice(0, at), ...edited.slice(at + 1)];
          }
          const target = edited.map((entry) => entry.word).join(' ');
          const targetFrom = edited.findIndex((entry) => entry.original === from);
          const expected = spanOver(
            edited.map((entry) => entry.word),
            targetFrom,
            targetFrom + (to - from),
          );
          const [projection] = projectSpans(words.join(' '), target, [span]);
          expect(projection).toMatchObject({ placed: true, start: expected.start, end: expected.end, text: span.text });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never places a span where the text differs from its own (property, repeated words)', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'the', '.', 'é', '🙂');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 30 }),
        fc.array(word, { maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        (a, b, pick, length) => {
          const from = pick % a.length;
          const to = Math.min(a.length, from + 1 + (length % 3));
          const span = spanOver(a, from, to);
          const target = b.join(' ');
          for (const entry of projectSpans(a.join(' '), target, [span]))
            if (entry.placed) expect(sliceCodePoints(target, entry.start, entry.end)).toBe(span.text);
        },
      ),
    );
  });
});

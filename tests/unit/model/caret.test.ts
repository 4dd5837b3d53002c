import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  caretRange,
  lineEnd,
  lineStart,
  nextCharacter,
  nextWordEnd,
  previousCharacter,
  previousWordStart,
  stepCaret,
  type Caret,
  type CaretStep,
} from '../../../src/lib/model/caret';
import { snapSelection } from '../../../src/lib/model/spans';
import { trickyText } from '../arbitraries';

const right: CaretStep = { unit: 'character', direction: 1 };
const left: CaretStep = { unit: 'character', direction: -1 };
const wordRight: CaretStep = { unit: 'word', direction: 1 };
const wordLeft: CaretStep = { unit: 'word', direction: -1 };
const at = (offset: number): Caret => ({ anchor: offset, head: offset });

/** Every offset the caret visits stepping right from 0 to the end. */
function walk(text: string): number[] {
  const visited = [0];
  for (let offset = 0; offset < text.length;) {
    offset = nextCharacter(text, offset);
    visited.push(offset);
  }
  return visited;
}

describe('moving the caret by character', () => {
  it('steps over an emoji, a flag, a family, a letter with its combining mark and a CRLF as one character each', () => {
    const text = 'a🙂🇺🇦👩‍👩‍👧e\u0301\r\nb';
    const pieces = walk(text).map((offset, index, all) => text.slice(offset, all[index + 1]));
    expect(pieces.slice(0, -1)).toEqual(['a', '🙂', '🇺🇦', '👩‍👩‍👧', 'e\u0301', '\r\n', 'b']);
    expect(previousCharacter(text, text.length)).toBe(text.length - 1);
    expect(previousCharacter(text, text.indexOf('\r\n') + 2)).toBe(text.indexOf('\r\n'));
  });

  it('stops at both ends', () => {
    expect(nextCharacter('ab', 2)).toBe(2);
    expect(previousCharacter('ab', 0)).toBe(0);
    expect(stepCaret('ab', at(0), left, false)).toEqual(at(0));
  });

  it('never lands inside a surrogate pair, and walks back the way it came', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const forward = walk(text);
        for (const offset of forward) {
          const before = text.charCodeAt(offset - 1);
          const after = text.charCodeAt(offset);
          expect(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff).toBe(false);
        }
        const backward = [text.length];
        for (let offset = text.length; offset > 0;) {
          offset = previousCharacter(text, offset);
          backward.push(offset);
        }
        expect(backward.reverse()).toEqual(forward);
      }),
    );
  });
});

describe('moving the caret by word', () => {
  const text = 'The well-known envoy’s visit — to Kim Jong Un. 金正恩与普京 met';

  it('goes to the end of the next word and the start of the previous, over spaces and punctuation', () => {
    expect(nextWordEnd(text, 0)).toBe(3);
    expect(text.slice(4, nextWordEnd(text, 3))).toBe('well-known');
    // An English clitic is a word of its own, as the tokens have it: "envoy", then "’s".
    expect(text.slice(15, nextWordEnd(text, 15))).toBe('envoy');
    expect(text.slice(15, nextWordEnd(text, nextWordEnd(text, 15)))).toBe('envoy’s');
    const visit = text.indexOf(' visit');
    expect(text.slice(previousWordStart(text, visit), visit)).toBe('’s');
    expect(text.slice(previousWordStart(text, previousWordStart(text, visit)), visit)).toBe('envoy’s');
    const dash = text.indexOf('—');
    expect(text.slice(dash + 2, nextWordEnd(text, dash))).toBe('to');
    expect(previousWordStart(text, text.indexOf('Un.') + 3)).toBe(text.indexOf('Un'));
    expect(previousWordStart(text, text.indexOf('well') + 2)).toBe(text.indexOf('well'));
    expect(nextWordEnd(text, text.length - 1)).toBe(text.length);
    expect(previousWordStart('  ', 2)).toBe(0);
  });

  it('goes over an abbreviation or a decimal number as one word, as snapping takes it (helper-157)', () => {
    const sample = 'according to U.S. intelligence, 3.5 billion. He said.The end';
    const at = (piece: string) => sample.indexOf(piece);
    expect(sample.slice(at('U.S.'), nextWordEnd(sample, at('to') + 2))).toBe('U.S.');
    expect(sample.slice(previousWordStart(sample, at('U.S.') + 4), at('U.S.') + 4)).toBe('U.S.');
    expect(sample.slice(at('3.5'), nextWordEnd(sample, at('3.5')))).toBe('3.5');
    expect(sample.slice(previousWordStart(sample, at('billion') - 1), at('billion') - 1)).toBe('3.5');
    // A sentence's stop with its space missing ends the word: "said", then "The".
    expect(sample.slice(at('said'), nextWordEnd(sample, at('said')))).toBe('said');
  });

  it('leaves a trailing hyphen or apostrophe out of the word, as snapping does', () => {
    expect('dogs’ day'.slice(0, nextWordEnd('dogs’ day', 0))).toBe('dogs');
    expect('well- known'.slice(0, nextWordEnd('well- known', 0))).toBe('well');
  });

  it('moves by dictionary words, not whole clauses, in a script without spaces', () => {
    const start = text.indexOf('金');
    const end = nextWordEnd(text, start);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThan(text.indexOf(' met'));
  });

  it('selects, from a word start with Shift, exactly the words a mouse selection would snap to', () => {
    const pieces = ['Kim', 'Putin’s', 'well-known', 'e\u0301te\u0301', '🙂', '—', ',', '  ', '\r\n', 'Ωμέγα', '“Un”'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }),
        fc.nat(5),
        fc.integer({ min: 1, max: 4 }),
        (chosen, skip, presses) => {
          const text = chosen.join(' ');
          if (!/[\p{L}\p{N}]/u.test(text)) return;
          // The start of the first word, then of the `skip`th after it (or of the last).
          let start = previousWordStart(text, nextWordEnd(text, 0));
          for (let word = 0; word < skip; word++)
            start = previousWordStart(text, nextWordEnd(text, nextWordEnd(text, start)));
          let caret = at(start);
          for (let press = 0; press < presses; press++) {
            const next = stepCaret(text, caret, wordRight, true);
            // Past the last word the head runs to the end of the text: stop at the last word's end.
            if (next.head === text.length && !/[\p{L}\p{N}\p{M}]/u.test(text.slice(-1))) break;
            caret = next;
          }
          const range = caretRange(caret);
          expect(range).not.toBeNull();
          expect(snapSelection(text, range!.start, range!.end)).toEqual(range);
        },
      ),
    );
  });
});

describe('the caret range', () => {
  const text = 'Kim met Putin\r\nin Vostochny.';

  it('extends with Shift and keeps its anchor; an arrow without Shift collapses it to the edge on that side', () => {
    let caret = stepCaret(text, at(4), wordRight, true);
    caret = stepCaret(text, caret, wordRight, true);
    expect(caretRange(caret)).toEqual({ start: 4, end: 13 });
    expect(text.slice(4, 13)).toBe('met Putin');
    expect(stepCaret(text, caret, left, false)).toEqual(at(4));
    expect(stepCaret(text, caret, right, false)).toEqual(at(13));
    const back = stepCaret(text, caret, wordLeft, true);
    expect(caretRange(back)).toEqual({ start: 4, end: 8 });
    expect(caretRange(at(3))).toBeNull();
  });

  it('goes to the edges of a line on either side of a CRLF, and of the whole text', () => {
    const second = text.indexOf('in V');
    expect(lineStart(text, second + 3)).toBe(second);
    expect(lineEnd(text, 2)).toBe(text.indexOf('\r'));
    expect(lineEnd(text, second)).toBe(text.length);
    expect(lineStart(text, 0)).toBe(0);
    expect(stepCaret(text, at(5), { unit: 'text', direction: 1 }, true)).toEqual({ anchor: 5, head: text.length });
    expect(stepCaret(text, at(5), { unit: 'line', direction: -1 }, false)).toEqual(at(0));
  });
});

import { describe, expect, it } from 'vitest';
import { wholeWord, withoutClitic } from '../../../src/lib/editor/wholeWord';

/** The word `wholeWord` grows the range of `part` (its first occurrence in `text`) to, as text. */
function grown(text: string, part: string): string | null {
  const start = text.indexOf(part);
  const word = wholeWord(text, start, start + part.length);
  return word && text.slice(word.start, word.end);
}

describe('wholeWord', () => {
  it('grows part of a word, as a double-click stopped by the caret bar selects it, to the whole word', () => {
    expect(grown('coordinator John Kirby said', 'Kir')).toBe('Kirby');
    expect(grown('coordinator John Kirby said', 'rby')).toBe('Kirby');
    // Astral characters before it, combining marks in it: UTF-16 offsets, never inside a pair.
    expect(grown('🇺🇦 👩‍👩‍👧 café̂ naïve', 'caf')).toBe('café̂');
    expect(grown('Nicolás Maduro', 'Nicol')).toBe('Nicolás');
  });

  it('leaves a whole word, white space and punctuation as they are', () => {
    expect(grown('John Kirby said', 'Kirby')).toBeNull();
    expect(grown('John Kirby said', ' ')).toBeNull();
    expect(grown('Kirby, said', ',')).toBeNull();
    // A range over two words is no part of one.
    expect(grown('John Kirby said', 'n Ki')).toBeNull();
  });

  it('leaves the clitic out of a double-clicked word, past the space Windows selects after it', () => {
    const text = 'Russia’s army, it’s O’Neill';
    const cut = (start: number, end: number) => {
      const word = withoutClitic(text, { start, end });
      return text.slice(word.start, word.end);
    };
    expect(cut(0, 8)).toBe('Russia');
    expect(cut(0, 9)).toBe('Russia');
    expect(cut(15, 19)).toBe('it');
    expect(cut(20, 27)).toBe('O’Neill');
    // A clitic double-clicked alone stays: nothing is before it in the selection.
    expect(cut(6, 8)).toBe('’s');
  });
});

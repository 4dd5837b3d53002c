import { afterEach, describe, expect, it } from 'vitest';
import {
  breaksAfter,
  lineEdge,
  lineMove,
  type CaretLines,
  type ScreenBox,
} from '../../../src/lib/editor/verticalCaret';

const LINE = 20;
const CHARACTER = 10;

/**
 * A text laid out as `lines` (each its first offset and length) in a fixed-width font, as the view
 * answers for it: a line wraps into the next, so the offset ending one line starts the next, and a
 * caret there is drawn at the start of the lower line, as a browser draws it.
 */
function laidOut(
  lines: readonly { start: number; length: number }[],
  /** Whether each part ends in a space where it wraps (else it wraps inside a run: CJK, a long URL). */
  { spaces = true, upstream = null as number | null } = {},
): CaretLines {
  const dom = document.createElement('div');
  dom.style.lineHeight = `${LINE}px`;
  document.body.append(dom);
  const length = lines.at(-1)!.start + lines.at(-1)!.length;
  const boxOf = (offset: number): ScreenBox => {
    const line = lines.findLastIndex((candidate) => candidate.start <= offset);
    return { top: line * LINE, bottom: (line + 1) * LINE, left: (offset - lines[line].start) * CHARACTER };
  };
  return {
    dom,
    length,
    // A caret drawn upstream at a wrap (as End leaves it) shows at the end of the upper part.
    shown: (offset) => {
      const box = boxOf(offset);
      return offset === upstream ? { top: box.top - LINE, bottom: box.bottom - LINE, left: 10 * CHARACTER } : box;
    },
    show: boxOf,
    at: boxOf,
    offsetAt(left, top) {
      const line = lines[Math.floor(top / LINE)];
      if (top < 0 || !line) return null;
      return line.start + Math.min(line.length, Math.max(0, Math.round(left / CHARACTER)));
    },
    step: (offset, direction) => Math.min(length, Math.max(0, offset + direction)),
    // One text line, wrapped into the parts laid out.
    lineOf: () => ({ start: 0, end: length }),
    spaceBefore: (offset) => spaces && lines.some((line) => line.start === offset),
  };
}

/** "aaaaaaaaaa" wrapping into "bbbbbbbbbb", then a short last line "ccccc". */
const TEXT = [
  { start: 0, length: 10 },
  { start: 10, length: 10 },
  { start: 20, length: 5 },
];

afterEach(() => document.body.replaceChildren());

describe('↑ and ↓ with the keyboard caret', () => {
  it('goes one line as laid out per press, to the same column', () => {
    const lines = laidOut(TEXT);
    expect(lineMove(lines, 3, null, 1)).toEqual({ head: 13, goal: 30 });
    expect(lineMove(lines, 13, 30, -1)).toEqual({ head: 3, goal: 30 });
  });

  it('keeps the column it started from over a run of presses, through a shorter line', () => {
    const lines = laidOut(TEXT);
    const first = lineMove(lines, 8, null, 1);
    expect(first).toEqual({ head: 18, goal: 80 });
    // The last line is shorter: its end; the goal stays where the run started.
    const second = lineMove(lines, first.head, first.goal, 1);
    expect(second).toEqual({ head: 25, goal: 80 });
    // Back up, the caret comes back to the column it left, not the short line's end.
    expect(lineMove(lines, second.head, second.goal, -1)).toEqual({ head: 18, goal: 80 });
  });

  it('stops at the end of the upper part of a wrapped line, not at the start of the lower one', () => {
    const lines = laidOut(TEXT);
    // Past the upper part's end the point finds offset 10, drawn at the lower line's start: one back is the upper line.
    expect(lineMove(lines, 19, 100, -1)).toEqual({ head: 9, goal: 100 });
  });

  it('goes from the first line to the text’s start with ↑ and from the last to its end with ↓', () => {
    const lines = laidOut(TEXT);
    expect(lineMove(lines, 4, null, -1).head).toBe(0);
    expect(lineMove(lines, 21, null, 1).head).toBe(25);
  });
});

describe('Home and End with the keyboard caret', () => {
  it('go to the start and end of the line as laid out on screen, a wrapped line’s parts each a line (trial)', () => {
    const lines = laidOut(TEXT);
    // On a part after the first: its start, not the whole line's (offset 0).
    expect(lineEdge(lines, 14, -1)).toEqual({ head: 10, upstream: false });
    // Wrapped at a space: End stops before it, on the line it was pressed on (the offset after it
    // shows at the next part's start).
    expect(lineEdge(lines, 14, 1)).toEqual({ head: 19, upstream: false });
    expect(lineEdge(lines, 3, 1)).toEqual({ head: 9, upstream: false });
    expect(lineEdge(lines, 3, -1)).toEqual({ head: 0, upstream: false });
    // The last part, shorter than the others: its end.
    expect(lineEdge(lines, 21, 1)).toEqual({ head: 25, upstream: false });
    expect(lineEdge(lines, 24, -1)).toEqual({ head: 20, upstream: false });
  });

  it('End goes after the last character of a part wrapped without a space (CJK, a long URL), and stays there', () => {
    const lines = laidOut(TEXT, { spaces: false });
    // Offset 20 both ends the second part and starts the third: drawn upstream, at the second's end.
    expect(lineEdge(lines, 14, 1)).toEqual({ head: 20, upstream: true });
    expect(lineEdge(lines, 3, 1)).toEqual({ head: 10, upstream: true });
    // Pressed again where it left the caret (drawn upstream): it stays; Home goes to that part's start.
    const there = laidOut(TEXT, { spaces: false, upstream: 20 });
    expect(lineEdge(there, 20, 1)).toEqual({ head: 20, upstream: true });
    expect(lineEdge(there, 20, -1)).toEqual({ head: 10, upstream: false });
  });

  it('go by offset on a line mixing right-to-left and left-to-right runs, not by its pixel edges (review)', () => {
    // "ירושלים is the capital" (22 characters) on one screen line of a right-to-left paragraph: its
    // right edge is offset 0, and its left edge the start of "is the capital" (offset 8), not the end.
    const row: ScreenBox = { top: 0, bottom: LINE, left: 0 };
    const dom = document.createElement('div');
    dom.style.lineHeight = `${LINE}px`;
    const mixed: CaretLines = {
      dom,
      length: 22,
      shown: () => row,
      show: () => row,
      at: () => row,
      offsetAt: (left) => (left < 100 ? 8 : 0),
      step: (offset, direction) => offset + direction,
      lineOf: () => ({ start: 0, end: 22 }),
      spaceBefore: () => false,
    };
    expect(lineEdge(mixed, 12, -1).head).toBe(0);
    expect(lineEdge(mixed, 3, 1).head).toBe(22);
  });
});

describe('where End sees a line wrap at a space', () => {
  it('counts the spaces a line wraps after, not the no-break ones (an emergency break inside a word)', () => {
    const at = (character: string) => breaksAfter(character.codePointAt(0)!);
    expect([' ', '\t', '\u3000', '\u2003', '\u205f'].map(at)).toEqual([true, true, true, true, true]);
    expect(['\u00a0', '\u2007', '\u202f', '\ufeff', '-', '金', 'a'].map(at)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

/**
 * Text ranges whose highlights are still drawn from an earlier list of spans: after a change too
 * large to patch in place (thousands of suggestions proposed or accepted at once), what is on screen
 * is redrawn at once and the rest of the text a slice per task (`highlights.ts`).
 */

/** A range of text offsets [from, to). */
export type TextRange = readonly [number, number];

/** What is on screen, in text offsets (with a margin), and the text's length. */
export interface TextWindow {
  from: number;
  to: number;
  length: number;
}

/** The text outside `window`: after it first (where reading goes on), then before it. */
export function outside({ from, to, length }: TextWindow): TextRange[] {
  const ranges: TextRange[] = [];
  if (to < length) ranges.push([Math.max(0, to), length]);
  if (from > 0) ranges.push([0, Math.min(from, length)]);
  return ranges;
}

/** The first `budget` characters of `stale`, in order (a range cut where the budget ends), and what is left. */
export function takeStale(stale: readonly TextRange[], budget: number): { now: TextRange[]; later: TextRange[] } {
  const now: TextRange[] = [];
  const later: TextRange[] = [];
  let left = budget;
  for (const [from, to] of stale) {
    if (left <= 0) later.push([from, to]);
    else if (to - from <= left) {
      now.push([from, to]);
      left -= to - from;
    } else {
      now.push([from, from + left]);
      later.push([from + left, to]);
      left = 0;
    }
  }
  return { now, later };
}

import type { ReviewEntry } from './reviewTypes';

/** The document one of A and B worked on alone: who, who not, and what the review says of it. */
export interface AloneHere {
  one: string;
  /** The other of A and B, who has not worked on it ('' with no B to choose). */
  other: string;
  sentence: string;
}

/** What the review says of `entry` when one of A (`a`) and B (`b`) worked on it alone; else null. */
export function aloneHere(entry: ReviewEntry | undefined, a: string, b: string): AloneHere | null {
  const one = entry?.alone;
  if (!entry || !one) return null;
  const other = one === a ? b : a;
  const { alongside, aloneDone: done } = entry;
  const who = alongside.length > 0 ? `${one} of A and B (and ${alongside.join(', ')} of the compared set)` : one;
  const what = done ? 'worked on this document, and marked it done' : 'has work in this document';
  const others = !other
    ? ''
    : done
      ? `; ${other} has not`
      : `; ${other} has none now (no span, no status), but the review decided on ${other}’s work here`;
  const decide =
    alongside.length > 0
      ? 'each version there is a difference to decide, for gold'
      : `each of ${one}’s spans is a difference of its own, for gold`;
  return { one, other, sentence: `Only ${who} ${what}${others}: ${decide}.` };
}

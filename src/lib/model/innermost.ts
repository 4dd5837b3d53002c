/**
 * Which of several overlapping spans is "innermost", stated once: a click selects it, the highlight
 * takes its colour, and token agreement counts a token under its label.
 *
 * The innermost span is the last in nesting order (`compareNesting`): the one that starts last;
 * of those, the one that ends first; then the greater label, then the greater id. For nested spans
 * that is the inner one. The rule compares offsets only by order, never by length, so it picks the
 * same span whether offsets count code points or UTF-16 code units.
 */
import { compareNesting, type Placed } from './spanOrder';

/** True when `candidate` is inner to `other` (later in nesting order). */
export function isInner(candidate: Placed, other: Placed): boolean {
  return compareNesting(candidate, other) > 0;
}

/** The innermost of `spans`, or null when there is none. */
export function innermostOf<T extends Placed>(spans: readonly T[]): T | null {
  let best: T | null = null;
  for (const span of spans) if (best === null || isInner(span, best)) best = span;
  return best;
}

/**
 * The innermost span of `spans` that contains offset `at` (start ≤ at < end). `place` gives a span's
 * extent, label and id, in the unit of `at`.
 */
export function innermostAt<T>(spans: readonly T[], at: number, place: (span: T) => Placed): T | null {
  let best: T | null = null;
  let bestPlace: Placed | null = null;
  for (const span of spans) {
    const candidate = place(span);
    if (candidate.start <= at && at < candidate.end && (bestPlace === null || isInner(candidate, bestPlace))) {
      best = span;
      bestPlace = candidate;
    }
  }
  return best;
}

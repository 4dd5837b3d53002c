/** How a review difference stands: what a reviewer keeps of it, and whether it is decided (types and one test). */

/** What a reviewer keeps of a difference. `majority`: the version most of the set marked. */
export type Keep = 'a' | 'b' | 'both' | 'neither' | 'majority';

/** Which versions of a difference are decided how, as gold and the rejected layer hold it. */
export interface DecisionState {
  a: boolean;
  b: boolean;
  /** The others' span (kind `others`) is in gold. */
  others: boolean;
  /** Every version is rejected. */
  neither: boolean;
  /** The reviewer drew gold's span over the difference. */
  edited: boolean;
  /** A version neither in gold nor rejected was drawn after that decision (an import, a teammate): open again. */
  news: boolean;
}

/**
 * True when gold holds a decision on the difference (a version kept, all rejected, or gold's own span),
 * and no version was drawn after it that the reviewer has not seen.
 */
export const isDecided = (state: DecisionState): boolean =>
  (state.a || state.b || state.others || state.neither || state.edited) && !state.news;

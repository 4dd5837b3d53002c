/** How a review difference stands: what a reviewer keeps of it, and whether it is decided (types and one test). */

/** What a reviewer keeps of a difference. `majority`: the version most of the set marked. */
export type Keep = 'a' | 'b' | 'both' | 'neither' | 'majority';

/** Which versions of a difference are decided how, as gold and the rejected layer hold it. */
export interface DecisionState {
  a: boolean;
  b: boolean;
  /** The others' span (kind `others`) is in gold. */
  others: boolean;
  /** Every version is rejected, some outright ("keep neither"). */
  neither: boolean;
  /**
   * Every version is rejected as passed over: a decision on another pair kept a version of the set's other
   * annotators over them (gold keeps ann's, so bea's, here with cy, is decided).
   */
  passed: boolean;
  /** The reviewer drew gold's span over the difference. */
  edited: boolean;
  /** A version neither in gold nor rejected was drawn after that decision (an import, a teammate): open again. */
  news: boolean;
  /**
   * Gold holds a version only as an agreement that went in for another pair (ann and bea agreed), and another
   * version here (cy's) was never weighed against it: open for every pair until a decision weighs them. The
   * annotators of those versions (none: not so).
   */
  unweighed: readonly string[];
}

/**
 * True when gold holds a decision on the difference (a version kept, all rejected or passed over, or gold's own span),
 * and no version was drawn after it that the reviewer has not seen, nor left unweighed beside an agreement.
 */
export const isDecided = (state: DecisionState): boolean =>
  (state.a || state.b || state.others || state.neither || state.passed || state.edited) &&
  !state.news &&
  state.unweighed.length === 0;

/**
 * Reliability of nominal coding by a set of coders: Krippendorff's alpha and Fleiss' kappa, from
 * counts that add. A unit (a token, in Spanwright) is given one value by each coder who coded it;
 * a coder may be missing for a unit. Definitions and worked examples: docs/agreement.md
 * ("Krippendorff's alpha", "Fleiss' kappa").
 *
 * Both figures need only a few sums over the units, kept per number of coders of a unit, so that
 * the coincidence matrix's diagonal can be divided by (m_u − 1) at the end and every sum stays an
 * integer while counting: a corpus is the sum of its documents.
 */

/** The units coded by the same number m of coders, summed. */
export interface UnitGroup {
  /** Units with m values. */
  units: number;
  /**
   * Σ_u Σ_c n_uc·(n_uc − 1): ordered pairs of different coders of a unit who gave it the same
   * value (n_uc is the number of coders who gave unit u value c). Divided by m − 1, it is this
   * group's share of the coincidence matrix's diagonal, Σ_c o_cc.
   */
  agreeingPairs: number;
  /** Σ_u n_uc per value c: how often each value was given (the coincidence matrix's margins). */
  values: Map<string, number>;
}

/** Counts for nominal reliability of `coders` coders: every unit with at least two values, grouped by how many. */
export interface CodingCounts {
  /** The number of coders in the set: Fleiss' kappa counts only units with this many values. */
  coders: number;
  /** Units with m ≥ 2 values, keyed by m. */
  groups: Map<number, UnitGroup>;
  /** Units with fewer than two values: they cannot be paired and count in neither figure. */
  unpairableUnits: number;
}

/** Counts with nothing in them, for a set of `coders` coders (at least 2). */
export function emptyCodingCounts(coders: number): CodingCounts {
  if (!Number.isInteger(coders) || coders < 2)
    throw new RangeError(`reliability needs two coders or more, not ${coders}`);
  return { coders, groups: new Map(), unpairableUnits: 0 };
}

/** The group of units with `values` values in `counts`, made when missing. */
export function unitGroup(counts: CodingCounts, values: number): UnitGroup {
  let group = counts.groups.get(values);
  if (group === undefined) {
    group = { units: 0, agreeingPairs: 0, values: new Map() };
    counts.groups.set(values, group);
  }
  return group;
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/**
 * Adds one unit: the value each coder gave it, `null` (or `undefined`) where the coder did not
 * code it. At most {@link CodingCounts.coders} entries.
 */
export function addUnit(counts: CodingCounts, values: readonly (string | null | undefined)[]): CodingCounts {
  if (values.length > counts.coders)
    throw new RangeError(`a unit has ${values.length} values for ${counts.coders} coders`);
  const perValue = new Map<string, number>();
  let coded = 0;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    coded++;
    increment(perValue, value, 1);
  }
  if (coded < 2) {
    counts.unpairableUnits++;
    return counts;
  }
  const group = unitGroup(counts, coded);
  group.units++;
  for (const [value, count] of perValue) {
    group.agreeingPairs += count * (count - 1);
    increment(group.values, value, count);
  }
  return counts;
}

/** Adds `next` into `total`, which it changes and returns. Both must be for the same number of coders. */
export function addCodingCounts(total: CodingCounts, next: CodingCounts): CodingCounts {
  if (total.coders !== next.coders)
    throw new RangeError(`cannot add counts of ${next.coders} coders to counts of ${total.coders}`);
  total.unpairableUnits += next.unpairableUnits;
  for (const [values, group] of next.groups) {
    const sum = unitGroup(total, values);
    sum.units += group.units;
    sum.agreeingPairs += group.agreeingPairs;
    for (const [value, count] of group.values) increment(sum.values, value, count);
  }
  return total;
}

/** Units with at least two values. */
export function pairableUnits(counts: CodingCounts): number {
  let units = 0;
  for (const group of counts.groups.values()) units += group.units;
  return units;
}

/**
 * Krippendorff's alpha for nominal data, from the coincidence matrix: with n pairable values,
 * n_c of them c, and o_cc = Σ_u n_uc·(n_uc − 1)/(m_u − 1) the matrix's diagonal,
 *
 *   α = 1 − D_o/D_e = ((n − 1)·Σ_c o_cc − Σ_c n_c·(n_c − 1)) / (n·(n − 1) − Σ_c n_c·(n_c − 1)).
 *
 * Units with fewer than two values are left out (they cannot be paired). Null when no unit has
 * two values, and when every pairable value is the same (D_e = 0: the data have no variation, so
 * they cannot show whether coders agree). The sums are integers; the one division per group is
 * the only rounding, so the value is exact to about 15 digits for any corpus that fits in memory.
 * @see K. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
 *   https://repository.upenn.edu/asc_papers/43/ (section C, nominal data, any number of
 *   observers, missing values)
 * @see https://en.wikipedia.org/wiki/Krippendorff%27s_alpha
 */
export function krippendorffAlpha(counts: CodingCounts): number | null {
  let values = 0;
  let diagonal = 0;
  const perValue = new Map<string, number>();
  for (const [coders, group] of counts.groups) {
    values += coders * group.units;
    diagonal += group.agreeingPairs / (coders - 1);
    for (const [value, count] of group.values) increment(perValue, value, count);
  }
  if (values === 0) return null;
  let chancePairs = 0; // Σ_c n_c·(n_c − 1)
  for (const count of perValue.values()) chancePairs += count * (count - 1);
  const denominator = values * (values - 1) - chancePairs;
  if (denominator === 0) return null;
  return ((values - 1) * diagonal - chancePairs) / denominator;
}

/**
 * Fleiss' kappa over the units that every coder of the set coded (units with fewer values are
 * left out: Fleiss' kappa assumes the same number of ratings per unit). With N such units, n
 * coders, T = N·n ratings, A = Σ_u Σ_c n_uc·(n_uc − 1) and v_c the ratings of category c:
 *
 *   P̄ = A / (T·(n − 1)),  P̄e = Σ_c (v_c / T)²,  κ = (P̄ − P̄e) / (1 − P̄e)
 *     = (A·T − (n − 1)·Σ_c v_c²) / ((n − 1)·(T² − Σ_c v_c²)),
 *
 * computed in the second form, exact in integers while (n − 1)·T² stays below 2⁵³ (up to about
 * 9·10⁷ / √(n − 1) ratings: 6.7·10⁷ for three coders). Null when no unit was
 * coded by every coder, and when all their ratings are one category (P̄e = 1).
 * @see J. L. Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological
 *   Bulletin 76(5), 378–382, https://doi.org/10.1037/h0031619
 * @see https://en.wikipedia.org/wiki/Fleiss%27_kappa
 */
export function fleissKappa(counts: CodingCounts): number | null {
  const group = counts.groups.get(counts.coders);
  if (group === undefined || group.units === 0) return null;
  const raters = counts.coders;
  const ratings = group.units * raters;
  let squares = 0;
  for (const count of group.values.values()) squares += count * count;
  const denominator = (raters - 1) * (ratings * ratings - squares);
  if (denominator === 0) return null;
  return (group.agreeingPairs * ratings - (raters - 1) * squares) / denominator;
}

/** Units counted by {@link fleissKappa}: those every coder of the set coded. */
export function fleissUnits(counts: CodingCounts): number {
  return counts.groups.get(counts.coders)?.units ?? 0;
}

import { describe, expect, it } from 'vitest';
import { addUnit, emptyCodingCounts, fleissKappa, krippendorffAlpha } from '../../../src/lib/model/reliabilityCoding';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Maps as sorted entry lists (recursively), so that insertion order never matters in a comparison. */
function plain(value: unknown): unknown {
  if (value instanceof Map)
    return [...value]
      .map(([key, item]) => [key, plain(item)] as const)
      .sort(([left], [right]) => (String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0));
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

// ---------------------------------------------------------------------------------------------
// Published examples
// ---------------------------------------------------------------------------------------------

describe('Krippendorff’s alpha against Krippendorff (2011)', () => {
  // K. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Departmental Papers
  // (ASC) 43, https://repository.upenn.edu/asc_papers/43/, section C ("Nominal data, any number of
  // observers, missing values"): 4 observers, 12 units, values 1–5, "." missing.
  //   unit:        1  2  3  4  5  6  7  8  9 10 11 12
  //   observer A:  1  2  3  3  2  1  4  1  2  .  .  .
  //   observer B:  1  2  3  3  2  2  4  1  2  5  .  3
  //   observer C:  .  3  3  3  2  3  4  2  2  5  1  .
  //   observer D:  1  2  3  3  2  4  4  1  2  5  1  .
  // Published: α_nominal = 0.743. By hand: unit 12 has one value and cannot be paired; n = 40
  // pairable values (3 + 8·4 + 3 + 2). The coincidence matrix's diagonal,
  // o_cc = Σ_u n_uc(n_uc − 1)/(m_u − 1):
  //   o_11 = 6/2 (unit 1) + 6/3 (unit 8) + 2/1 (unit 11) = 7
  //   o_22 = 6/3 (unit 2) + 12/3 (unit 5) + 12/3 (unit 9) = 10
  //   o_33 = 12/3 (unit 3) + 12/3 (unit 4) = 8,  o_44 = 12/3 (unit 7) = 4,  o_55 = 6/2 (unit 10) = 3
  //   Σ o_cc = 32; margins n_1..n_5 = 9, 13, 10, 5, 3; Σ n_c(n_c − 1) = 72 + 156 + 90 + 20 + 6 = 344
  //   α = (39·32 − 344) / (40·39 − 344) = 904 / 1216 = 0.74342…
  const DATA: (number | null)[][] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const unitValues = (unit: number): (string | null)[] =>
    DATA.map((row) => (row[unit] === null ? null : String(row[unit])));

  it('reproduces α = 0.743 from units × coders with missing values', () => {
    const counts = emptyCodingCounts(4);
    for (let unit = 0; unit < 12; unit++) addUnit(counts, unitValues(unit));
    expect(counts.unpairableUnits).toBe(1);
    expect(plain(counts.groups)).toEqual(
      plain(
        new Map([
          [2, { units: 1, agreeingPairs: 2, values: new Map([['1', 2]]) }],
          [
            3,
            {
              units: 2,
              agreeingPairs: 12,
              values: new Map([
                ['1', 3],
                ['5', 3],
              ]),
            },
          ],
          [
            4,
            {
              units: 8,
              agreeingPairs: 72, // 6 + 12 + 12 + 12 + 0 + 12 + 6 + 12
              values: new Map([
                ['1', 4],
                ['2', 13],
                ['3', 10],
                ['4', 5],
              ]),
            },
          ],
        ]),
      ),
    );
    expect(krippendorffAlpha(counts)).toBeCloseTo(904 / 1216, 12);
    expect(krippendorffAlpha(counts)!.toFixed(3)).toBe('0.743');
  });
});

describe('Fleiss’ kappa against the worked example on Wikipedia', () => {
  // https://en.wikipedia.org/wiki/Fleiss%27_kappa ("Worked example"), after Fleiss (1971):
  // 10 subjects, 14 raters each, 5 categories; n_ij = raters who put subject i in category j.
  // Published: P̄ = 0.378, P̄e = 0.213, κ = 0.210. By hand: A = Σ_i Σ_j n_ij(n_ij − 1) = 182 + 46 +
  // 56 + 80 + 60 + 84 + 44 + 32 + 52 + 52 = 688 (row i gives P_i = A_i / (14·13): 1.000, 0.253, …);
  // P̄ = 688 / (10·14·13) = 0.37802; column totals v_j = 20, 28, 39, 21, 32 of T = 140 ratings,
  // Σ v² = 400 + 784 + 1521 + 441 + 1024 = 4170, P̄e = 4170 / 140² = 0.21276;
  // κ = (688·140 − 13·4170) / (13·(140² − 4170)) = 42110 / 200590 = 0.20993 → 0.210.
  const TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('reproduces κ ≈ 0.210', () => {
    const counts = emptyCodingCounts(14);
    for (const row of TABLE)
      addUnit(
        counts,
        row.flatMap((raters, category) => Array<string>(raters).fill(`c${category + 1}`)),
      );
    const group = counts.groups.get(14)!;
    expect(group.units).toBe(10);
    expect(group.agreeingPairs).toBe(688);
    expect(fleissKappa(counts)).toBeCloseTo(42110 / 200590, 12);
    expect(fleissKappa(counts)!.toFixed(3)).toBe('0.210');
  });
});

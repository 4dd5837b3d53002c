/**
 * The rewrite rule of the derived caches (textBundles.ts, signatureCache.ts), stated once: which
 * rows a pass removes and writes again with their members still served.
 */

/** How a cache's row stands after a pass read it. */
export interface RowStanding {
  /** Not this code's (malformed, another scheme): never served. */
  wellFormed: boolean;
  /** Its members, and those that served this pass. */
  members: number;
  live: number;
  /** How full it is, by what it served, as a part of a full row (1 = full). */
  servedPart: number;
}

/**
 * The rows to remove: those not this code's or mostly stale (fewer than half their members serve),
 * and the small ones (under a quarter of a row served) when there are others to merge them with:
 * two or more, or one with new entries or stale rows to write beside it.
 */
export function rowsToRewrite<T>(rows: readonly T[], standing: (row: T) => RowStanding, adding: boolean): T[] {
  const stale = rows.filter((row) => {
    const { wellFormed, members, live } = standing(row);
    return !wellFormed || live * 2 < members;
  });
  const small = rows.filter((row) => !stale.includes(row) && standing(row).servedPart * 4 < 1);
  if (small.length >= 2 || (small.length === 1 && (adding || stale.length > 0))) stale.push(...small);
  return stale;
}

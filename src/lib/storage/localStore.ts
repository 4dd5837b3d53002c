/**
 * This origin's localStorage, reached safely: where the browser refuses it (storage blocked for the
 * site, some private modes), reading `localStorage` throws, and the app must still start. Storage's
 * one door (ARCHITECTURE.md): the note drafts, this device's preferences (theme, keyboard), the last
 * near-duplicate search of each database, team sync's small marks (servers reached, changes not
 * yet sent, the member a token writes as) and the mark that this browser holds the storage come through here; this tab's
 * sessionStorage too (the tab's annotator, the review's place).
 */

/** The slice of `Storage` the app uses (localStorage in the app; a map in tests). */
export type LocalStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** A Web Storage area, or undefined where the browser refuses it (reading it throws). */
function reached(area: () => Storage): Storage | undefined {
  try {
    return area();
  } catch {
    return undefined;
  }
}

/** This origin's localStorage, or undefined where the browser refuses it. */
export const localStore = (): LocalStore | undefined => reached(() => globalThis.localStorage);

/** This tab's sessionStorage (the tab's annotator, the review's place), or undefined where the browser refuses it. */
export const tabStorage = (): Storage | undefined => reached(() => globalThis.sessionStorage);

/** The entries of the JSON array stored at `key` that `keep` accepts; none when it is missing, unreadable or refused. */
export function readJsonArray<T>(
  storage: LocalStore | undefined,
  key: string,
  keep: (entry: unknown) => entry is T,
): T[] {
  try {
    const value: unknown = JSON.parse(storage?.getItem(key) ?? '[]');
    return Array.isArray(value) ? value.filter(keep) : [];
  } catch {
    return [];
  }
}

/** Stores `entries` at `key` as a JSON array (an empty one removes it); a full or refusing storage keeps nothing. */
export function writeJsonArray(storage: LocalStore | undefined, key: string, entries: readonly unknown[]): void {
  try {
    if (entries.length === 0) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify(entries));
  } catch {
    // Nothing kept: the caller's mark is lost with the page, as where storage is refused.
  }
}

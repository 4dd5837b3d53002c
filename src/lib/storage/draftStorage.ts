/**
 * Where a span's note draft is kept while it is typed (state/noteDrafts.ts): this origin's
 * localStorage, written synchronously at every key stroke, so a reload, a crash or a closed tab
 * leaves it for the next start. Storage's one door (ARCHITECTURE.md): only storage/ touches it.
 */

/** The slice of `Storage` the drafts need (localStorage in the app; a map in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** This origin's localStorage, or undefined where the browser refuses it. */
export function localDraftStorage(): DraftStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * This origin's localStorage, reached safely: where the browser refuses it (storage blocked for the
 * site, some private modes), reading `localStorage` throws, and the app must still start. Storage's
 * one door (ARCHITECTURE.md): the note drafts and this device's preferences (theme, keyboard) come
 * through here.
 */

/** The slice of `Storage` the app uses (localStorage in the app; a map in tests). */
export type LocalStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** This origin's localStorage, or undefined where the browser refuses it. */
export function localStore(): LocalStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

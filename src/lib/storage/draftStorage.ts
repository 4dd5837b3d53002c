/**
 * Where a span's note draft is kept while it is typed (state/noteDrafts.ts): this origin's
 * localStorage (localStore.ts), written synchronously at every key stroke, so a reload, a crash or a
 * closed tab leaves it for the next start.
 */
import { localStore, type LocalStore } from './localStore';

/** The slice of `Storage` the drafts need (localStorage in the app; a map in tests). */
export type DraftStorage = LocalStore;

/** This origin's localStorage, or undefined where the browser refuses it. */
export const localDraftStorage = localStore;

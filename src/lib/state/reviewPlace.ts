/**
 * The review's place in this tab, kept through a reload: the document open on the Review page, and
 * the note typed for the next decision and not yet used. In the tab's sessionStorage, so each tab
 * keeps its own (two reviewers' tabs, or one reviewer's two, do not move each other).
 */
import { tabStorage } from '../storage/localStore';

const KEY = 'spanwright-review-place';

export interface ReviewPlace {
  documentId: string | null;
  note: string;
}

type TabStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The place this tab's review was at before the reload, or null (a new tab, or nothing readable kept). */
export function readReviewPlace(storage: TabStorage | undefined = tabStorage()): ReviewPlace | null {
  try {
    const kept: unknown = JSON.parse(storage?.getItem(KEY) ?? 'null');
    if (typeof kept !== 'object' || kept === null) return null;
    const { documentId, note } = kept as Record<string, unknown>;
    return {
      documentId: typeof documentId === 'string' ? documentId : null,
      note: typeof note === 'string' ? note : '',
    };
  } catch {
    return null;
  }
}

/** Keeps `place` for the next load of this tab; nothing where storage is refused. */
export function keepReviewPlace(place: ReviewPlace, storage: TabStorage | undefined = tabStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(place));
  } catch {
    // Storage refused (full, or blocked): the place is simply not kept.
  }
}

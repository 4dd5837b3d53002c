import type { Store } from '../storage/store';

/**
 * Follows the restores of backups, in this tab or another (storage/restoreMark.ts): `onRestore` is
 * called for each one after the first read. What an undo history holds was stored before the
 * restore; undone or redone then, it would write old spans into the restored data.
 */
export function followRestores(store: Store, onRestore: () => void): () => void {
  let seen: string | null | undefined;
  const subscription = store.watchRestoreMark().subscribe({
    next: (mark) => {
      const id = mark?.id ?? null;
      if (seen !== undefined && id !== seen) onRestore();
      seen = id;
    },
  });
  return () => subscription.unsubscribe();
}

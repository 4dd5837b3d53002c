import type { GoldChange, Store } from '../storage/store';
import { labelsNow } from './labelsNow';
import { DECIDED_AGAIN } from './reviewNews';

/**
 * A decision's undo (`undo`) or redo: its change under the names its spans' labels go by now (renamed or
 * merged since `at`, in Settings, another tab or by the team), applied only while gold is as the change
 * left it; else why not. Before, an undo after a rename found "another" label in gold and was refused
 * as decided again meanwhile.
 */
export async function goldStep(
  store: Store,
  change: GoldChange,
  undo: boolean,
  at: number,
  now: number,
): Promise<string | undefined> {
  const [added, removed] = await Promise.all([
    labelsNow(store, change.added, at),
    labelsNow(store, change.removed, at),
  ]);
  if (!added || !removed) return 'a label it used was removed meanwhile';
  return (await store.applyGoldChange({ added, removed }, undo, now)) ? undefined : DECIDED_AGAIN;
}

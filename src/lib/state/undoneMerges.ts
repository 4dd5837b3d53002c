/**
 * Merges taken back (Settings → Labels → Undo) while an undo step still names the label merged into
 * for a span the merge had moved: the span was relabelled or deleted after the merge, so the undo of
 * the merge left it, and its step's undo would put it back under the label merged into. Such a name
 * means the label merged away, back in the set (helper-179: merge claim into denial, relabel the span
 * visit, undo the merge, undo the relabel: the span came back as denial, a label it never had).
 */
import type { MergedLabel } from '../storage/labelRestore';
import type { Store } from '../storage/store';

interface UndoneMerge {
  from: string;
  into: string;
  /** When the merge was made and when it was undone (Date.now() ms, the clock of the steps' `at`). */
  merged: number;
  undone: number;
  /** The spans it moved. */
  ids: ReadonlySet<string>;
}

/** By store: a tab's history and its merges share one. */
const undone = new WeakMap<Store, UndoneMerge[]>();

/** Notes that `merged`, made at `at`, was undone just now: steps recorded between the two then read its spans under its label. */
export function noteUndoneMerge(store: Store, merged: MergedLabel, at: number): void {
  const ids = new Set(merged.moved.map((span) => span.id));
  const entry = { from: merged.label.name, into: merged.into, merged: at, undone: Date.now(), ids };
  undone.set(store, [...(undone.get(store) ?? []), entry].slice(-50));
}

/** The label `label` of span `id`, in a step recorded at `at`, stands for: the label merged away, when it was named so only by a merge undone since. */
export function beforeUndoneMerges(store: Store, id: string, label: string, at: number): string {
  let name = label;
  for (const merge of undone.get(store) ?? []) {
    if (merge.into === name && merge.ids.has(id) && merge.merged <= at && at <= merge.undone) name = merge.from;
  }
  return name;
}

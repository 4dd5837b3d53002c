import Dexie, { cmp, type IndexableType, type IntervalTree, type IntervalTreeNode, type ObservabilitySet } from 'dexie';

/**
 * What a committed change did to one table, from Dexie's `storagemutated` event (fired for this
 * tab's transactions and, through a BroadcastChannel, for other tabs'): the exact primary keys
 * written or deleted (sorted, once each), or `range` when the change covered a range (a `clear()`,
 * a delete by range; Dexie may also record a large bulk write as the whole table), or `untouched`.
 */
export type TableMutation = { keys: IndexableType[] } | 'range' | 'untouched';

export function tableMutation(parts: ObservabilitySet, databaseName: string, table: string): TableMutation {
  // Dexie's word for "anything may have changed" (a page back from the back/forward cache, whose
  // BroadcastChannel was closed meanwhile).
  if ('all' in parts) return 'range';
  const prefix = `idb://${databaseName}/${table}/`;
  const written = parts[prefix];
  const deleted = parts[`${prefix}:dels`];
  const keys: IndexableType[] = [];
  for (const tree of [written, deleted]) {
    if (!tree) continue;
    // Walked by hand: from another tab the tree arrives structured-cloned, without RangeSet's iterator.
    for (const node of nodes(tree)) {
      if (cmp(node.from, node.to) !== 0) return 'range';
      keys.push(node.from);
    }
  }
  if (keys.length > 0) {
    // A key written where no row was before is in both parts: once each.
    keys.sort(cmp);
    return { keys: keys.filter((key, index) => index === 0 || cmp(key, keys[index - 1]) !== 0) };
  }
  // No exact key, yet an index of the table changed: treat it as a range to be safe.
  return Object.entries(parts).some(([part, tree]) => part.startsWith(prefix) && tree.d !== 0) ? 'range' : 'untouched';
}

function* nodes(tree: IntervalTree): Generator<IntervalTreeNode> {
  if (tree.d === 0) return;
  const node = tree as IntervalTreeNode;
  if (node.l) yield* nodes(node.l);
  yield node;
  if (node.r) yield* nodes(node.r);
}

/** Calls `listener` after every committed change to the named database, from any tab; returns the unsubscribe. */
export function onStorageMutated(listener: (parts: ObservabilitySet) => void): () => void {
  Dexie.on.storagemutated.subscribe(listener);
  return () => Dexie.on.storagemutated.unsubscribe(listener);
}

/**
 * The document list's heads, live: read whole once, then only the rows each write names. A live
 * query over the table read every head again after every write, and an import writes a batch of
 * 250 documents at a time: importing 10,000 documents read 209,200 heads on the page's thread (40
 * reads of 5,000 on average), and the reads grow with the square of the import (100,000 documents:
 * about 20 million). Here a batch costs a read of its own rows.
 *
 * It hears Dexie's documented global `storagemutated` event, fired for every committed write in
 * this tab, another tab or a Worker: its set names the primary keys of `heads` a write may have
 * changed. A row named and not found was deleted. A write that names a range of keys is followed
 * by a whole read, as before: a table cleared (a restore), and any one `bulkAdd` or `bulkPut` of 50
 * rows or more, which Dexie names as the whole key range (seeding, team sync's documents; the
 * import sends 10 documents a request, `importWrites.ts`); so is everything (`all`: the page came
 * back from the back-forward cache).
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { headsInOrder } from '../model/documentHead';
import type { DocumentHead } from '../model/types';
import type { Watch } from './changeFeed';
import type { SpanwrightDatabase } from './database';

/** A node of the interval tree Dexie keeps the keys of a part in (a plain object once it came from another tab). */
interface KeyRanges {
  from?: unknown;
  to?: unknown;
  l?: KeyRanges | null;
  r?: KeyRanges | null;
}

/** Adds the keys `ranges` holds to `keys`; false when it holds a range of more than one key. */
function addKeys(ranges: KeyRanges | null | undefined, keys: Set<string>): boolean {
  if (!ranges || !('from' in ranges)) return true;
  if (typeof ranges.from !== 'string' || ranges.from !== ranges.to) return false;
  keys.add(ranges.from);
  return addKeys(ranges.l, keys) && addKeys(ranges.r, keys);
}

/** Every document's head (no text) in list order, live. */
export function watchHeads(database: SpanwrightDatabase): Watch<DocumentHead[]> {
  return {
    subscribe(observer) {
      const part = `idb://${database.name}/heads/`;
      /** The heads by id, and in list order; null until the first read. */
      let byId: Map<string, DocumentHead> | null = null;
      let listed: DocumentHead[] = [];
      /** The ids named since the last read, or everything. */
      let named: Set<string> | 'all' = new Set();
      let queue = Promise.resolve();
      let reading = false;
      let stopped = false;

      const read = async () => {
        // Not in the task of the write's commit; the writes of that task and the next are read together. The first
        // read, at startup, waits for no write.
        if (byId !== null) await new Promise((resolve) => setTimeout(resolve, 0));
        reading = false;
        if (stopped) return;
        const ids = named;
        named = new Set();
        if (byId === null || ids === 'all') {
          listed = headsInOrder(await database.heads.toArray());
          byId = new Map(listed.map((head) => [head.id, head]));
        } else {
          if (ids.size === 0) return;
          listed = changed(byId, listed, [...ids], await database.heads.bulkGet([...ids]));
        }
        if (!stopped) observer.next(listed);
      };
      const schedule = () => {
        if (reading || stopped) return;
        reading = true;
        queue = queue.then(read).catch((error: unknown) => {
          if (stopped) return;
          stopped = true;
          Dexie.on('storagemutated').unsubscribe(heard);
          observer.error?.(error);
        });
      };
      const heard = (parts: ObservabilitySet) => {
        if (named === 'all') return schedule();
        if ('all' in parts) named = 'all';
        else if (part in parts) {
          if (!addKeys(parts[part] as KeyRanges, named)) named = 'all';
        } else return;
        schedule();
      };
      // Heard before the first read starts: a write committed during it is read again after it.
      Dexie.on('storagemutated', heard);
      schedule();
      return {
        unsubscribe() {
          stopped = true;
          Dexie.on('storagemutated').unsubscribe(heard);
        },
      };
    },
  };
}

/**
 * The list after the rows `ids` were read again as `rows` (undefined: deleted), `byId` brought up
 * to date. New documents after the last one listed, as an import adds them, are put at the end;
 * any other change sorts the list again.
 */
function changed(
  byId: Map<string, DocumentHead>,
  listed: readonly DocumentHead[],
  ids: readonly string[],
  rows: readonly (DocumentHead | undefined)[],
): DocumentHead[] {
  const last = listed.length > 0 ? listed[listed.length - 1].order : -Infinity;
  const added: DocumentHead[] = [];
  let moved = false;
  ids.forEach((id, index) => {
    const row = rows[index];
    const before = byId.get(id);
    if (row === undefined) {
      if (before) moved = byId.delete(id);
      return;
    }
    byId.set(id, row);
    if (before || row.order <= last) moved = true;
    else added.push(row);
  });
  if (moved) return headsInOrder([...byId.values()]);
  return added.length === 0 ? [...listed] : [...listed, ...headsInOrder(added)];
}

/**
 * The label merge's writes (corpusSync.ts) are decided on the team's fields as it read them, then written after it
 * awaited the database: a field the team changed meanwhile (its update came in that wait) would be written over with
 * a value decided without it, and Yjs ranks that later write first on every copy, so the team's change is lost.
 */
import type * as Y from 'yjs';
import { sameValue } from './records';

type Write = [string, Record<string, unknown> | null];

/**
 * Writes `changed` into `fields` in one transaction, but a field's value the team changed since `read` (the fields as
 * the merge read them): the next merge, which that change queued, decides it again. A removal is always written.
 * Returns the writes the team holds now: those made, and those it held already.
 */
export function writeFresh(
  fields: Y.Map<unknown>,
  changed: readonly Write[],
  read: ReadonlyMap<string, unknown>,
  origin: unknown,
): Write[] {
  const applied: Write[] = [];
  if (changed.length === 0) return applied;
  fields.doc?.transact(() => {
    for (const [key, value] of changed) {
      if (value === null) {
        fields.delete(key);
        applied.push([key, value]);
        continue;
      }
      const now = fields.get(key);
      if (sameValue(now, read.get(key))) fields.set(key, value);
      else if (!sameValue(now, value)) continue;
      applied.push([key, value]);
    }
  }, origin);
  return applied;
}

/**
 * A shared document's updates as kept in IndexedDB (teamSync.ts keeps each one it stores or writes),
 * read back at the next start. A row that can not be read (broken on disk, or written by a bug) must
 * not stop team sync for good: it is left out, said, and removed. Nothing of the member's work is in
 * it alone: their layers are in the database, shared again at each start, and the team's changes
 * come again from the server.
 */
import * as Y from 'yjs';

/**
 * Applies the stored `updates` of shared document `name` to `doc` (as one merged update; when that
 * can not be read, one by one, leaving out each that can not be, and telling `listener`). Returns
 * how many were left out.
 */
export function applyStoredUpdates(
  doc: Y.Doc,
  { name, updates }: { name: string; updates: readonly Uint8Array[] },
  origin: unknown,
  listener: { notice?(text: string): void },
): number {
  if (updates.length === 0) return 0;
  try {
    Y.applyUpdate(doc, Y.mergeUpdates([...updates]), origin);
    return 0;
  } catch {
    let unreadable = 0;
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update, origin);
      } catch {
        unreadable++;
      }
    }
    listener.notice?.(unreadableNote(name, unreadable));
    return unreadable;
  }
}

/** What the member is told of `count` stored updates of shared document `name` left out. */
const unreadableNote = (name: string, count: number) =>
  `${count === 1 ? 'A stored update' : `${count} stored updates`} of the team's document “${name}” could not be read and ${count === 1 ? 'was' : 'were'} removed. Your work here is in this browser's database and is shared again; the team's comes again from the server.`;

/** What the status says when a change from the team could not be stored here (`TeamSync`). */
export function unstoredNote(error: unknown): string {
  return `a change from the team could not be stored here (${String(error)}). Nothing more is shared from this copy, so no span is removed for the team by mistake; reload the page to take the change in again.`;
}

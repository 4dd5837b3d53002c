/** A span's note and example mark: changes of one span that leave its place and label as they are. */
import type { Span } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { rewriteSpans, writeTables } from './spans';

/**
 * Sets (or, with an empty `note`, removes) the note on span `id`, in one transaction; resolves with
 * the span before and after, or null if it is gone or the note is unchanged. With `from` (an undo or
 * redo), only while the stored note is still `from`: otherwise `after` is `before`, nothing written.
 */
export async function setSpanNote(
  database: SpanwrightDatabase,
  id: string,
  note: string,
  now = Date.now(),
  from?: string,
): Promise<{ before: Span; after: Span } | null> {
  const trimmed = note.trim();
  return database.transaction('rw', writeTables(database), async () => {
    const before = await database.spans.get(id);
    if (!before || (before.note ?? '') === trimmed) return null;
    if (from !== undefined && (before.note ?? '') !== from) return { before, after: before };
    const { note: _previous, ...rest } = before;
    const after: Span = trimmed === '' ? { ...rest, updated: now } : { ...rest, note: trimmed, updated: now };
    await rewriteSpans(database, [after], now);
    return { before, after };
  });
}

/**
 * Marks span `id` as an example of its label (or, with `example` false, no longer), in one
 * transaction; resolves with the span before and after, or null if it is gone or already so.
 */
export async function setSpanExample(
  database: SpanwrightDatabase,
  id: string,
  example: boolean,
  now = Date.now(),
): Promise<{ before: Span; after: Span } | null> {
  return database.transaction('rw', writeTables(database), async () => {
    const before = await database.spans.get(id);
    if (!before || Boolean(before.example) === example) return null;
    const { example: _previous, ...rest } = before;
    const after: Span = example ? { ...rest, example: true, updated: now } : { ...rest, updated: now };
    await rewriteSpans(database, [after], now);
    return { before, after };
  });
}

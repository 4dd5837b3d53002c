/**
 * The log of this database's label renames, for team sync: a rename is shared as a rename (every
 * copy moves its spans to the new name) only when it is known to be one. Told apart by its fields
 * alone, a rename read together with an edit, or a removal beside a new label with the freed key
 * and colour, would be taken for the other (a removal takes the label's spans from every copy).
 *
 * Rows of `syncUpdates` under a name no shared document can have (theirs hold a `/`), like the
 * restore mark: that table is kept by a restore and left out of backups. The last few are kept.
 */
import type { SpanwrightDatabase } from './database';

export const LABEL_RENAMES_NAME = 'label-renames';
const KEPT = 64;

/** One rename: `seq` orders them (the row's key, rising). */
export interface LabelRename {
  seq: number;
  from: string;
  to: string;
}

/** Notes a rename, inside the rename's transaction (which spans `syncUpdates`). */
export async function logLabelRename(database: SpanwrightDatabase, from: string, to: string): Promise<void> {
  await database.syncUpdates.add({
    name: LABEL_RENAMES_NAME,
    update: new TextEncoder().encode(JSON.stringify({ from, to })),
  });
  const keys = (await database.syncUpdates.where('name').equals(LABEL_RENAMES_NAME).primaryKeys()).map(Number);
  if (keys.length > KEPT)
    await database.syncUpdates.bulkDelete(keys.sort((a, b) => a - b).slice(0, keys.length - KEPT));
}

/** The renames logged, oldest first (inside a transaction over `syncUpdates`, or alone). */
export async function readLabelRenames(database: SpanwrightDatabase): Promise<LabelRename[]> {
  const rows = await database.syncUpdates.where('name').equals(LABEL_RENAMES_NAME).sortBy('seq');
  return rows.flatMap((row) => {
    try {
      const { from, to } = JSON.parse(new TextDecoder().decode(row.update)) as { from?: unknown; to?: unknown };
      return typeof from === 'string' && typeof to === 'string' && row.seq !== undefined
        ? [{ seq: row.seq, from, to }]
        : [];
    } catch {
      return [];
    }
  });
}

/**
 * The mark a restore leaves for team sync. A restore replaces this database's data, not the team's:
 * a sync that took the restored data for this member's latest work would share every span, label or
 * decision the backup lacks as a removal, on every member's copy. So a restore keeps the shared
 * documents' stored updates (the team's state as this browser last knew it) and writes a mark with a
 * new id beside them, in its own transaction. Team sync reads the mark with whatever it is about to
 * share: a mark it did not start with means a restore replaced the data under it, and it starts
 * again; a start that finds the mark not yet merged first stores everything the shared documents
 * hold (the team's work comes back into the restored data), then shares only what the team lacks.
 *
 * The mark is a row of `syncUpdates` under a name no shared document can have (theirs are
 * `<project>/…`): that table is not in backups, so a backup restored and exported again is the same file.
 */
import type { Label } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { readLabelRenames, type LabelRename } from './labelRenames';
import { listLabels } from './labels';

/** What team sync may share of the label set: the labels, the renames logged, the last restore's id. */
export interface LabelsToShare {
  labels: Label[];
  renames: LabelRename[];
  restore: string | null;
}

/** The `syncUpdates` row's name: a shared document's name always holds a `/`. */
export const RESTORE_MARK_NAME = 'restore';

/** The last restore: its id, and whether team sync has merged the team's state back in since. */
export interface RestoreMark {
  id: string;
  merged: boolean;
}

const encode = (mark: RestoreMark) => new TextEncoder().encode(JSON.stringify(mark));

function decode(bytes: Uint8Array): RestoreMark | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value !== 'object' || value === null) return null;
    const { id, merged } = value as { id?: unknown; merged?: unknown };
    return typeof id === 'string' ? { id, merged: merged === true } : null;
  } catch {
    return null;
  }
}

/** The last restore's mark, or null when this database was never restored (inside a transaction over `syncUpdates`, or alone). */
export async function readRestoreMark(database: SpanwrightDatabase): Promise<RestoreMark | null> {
  const rows = await database.syncUpdates.where('name').equals(RESTORE_MARK_NAME).toArray();
  const row = rows.at(-1);
  return row ? decode(row.update) : null;
}

/** Marks a restore just written (inside the restore's transaction): a new id, its merge to come. */
export async function writeRestoreMark(database: SpanwrightDatabase, id: string): Promise<void> {
  await database.syncUpdates.where('name').equals(RESTORE_MARK_NAME).delete();
  await database.syncUpdates.add({ name: RESTORE_MARK_NAME, update: encode({ id, merged: false }) });
}

/** Notes that the team's state was merged back in after the restore `id` (nothing when another restore came since). */
export async function markRestoreMerged(database: SpanwrightDatabase, id: string): Promise<void> {
  await database.transaction('rw', database.syncUpdates, async () => {
    if ((await readRestoreMark(database))?.id !== id) return;
    await database.syncUpdates.where('name').equals(RESTORE_MARK_NAME).delete();
    await database.syncUpdates.add({ name: RESTORE_MARK_NAME, update: encode({ id, merged: true }) });
  });
}

/** The last restore's id (null: none), read inside the caller's transaction. */
export const restoreId = async (database: SpanwrightDatabase) => (await readRestoreMark(database))?.id ?? null;

/**
 * The labels team sync may share, with the restore mark of the same moment: all but those an
 * import under way brought (its journal names them). A label of an import not yet whole is not the
 * team's: a cancelled or failed import takes it back, and that must not read as a removal.
 */
export async function readLabelsToShare(database: SpanwrightDatabase): Promise<LabelsToShare> {
  return database.transaction('r', [database.labels, database.importJournal, database.syncUpdates], async () => {
    const unfinished = await labelsOfUnfinishedImports(database);
    const labels = (await listLabels(database)).filter((label) => !unfinished.has(label.name));
    return { labels, renames: await readLabelRenames(database), restore: await restoreId(database) };
  });
}

/** The labels each import journal row names, by the row's key: rows are only added and deleted, never changed. */
const journalLabels = new WeakMap<SpanwrightDatabase, Map<number, string[]>>();

/**
 * The labels the imports under way brought, inside the caller's transaction. Only the rows not
 * read before are read (a large import adds a row per batch, and team sync asks after each one).
 */
async function labelsOfUnfinishedImports(database: SpanwrightDatabase): Promise<Set<string>> {
  const known = journalLabels.get(database) ?? new Map<number, string[]>();
  journalLabels.set(database, known);
  const keys = new Set((await database.importJournal.toCollection().primaryKeys()).map(Number));
  const missing = [...keys].filter((key) => !known.has(key));
  if (missing.length > 0)
    for (const entry of await database.importJournal.bulkGet(missing))
      if (entry?.seq !== undefined) known.set(entry.seq, entry.labels);
  for (const key of known.keys()) if (!keys.has(key)) known.delete(key);
  return new Set([...keys].flatMap((key) => known.get(key) ?? []));
}

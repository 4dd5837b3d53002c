/** The label set's changes that come from the team (sync/corpusSync.ts): a rename taken in, spans counted by annotator. */
import type { SpanwrightDatabase } from './database';
import { logLabelRename } from './labelRenames';
import { retagSpans } from './labels';
import { dropTwins } from './labelMerge';
import { writeTables } from './spans';

/**
 * Takes in a rename from the team: `from`'s spans (in every layer) move to `to`, and `from` leaves
 * the set; `to` is added with `from`'s colour, key, guideline and place when the set lacks it.
 * Nothing happens without a label `from`. `taken`: a `syncUpdates` row written in the same
 * transaction, so the rename is known as taken in even after a crash (sync/renameHistory.ts).
 * Resolves with how many spans went as twins of a `to` span, and how many of those had a note or
 * mark that the `to` span took (labelMerge.dropTwins).
 */
export async function renameLabelInto(
  database: SpanwrightDatabase,
  from: string,
  to: string,
  now = Date.now(),
  taken?: { name: string; update: Uint8Array },
) {
  if (from === to) return { dropped: 0, carried: 0 };
  const tables = [database.labels, database.suggestions, database.syncUpdates, database.settings];
  return database.transaction('rw', [...tables, ...writeTables(database)], async () => {
    if (taken) await database.syncUpdates.add({ name: taken.name, update: taken.update });
    const label = await database.labels.get(from);
    if (!label) return { dropped: 0, carried: 0 };
    await database.labels.delete(from);
    // Into a label the set holds (a merge): a span at a place its layer holds under `to` goes, as on the merging copy.
    // Spans may carry `to` though the set lacks it (a teammate's label): their twins go too.
    // Every copy does the same to the same spans: their times stay (no copy's retag is a later edit than another's).
    const twins = await dropTwins(database, from, to, now, false);
    if (!(await database.labels.get(to))) await database.labels.add({ ...label, name: to });
    await retagSpans(database, from, to, now, false);
    await logLabelRename(database, from, to, 'team');
    return { dropped: twins.spans.length, carried: twins.carried.length };
  });
}

/** How many spans carry `name`, by annotator (gold and rejected included). */
export async function countSpansWithLabelByAnnotator(database: SpanwrightDatabase, name: string) {
  const counts = new Map<string, number>();
  await database.spans
    .where('label')
    .equals(name)
    .each((span) => counts.set(span.annotator, (counts.get(span.annotator) ?? 0) + 1));
  return counts;
}

/**
 * Deletes `name` from the label set when no span or suggestion carries it, in one transaction (a
 * span labelled meanwhile keeps it); resolves with whether it went.
 */
export async function deleteLabelIfUnused(database: SpanwrightDatabase, name: string): Promise<boolean> {
  return database.transaction('rw', [database.labels, database.spans, database.suggestions], async () => {
    const used =
      (await database.spans.where('label').equals(name).count()) > 0 ||
      (await database.suggestions.where('label').equals(name).count()) > 0;
    if (!used) await database.labels.delete(name);
    return !used;
  });
}

/** A label spans carry that the label set lacks (a team member's own label, arrived with their spans). */
export interface UnlistedLabel {
  name: string;
  spans: number;
  /** Whose layers hold them, sorted. */
  annotators: string[];
}

/** The labels spans carry that the label set lacks, by name, with their spans counted per annotator. */
export async function unlistedLabels(database: SpanwrightDatabase): Promise<UnlistedLabel[]> {
  return database.transaction('r', [database.labels, database.spans], async () => {
    const listed = new Set((await database.labels.toCollection().primaryKeys()) as string[]);
    const used = (await database.spans.orderBy('label').uniqueKeys()) as string[];
    const unlisted: UnlistedLabel[] = [];
    for (const name of used.filter((label) => !listed.has(label))) {
      const counts = await countSpansWithLabelByAnnotator(database, name);
      const spans = [...counts.values()].reduce((sum, count) => sum + count, 0);
      unlisted.push({ name, spans, annotators: [...counts.keys()].sort() });
    }
    return unlisted;
  });
}

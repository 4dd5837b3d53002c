import { workedOn } from '../model/reliability';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR } from '../model/types';
import type { SpanwrightDatabase } from './database';

/** Every annotator with a layer or a status, for the export and review choices. */
export async function listAnnotators(database: SpanwrightDatabase): Promise<string[]> {
  const names = new Set<string>((await database.statuses.orderBy('annotator').uniqueKeys()) as string[]);
  for (const name of (await database.spans.orderBy('annotator').uniqueKeys()) as string[]) names.add(name);
  return [...names].sort();
}

/** How many spans each annotator's layer holds over the corpus, from the layers' summaries. */
export async function spanCountsByAnnotator(database: SpanwrightDatabase): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  // One read of every summary (a getAll): a cursor would take a step per layer.
  for (const row of await database.statuses.toArray())
    counts.set(row.annotator, (counts.get(row.annotator) ?? 0) + row.spanCount);
  return counts;
}

/**
 * Whether `name` has decided in the review (a gold or rejected span records them as its reviewer): a
 * reviewer has no layer of their own, but is no new name to the annotator field.
 */
export async function hasDecided(database: SpanwrightDatabase, name: string): Promise<boolean> {
  const decided = await database.spans
    .where('annotator')
    .anyOf([GOLD_ANNOTATOR, REJECTED_ANNOTATOR])
    .filter((span) => span.origin?.by === name)
    .first();
  return decided !== undefined;
}

/**
 * The two of `names` who worked on the most documents in common (a span or a status, not skipped:
 * `workedOn`), in `names`' order; ties go to the pair first in that order. Null when no two share a
 * document: a pair then shows nothing to compare, whichever it is.
 */
export async function busiestPair(
  database: SpanwrightDatabase,
  names: readonly string[],
): Promise<[string, string] | null> {
  const worked = new Map<string, Set<string>>(names.map((name) => [name, new Set()]));
  for (const row of await database.statuses
    .where('annotator')
    .anyOf([...names])
    .toArray())
    if (workedOn(row)) worked.get(row.annotator)?.add(row.documentId);
  let best: [string, string] | null = null;
  let most = 0;
  for (let one = 0; one < names.length; one++)
    for (let other = one + 1; other < names.length; other++) {
      const [mine, theirs] = [worked.get(names[one])!, worked.get(names[other])!];
      let shared = 0;
      for (const id of mine) if (theirs.has(id)) shared++;
      if (shared > most) [best, most] = [[names[one], names[other]], shared];
    }
  return best;
}

import type { SpanwrightDatabase } from './database';

/** Every annotator with a layer or a status, for the export and review choices. */
export async function listAnnotators(database: SpanwrightDatabase): Promise<string[]> {
  const names = new Set<string>((await database.statuses.orderBy('annotator').uniqueKeys()) as string[]);
  for (const name of (await database.spans.orderBy('annotator').uniqueKeys()) as string[]) names.add(name);
  return [...names].sort();
}

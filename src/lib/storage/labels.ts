import { labelNameProblem, newLabel } from '../model/labels';
import type { Label, Span } from '../model/types';
import type { DeletedLabel } from './labelRestore';
import type { SpanwrightDatabase } from './database';
import { logLabelRename } from './labelRenames';
import { refreshLayersOf, writeTables } from './spans';

export async function listLabels(database: SpanwrightDatabase): Promise<Label[]> {
  return database.labels.orderBy('order').toArray();
}

/** Adds a label at the end of the set; resolves with an error sentence or null. */
export async function addLabel(database: SpanwrightDatabase, name: string): Promise<string | null> {
  const problem = labelNameProblem(name);
  if (problem) return problem;
  return database.transaction('rw', database.labels, async () => {
    if (await database.labels.get(name)) return `a label named "${name}" exists already`;
    await database.labels.add(newLabel(name, await database.labels.toArray()));
    return null;
  });
}

/**
 * Changes colour, hotkey or description. A hotkey another label holds moves to this one, and that label
 * takes this one's old key in exchange (none if it had none), so no key stops working: resolves with
 * whose it was and the key each holder has now.
 */
export async function updateLabel(
  database: SpanwrightDatabase,
  name: string,
  changes: Partial<Pick<Label, 'colour' | 'hotkey' | 'description'>>,
): Promise<{ name: string; hotkey: string }[]> {
  return database.transaction('rw', database.labels, async () => {
    const holders = changes.hotkey
      ? await database.labels.filter((label) => label.hotkey === changes.hotkey && label.name !== name).toArray()
      : [];
    const had = holders.length > 0 ? ((await database.labels.get(name))?.hotkey ?? '') : '';
    // A key held twice (an old store's) is not given back to the other holder: it has none then.
    const old = had === changes.hotkey ? '' : had;
    // One label per key: the first holder (there is one, unless an old store held a key twice) takes the old key.
    const swapped = holders.map((holder, index) => ({ name: holder.name, hotkey: index === 0 ? old : '' }));
    for (const holder of swapped) await database.labels.update(holder.name, { hotkey: holder.hotkey });
    await database.labels.update(name, changes);
    return swapped;
  });
}

/**
 * Writes `draft` as the description of `name` only while it is one of `from` (a draft kept through a reload
 * goes over the text it was typed over, or the one on its way then, never over a change made since): what came of it.
 */
export async function describeLabelIf(
  database: SpanwrightDatabase,
  name: string,
  from: readonly string[],
  draft: string,
): Promise<'saved' | 'already' | 'changed' | 'gone'> {
  return database.transaction('rw', database.labels, async () => {
    const label = await database.labels.get(name);
    if (!label) return 'gone';
    if (label.description === draft) return 'already';
    if (!from.includes(label.description)) return 'changed';
    await database.labels.update(name, { description: draft });
    return 'saved';
  });
}

/** Renames a label and every span that carries it, in one transaction. */
export async function renameLabel(
  database: SpanwrightDatabase,
  from: string,
  to: string,
  now = Date.now(),
): Promise<string | null> {
  const problem = labelNameProblem(to);
  if (problem) return problem;
  if (from === to) return null;
  const tables = [database.labels, database.suggestions, database.syncUpdates, database.settings];
  return database.transaction('rw', [...tables, ...writeTables(database)], async () => {
    const label = await database.labels.get(from);
    if (!label) return `there is no label named "${from}"`;
    if (await database.labels.get(to)) return `a label named "${to}" exists already`;
    // A name only spans carry (a teammate's, not in the set): renaming onto it would merge, and a merge asks first.
    if ((await database.spans.where('label').equals(to).count()) > 0)
      return `spans carry a label named "${to}" that is not in the set: add it under “Labels in use, not in the set”, then rename "${from}" to it to merge the two`;
    await database.labels.delete(from);
    await database.labels.add({ ...label, name: to });
    await retagSpans(database, from, to, now);
    // Team sync shares it as a rename (labelRenames.ts).
    await logLabelRename(database, from, to);
    return null;
  });
}

/**
 * Deletes a label and every span that carries it, logged for team sync (labelRenames.ts) as this
 * user's removal or (`by` team) the team's, taken in.
 */
export async function deleteLabel(
  database: SpanwrightDatabase,
  name: string,
  now = Date.now(),
  by: 'here' | 'team' = 'here',
): Promise<DeletedLabel | null> {
  const tables = [database.labels, database.suggestions, database.syncUpdates, database.settings];
  return database.transaction('rw', [...tables, ...writeTables(database)], async () => {
    const label = await database.labels.get(name);
    if (!label) return null;
    await database.labels.delete(name);
    const suggestions = await database.suggestions.where('label').equals(name).toArray();
    const spans = await retagSpans(database, name, null, now);
    const logged = await logLabelRename(database, name, null, by);
    return { label, spans, suggestions, logged };
  });
}

/** Moves a label one place up (-1) or down (+1) in the palette; resolves with its place after (-1: no such label). */
export async function moveLabel(database: SpanwrightDatabase, name: string, direction: -1 | 1): Promise<number> {
  return database.transaction('rw', database.labels, async () => {
    const labels = await database.labels.orderBy('order').toArray();
    const index = labels.findIndex((label) => label.name === name);
    const other = index + direction;
    if (index < 0 || other < 0 || other >= labels.length) return index;
    [labels[index], labels[other]] = [labels[other], labels[index]];
    await database.labels.bulkPut(labels.map((label, order) => ({ ...label, order })));
    return other;
  });
}

/**
 * Moves every span (and suggestion) labelled `from` to `to`, or deletes them for null; inside the
 * caller's transaction. Resolves with the spans it found (as they were).
 */
export async function retagSpans(
  database: SpanwrightDatabase,
  from: string,
  to: string | null,
  now: number,
  stamped = true,
): Promise<Span[]> {
  const suggestions = database.suggestions.where('label').equals(from);
  if (to === null) await suggestions.delete();
  else await suggestions.modify({ label: to });
  const spans = await database.spans.where('label').equals(from).toArray();
  if (to === null) await database.spans.bulkDelete(spans.map((span) => span.id));
  else
    await database.spans.bulkPut(spans.map((span) => ({ ...span, label: to, updated: stamped ? now : span.updated })));
  await refreshLayersOf(database, spans, now);
  return spans;
}

/**
 * Merging one label into another (Settings → Labels: a rename onto a name the set holds). Two labels
 * that mean one thing (a label split by two renames made offline at once, or a typo's twin) become
 * one, with every span.
 */
import type { Span, Suggestion } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { logLabelRename } from './labelRenames';
import type { CarriedMarks, MergedLabel } from './labelRestore';
import { retagSpans } from './labels';
import { refreshLayersOf, writeTables } from './spans';

const placeOf = (item: { documentId: string; annotator: string; start: number; end: number }) =>
  JSON.stringify([item.documentId, item.annotator, item.start, item.end]);

/**
 * A twin's note joined to the one of the span it makes way for: its lines that one lacks, after it,
 * with a blank line where one parted them (none at an end, none twice in a row).
 */
function joinNotes(kept: string | undefined, twin: string | undefined): string | undefined {
  if (!kept) return twin || kept;
  const lines = kept.split('\n');
  const blank = (line: string | undefined) => line !== undefined && line.trim() === '';
  const added = (twin ?? '').split('\n').filter((line) => blank(line) || !lines.includes(line));
  const parted = added.filter((line, index) => !blank(line) || (index > 0 && !blank(added[index - 1])));
  while (blank(parted.at(-1))) parted.pop();
  return parted.length > 0 ? [...lines, ...parted].join('\n') : kept;
}

/**
 * In a transaction that has `from` and `to` both in the set's spans: deletes each span of `from` at
 * a place where its layer holds a `to` span already, and each such suggestion, so that retagging
 * `from` to `to` makes no twin (one span per place and label). What the annotator added to a span
 * that goes, its note and its example mark, joins the `to` span at its place: nothing they wrote is
 * lost. Refreshes the summaries of the layers touched. Resolves with the spans and suggestions that
 * went, as they were, and the `to` spans that took a note or a mark (`carried`: before and after).
 * Every copy does it, the merging one and those taking the merge in as a rename
 * (teamLabels.renameLabelInto), so all end alike.
 */
export async function dropTwins(
  database: SpanwrightDatabase,
  from: string,
  to: string,
  now: number,
  stamped = true,
): Promise<{ spans: Span[]; suggestions: Suggestion[]; carried: CarriedMarks[] }> {
  const taken = new Map(
    (await database.spans.where('label').equals(to).toArray()).map((span) => [placeOf(span), span]),
  );
  const twins =
    taken.size === 0
      ? []
      : (await database.spans.where('label').equals(from).toArray()).filter((span) => taken.has(placeOf(span)));
  // By the place of the span that takes them (two twins at one place, from two devices, both give theirs).
  const carrying = new Map<string, CarriedMarks>();
  for (const twin of twins) {
    const place = placeOf(twin);
    const before = taken.get(place)!;
    const current = carrying.get(place)?.after ?? before;
    const note = joinNotes(current.note, twin.note);
    const example = current.example ?? twin.example;
    if (note === current.note && example === current.example) continue;
    const updated = stamped ? now : current.updated;
    const after = { ...current, ...(note ? { note } : {}), ...(example ? { example } : {}), updated };
    carrying.set(place, { before, after, twins: [...(carrying.get(place)?.twins ?? []), twin.id] });
  }
  const carried = [...carrying.values()];
  if (twins.length > 0) {
    await database.spans.bulkDelete(twins.map((span) => span.id));
    await database.spans.bulkPut(carried.map(({ after }) => after));
    await refreshLayersOf(database, twins, now);
  }
  const suggested = new Set((await database.suggestions.where('label').equals(to).toArray()).map(placeOf));
  const suggestions =
    suggested.size === 0
      ? []
      : (await database.suggestions.where('label').equals(from).toArray()).filter((one) => suggested.has(placeOf(one)));
  if (suggestions.length > 0) await database.suggestions.bulkDelete(suggestions.map((one) => one.id));
  return { spans: twins, suggestions, carried };
}

/**
 * Merges label `from` into the label `to` in one transaction: every span and suggestion of `from`,
 * in every layer, carries `to`, and `from` leaves the set (`to` keeps its colour, key and guideline).
 * A span of `from` at a place where its layer holds a `to` span already goes (one span per place and
 * label), and so does such a suggestion. Logged as a rename, so team sync shares it as one into a
 * label the team has. Resolves with how many spans moved and went, and what the merge changed (to
 * undo it), or an error sentence.
 */
export async function mergeLabel(
  database: SpanwrightDatabase,
  from: string,
  to: string,
  now = Date.now(),
): Promise<{ moved: number; dropped: number; carried: number; merged: MergedLabel | null } | string> {
  if (from === to) return { moved: 0, dropped: 0, carried: 0, merged: null };
  const tables = [database.labels, database.suggestions, database.syncUpdates, database.settings];
  return database.transaction('rw', [...tables, ...writeTables(database)], async () => {
    const label = await database.labels.get(from);
    if (!label) return `there is no label named "${from}"`;
    if (!(await database.labels.get(to))) return `there is no label named "${to}"`;
    const dropped = await dropTwins(database, from, to, now);
    const movedSuggestions = await database.suggestions.where('label').equals(from).toArray();
    await database.labels.delete(from);
    const moved = await retagSpans(database, from, to, now);
    const logged = await logLabelRename(database, from, to);
    const droppedSuggestions = dropped.suggestions;
    const merged = {
      label,
      into: to,
      at: now,
      moved,
      movedSuggestions,
      dropped: dropped.spans,
      droppedSuggestions,
      carried: dropped.carried,
      logged,
    };
    return { moved: moved.length, dropped: dropped.spans.length, carried: dropped.carried.length, merged };
  });
}

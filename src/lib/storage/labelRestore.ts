/**
 * Undoing a label's deletion or merge (Settings → Labels): the label, its spans and its suggestions
 * as they were, in one transaction. What the corpus has changed since is respected: a span whose
 * document is gone, or whose twin (same layer, place and label) was stored meanwhile, is not put
 * back, a span changed since the merge keeps its change, and a key another label took meanwhile
 * stays with it.
 */
import type { Label, Span, Suggestion } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { withoutTwins } from './spanTwins';
import { refreshLayersOf, writeTables } from './spans';

/** What a label's deletion removed (`labels.deleteLabel`), to put back. */
export interface DeletedLabel {
  label: Label;
  spans: Span[];
  suggestions: Suggestion[];
  /** The key of the removal's entry in the label-rename log (team sync), taken out again by the undo. */
  logged: number;
}

/** A span of the label merged into that took the note or example mark of twins that went (`twins`: their ids): as it was, and after. */
export interface CarriedMarks {
  before: Span;
  after: Span;
  twins: string[];
}

/** What a merge changed (`mergeLabel`), to take back (`undoLabelMerge`). */
export interface MergedLabel {
  /** The label merged away, as it was. */
  label: Label;
  into: string;
  /** When it was merged: the `updated` of every span it moved. */
  at: number;
  /** The spans it moved to `into`, and the suggestions, as they were. */
  moved: Span[];
  movedSuggestions: Suggestion[];
  /** Those it removed as twins of an `into` at their place, as they were. */
  dropped: Span[];
  droppedSuggestions: Suggestion[];
  /** The spans of `into` that took a dropped twin's note or mark. */
  carried: CarriedMarks[];
  /** The key of the merge's entry in the label-rename log (team sync), taken out again by the undo. */
  logged: number;
}

/** What an undo put back, and what it could not. */
export interface RestoredLabel {
  /** False when a label of that name had been added meanwhile: its spans join it, the new label's settings stay. */
  label: boolean;
  spans: number;
  /** Spans not put back: their document was deleted meanwhile. */
  gone: number;
  /** Spans not put back: the same span was stored meanwhile. */
  twins: number;
  /** Suggestions put back (those of documents still there). */
  suggestions: number;
}

export async function restoreDeletedLabel(
  database: SpanwrightDatabase,
  deleted: DeletedLabel,
  now = Date.now(),
): Promise<RestoredLabel> {
  const tables = [database.labels, database.suggestions, database.syncUpdates, database.documents];
  return database.transaction('rw', [...tables, ...writeTables(database)], async () => {
    const label = await putLabelBack(database, deleted.label);
    const documents = await documentsLeft(database, [...deleted.spans, ...deleted.suggestions]);
    const alive = deleted.spans.filter((span) => documents.has(span.documentId));
    const { kept, twins } = await withoutTwins(database, alive);
    await database.spans.bulkPut(kept);
    const suggestions = deleted.suggestions.filter((suggestion) => documents.has(suggestion.documentId));
    await database.suggestions.bulkPut(suggestions);
    await refreshLayersOf(database, kept, now);
    await database.syncUpdates.delete(deleted.logged);
    const gone = deleted.spans.length - alive.length;
    return { label, spans: kept.length, suggestions: suggestions.length, gone, twins: twins.length };
  });
}

/** What an undo of a merge put back, and what it could not. */
export interface UnmergedLabel extends RestoredLabel {
  /** Spans left with the label merged into: changed or deleted since the merge. */
  changed: number;
}

/**
 * Takes a merge back: the merged label returns, each span and suggestion it moved carries it again
 * unless changed or removed since (a span relabelled, moved or deleted after the merge keeps that),
 * and those it removed as twins come back as a deleted label's spans do.
 */
export async function undoLabelMerge(
  database: SpanwrightDatabase,
  merged: MergedLabel,
  now = Date.now(),
): Promise<UnmergedLabel> {
  const tables = [database.labels, database.suggestions, database.syncUpdates, database.documents];
  return database.transaction('rw', [...tables, ...writeTables(database)], async () => {
    const label = await putLabelBack(database, merged.label);
    // A moved span still at its place with the label merged into carries its label again, with what
    // was added to it since (a note, an example mark); one relabelled, moved or deleted since stays so.
    const current = await database.spans.bulkGet(merged.moved.map((span) => span.id));
    const untouched = current.filter(
      (stored, index): stored is Span =>
        stored?.label === merged.into &&
        stored.start === merged.moved[index].start &&
        stored.end === merged.moved[index].end,
    );
    const documents = await documentsLeft(database, [...merged.moved, ...merged.dropped, ...merged.droppedSuggestions]);
    const alive = merged.dropped.filter((span) => documents.has(span.documentId));
    const back = [...untouched.map((span) => ({ ...span, label: merged.label.name, updated: now })), ...alive];
    const { kept, twins } = await withoutTwins(database, back);
    // A span that took a twin's note or mark gives it back when the twin returns with it, unless changed since.
    const returned = new Set(kept.map((span) => span.id));
    const carriedNow = await database.spans.bulkGet(merged.carried.map(({ after }) => after.id));
    const unmarked = merged.carried
      .filter(
        ({ after, twins }, index) => twins.every((id) => returned.has(id)) && unchangedSince(carriedNow[index], after),
      )
      .map(({ before }) => ({ ...before, updated: now }));
    await database.spans.bulkPut([...kept, ...unmarked]);
    const suggested = await database.suggestions.bulkGet(merged.movedSuggestions.map((one) => one.id));
    const suggestions = [
      ...merged.movedSuggestions.filter((one, index) => suggested[index]?.label === merged.into),
      ...merged.droppedSuggestions.filter((one) => documents.has(one.documentId)),
    ];
    await database.suggestions.bulkPut(suggestions);
    await refreshLayersOf(database, [...kept, ...unmarked], now);
    await database.syncUpdates.delete(merged.logged);
    const movedGone = merged.moved.filter((span) => !documents.has(span.documentId)).length;
    const changed = merged.moved.length - untouched.length - movedGone;
    const gone = merged.dropped.length - alive.length + movedGone;
    return { label, spans: kept.length, suggestions: suggestions.length, changed, gone, twins: twins.length };
  });
}

/**
 * Puts `label` back at its place in the palette, its key only if no label took it meanwhile; resolves
 * with false when a label of its name was added meanwhile (that one keeps its settings).
 */
async function putLabelBack(database: SpanwrightDatabase, back: Label): Promise<boolean> {
  if (await database.labels.get(back.name)) return false;
  const labels = await database.labels.orderBy('order').toArray();
  const keyTaken = labels.some((label) => label.hotkey !== '' && label.hotkey === back.hotkey);
  // Its own order: the others keep theirs (with the gap it left), unless one holds that order now
  // (the list was reordered since): that one and those after it move down by one.
  const after = labels.some((label) => label.order === back.order) ? labels.filter((l) => l.order >= back.order) : [];
  await database.labels.bulkPut(after.map((label) => ({ ...label, order: label.order + 1 })));
  await database.labels.put({ ...back, hotkey: keyTaken ? '' : back.hotkey });
  return true;
}

/** The ids of the documents of `rows` still stored (their keys only: a document row holds its text). */
async function documentsLeft(database: SpanwrightDatabase, rows: readonly { documentId: string }[]) {
  const ids = [...new Set(rows.map((row) => row.documentId))];
  return new Set<string>(await database.documents.where(':id').anyOf(ids).primaryKeys());
}

/** Whether a stored span is still as a step left it (`after`): a change since gives it another time or note. */
function unchangedSince(stored: Span | undefined, after: Span): boolean {
  return (
    stored !== undefined &&
    stored.updated === after.updated &&
    stored.label === after.label &&
    stored.note === after.note &&
    stored.example === after.example
  );
}

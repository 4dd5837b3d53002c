/**
 * Undoing a label's deletion (Settings → Labels): the label, its spans and its suggestions as they
 * were, in one transaction. What the corpus has changed since is respected: a span whose document
 * is gone, or whose twin (same layer, place and label) was stored meanwhile, is not put back, and
 * a key another label took meanwhile stays with it.
 */
import { layerKey, parseLayerKey } from '../model/layerKey';
import type { Label, Span, Suggestion } from '../model/types';
import { logChange } from './changes';
import type { SpanwrightDatabase } from './database';
import { withoutTwins } from './spanTwins';
import { refreshSummary, writeTables } from './spans';

/** What a label's deletion removed (`labels.deleteLabel`), to put back. */
export interface DeletedLabel {
  label: Label;
  spans: Span[];
  suggestions: Suggestion[];
  /** The key of the removal's entry in the label-rename log (team sync), taken out again by the undo. */
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
    const name = deleted.label.name;
    const present = await database.labels.get(name);
    if (!present) {
      // Back at its place in the palette; its key only if no label took it meanwhile.
      const labels = await database.labels.orderBy('order').toArray();
      const keyTaken = labels.some((label) => label.hotkey !== '' && label.hotkey === deleted.label.hotkey);
      const at = Math.min(Math.max(0, deleted.label.order), labels.length);
      labels.splice(at, 0, { ...deleted.label, hotkey: keyTaken ? '' : deleted.label.hotkey });
      await database.labels.bulkPut(labels.map((label, order) => ({ ...label, order })));
    }
    const documentIds = [...deleted.spans, ...deleted.suggestions].map((row) => row.documentId);
    const documents = new Set(
      (await database.documents.bulkGet([...new Set(documentIds)]))
        .filter((document) => document !== undefined)
        .map((document) => document.id),
    );
    const alive = deleted.spans.filter((span) => documents.has(span.documentId));
    const { kept, twins } = await withoutTwins(database, alive);
    await database.spans.bulkPut(kept);
    const suggestions = deleted.suggestions.filter((suggestion) => documents.has(suggestion.documentId));
    await database.suggestions.bulkPut(suggestions);
    const layers = [...new Set(kept.map((span) => layerKey(span.documentId, span.annotator)))].map(parseLayerKey);
    for (const { documentId, annotator } of layers) await refreshSummary(database, documentId, annotator, now);
    await logChange(
      database,
      layers.map(({ documentId, annotator }) => [annotator, documentId] as const),
    );
    await database.syncUpdates.delete(deleted.logged);
    const gone = deleted.spans.length - alive.length;
    return { label: !present, spans: kept.length, suggestions: suggestions.length, gone, twins: twins.length };
  });
}

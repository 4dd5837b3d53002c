/**
 * The suggestion layers: proposed spans, one layer per annotator and document, in a table of their
 * own (so no export, review, count or backup of spans meets them). Accepting one moves it into the
 * annotator's layer of spans, with its source, in the same transaction.
 *
 * A write of many suggestions is one transaction that reads each layer it touches once, and issues
 * its requests 100 at a time (`requestBatches.ts`): the page is free between batches, and a watcher
 * of the layer hears one change.
 */
import { spanKey } from '../model/spanIdentity';
import { compareSpans } from '../model/spanOrder';
import type { Span, Suggestion } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { batchesOf } from './requestBatches';
import { deleteSpans, putSpans, putTables } from './spans';

/** What a caller supplies to propose a span; storage adds id and time. */
export type NewSuggestion = Omit<Suggestion, 'id' | 'created'>;

/** One annotator's suggestions on one document. */
export interface SuggestionLayer {
  documentId: string;
  annotator: string;
}

/** An acceptance as stored: the suggestions it took and the spans it made of them. */
export interface Acceptance {
  suggestions: Suggestion[];
  spans: Span[];
  /** The label the spans took instead of the suggested one, when given (see {@link acceptSuggestions}). */
  as?: string;
}

function suggestionTables(database: SpanwrightDatabase) {
  return [database.suggestions, ...putTables(database)];
}

/** `items` grouped by layer, each group in the order given. */
function byLayer<T extends SuggestionLayer>(items: readonly T[]): T[][] {
  const layers = new Map<string, T[]>();
  for (const item of items) {
    const key = `${item.documentId}\u0000${item.annotator}`;
    const group = layers.get(key);
    if (group) group.push(item);
    else layers.set(key, [item]);
  }
  return [...layers.values()];
}

/** The stored suggestions of a layer, in no particular order. */
function suggestionsOf(database: SpanwrightDatabase, { documentId, annotator }: SuggestionLayer) {
  return database.suggestions.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
}

/** The stored spans of a layer, in no particular order. */
function spansOf(database: SpanwrightDatabase, { documentId, annotator }: SuggestionLayer) {
  return database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
}

/** The suggestions for `annotator` on `documentId`, in reading order. */
export async function layerSuggestions(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
): Promise<Suggestion[]> {
  return (await suggestionsOf(database, { documentId, annotator })).sort(compareSpans);
}

/**
 * How many suggestions `annotator` has in each document that has some. It walks the
 * `[documentId+annotator]` index's keys only (a key cursor): no suggestion is read whole.
 */
export async function suggestionCounts(database: SpanwrightDatabase, annotator: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await database.suggestions.orderBy('[documentId+annotator]').eachKey((key) => {
    const [documentId, whose] = key as [string, string];
    if (whose === annotator) counts.set(documentId, (counts.get(documentId) ?? 0) + 1);
  });
  return counts;
}

/**
 * Stores the proposals that are new: none where the annotator's layer already has a span with the
 * same place and label, or a suggestion does, or an earlier proposal of this call. Resolves with
 * what was stored. The layers' spans are read just before the transaction that writes, which holds
 * the suggestions alone: labelling goes on while thousands are stored (a span labelled in that
 * moment at a proposal's very place leaves a suggestion on it, which accepting skips).
 */
export async function proposeSuggestions(
  database: SpanwrightDatabase,
  proposals: readonly NewSuggestion[],
  now: number,
): Promise<Suggestion[]> {
  const groups = byLayer(proposals);
  // Each layer's keys made as its rows arrive (a batch of replies per task), not in one loop over
  // every row at the end: 20,000 proposals over 10,000 documents meet 100,000 stored spans.
  const taken = await database.transaction('r', database.spans, () =>
    eachLayer(groups, (layer) => spansOf(database, layer).then(placeKeys)),
  );
  return database.transaction('rw', database.suggestions, async () => {
    const suggested = await eachLayer(groups, (layer) => suggestionsOf(database, layer).then(placeKeys));
    const added: Suggestion[] = [];
    groups.forEach((group, index) => {
      const seen = taken[index];
      for (const key of suggested[index]) seen.add(key);
      for (const proposal of group) {
        const key = spanKey(proposal);
        if (seen.has(key)) continue;
        seen.add(key);
        added.push({ ...proposal, id: globalThis.crypto.randomUUID(), created: now });
      }
    });
    for (const batch of batchesOf(added)) await database.suggestions.bulkAdd(batch);
    return added;
  });
}

/**
 * The places and labels (`spanKey`) `annotator` already has on each of `documentIds`, as spans or
 * suggestions, read in one transaction: what {@link proposeSuggestions} would leave out now (a
 * patterns preview counts only the rest).
 */
export async function placesTaken(
  database: SpanwrightDatabase,
  documentIds: readonly string[],
  annotator: string,
): Promise<Map<string, Set<string>>> {
  const groups = documentIds.map((documentId) => [{ documentId, annotator }]);
  return database.transaction('r', database.spans, database.suggestions, async () => {
    const spans = await eachLayer(groups, (layer) => spansOf(database, layer).then(placeKeys));
    const suggested = await eachLayer(groups, (layer) => suggestionsOf(database, layer).then(placeKeys));
    const taken = new Map<string, Set<string>>();
    documentIds.forEach((documentId, index) => {
      for (const key of suggested[index]) spans[index].add(key);
      taken.set(documentId, spans[index]);
    });
    return taken;
  });
}

/** The keys of `rows`' places and labels. */
const placeKeys = (rows: readonly Span[] | readonly Suggestion[]): Set<string> => {
  const keys = new Set<string>();
  for (const row of rows) keys.add(spanKey(row));
  return keys;
};

/** `read` of each group's layer, in order, its requests issued a batch at a time. */
async function eachLayer<T>(groups: readonly SuggestionLayer[][], read: (layer: SuggestionLayer) => Promise<T>) {
  const results: T[] = [];
  for (const batch of batchesOf(groups)) results.push(...(await Promise.all(batch.map((group) => read(group[0])))));
  return results;
}

/** Puts suggestions back exactly as they were (undo of a rejection). */
export async function restoreSuggestions(
  database: SpanwrightDatabase,
  suggestions: readonly Suggestion[],
): Promise<void> {
  const copies = suggestions.map((suggestion) => ({ ...suggestion }));
  await database.transaction('rw', database.suggestions, async () => {
    for (const batch of batchesOf(copies)) await database.suggestions.bulkPut(batch);
  });
}

/** Removes suggestions by id; resolves with those that were there. */
export async function removeSuggestions(database: SpanwrightDatabase, ids: readonly string[]): Promise<Suggestion[]> {
  return database.transaction('rw', database.suggestions, async () => {
    const found: Suggestion[] = [];
    for (const batch of batchesOf(ids)) {
      const here = (await database.suggestions.bulkGet(batch)).filter(
        (suggestion): suggestion is Suggestion => suggestion !== undefined,
      );
      await database.suggestions.bulkDelete(here.map((suggestion) => suggestion.id));
      found.push(...here);
    }
    return found;
  });
}

/**
 * Accepts suggestions: each becomes a span of its annotator's layer carrying its source (none where
 * the layer already has that span), and leaves the suggestion layer, in one transaction. `which` is
 * their ids, or a layer: every suggestion stored in it when the transaction runs, in reading order.
 * `as`: the spans take this label instead of the suggested one (a suggestion corrected as it is taken).
 */
export async function acceptSuggestions(
  database: SpanwrightDatabase,
  which: readonly string[] | SuggestionLayer,
  now: number,
  as?: string,
): Promise<Acceptance> {
  return database.transaction('rw', suggestionTables(database), async () => {
    const suggestions = isLayer(which)
      ? (await suggestionsOf(database, which)).sort(compareSpans)
      : (await database.suggestions.bulkGet([...which])).filter(
          (suggestion): suggestion is Suggestion => suggestion !== undefined,
        );
    const spans: Span[] = [];
    for (const group of byLayer(suggestions)) {
      // Each layer's spans read once: a set of their places, not a scan of the layer per suggestion.
      const taken = new Set((await spansOf(database, group[0])).map(spanKey));
      for (const suggestion of group) {
        const label = as ?? suggestion.label;
        const key = spanKey({ ...suggestion, label });
        if (taken.has(key)) continue;
        taken.add(key);
        const { documentId, annotator, start, end, text, source } = suggestion;
        spans.push({
          id: globalThis.crypto.randomUUID(),
          documentId,
          annotator,
          start,
          end,
          label,
          text,
          source,
          created: now,
          updated: now,
        });
      }
    }
    const acceptance: Acceptance = as === undefined ? { suggestions, spans } : { suggestions, spans, as };
    await applyAcceptance(database, acceptance, true, now, true);
    return acceptance;
  });
}

function isLayer(which: readonly string[] | SuggestionLayer): which is SuggestionLayer {
  return !Array.isArray(which);
}

/**
 * Carries an acceptance out (again: `forward`) or takes it back: the spans go, the suggestions return.
 * `fresh`: its spans' ids were just made (the acceptance itself), so none is stored yet. Taken back,
 * it resolves with the accepted spans it left: those changed (another label, a note…) or removed
 * meanwhile, in another tab or by the team; what was done to them stays, and their suggestions do not return.
 */
export async function applyAcceptance(
  database: SpanwrightDatabase,
  acceptance: Acceptance,
  forward: boolean,
  now: number,
  fresh = false,
): Promise<Span[]> {
  return database.transaction('rw', suggestionTables(database), async () => {
    if (forward) {
      const ids = acceptance.suggestions.map((suggestion) => suggestion.id);
      for (const batch of batchesOf(ids)) await database.suggestions.bulkDelete(batch);
      if (acceptance.spans.length > 0) await putSpans(database, acceptance.spans, now, fresh);
      return [];
    }
    const ids = acceptance.spans.map((span) => span.id);
    const removed = new Set((await deleteSpans(database, ids, now, acceptance.spans)).map((span) => span.id));
    const left = acceptance.spans.filter((span) => !removed.has(span.id));
    const where = (row: Span | Suggestion) => `${row.documentId}\n${row.annotator}\n${spanKey(row)}`;
    const kept = new Set(left.map(where));
    // A suggestion taken as another label made its span under that label.
    const made = (suggestion: Suggestion) => where({ ...suggestion, label: acceptance.as ?? suggestion.label });
    await restoreSuggestions(
      database,
      acceptance.suggestions.filter((suggestion) => !kept.has(made(suggestion))),
    );
    return left;
  });
}

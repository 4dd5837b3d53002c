/**
 * The suggestion layers: proposed spans, one layer per annotator and document, in a table of their
 * own (so no export, review, count or backup of spans meets them). Accepting one moves it into the
 * annotator's layer of spans, with its source, in the same transaction.
 */
import { spanKey } from '../model/spanIdentity';
import { compareSpans } from '../model/spanOrder';
import type { Span, Suggestion } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { deleteSpans, putSpans, putTables } from './spans';

/** What a caller supplies to propose a span; storage adds id and time. */
export type NewSuggestion = Omit<Suggestion, 'id' | 'created'>;

/** An acceptance as stored: the suggestions it took and the spans it made of them. */
export interface Acceptance {
  suggestions: Suggestion[];
  spans: Span[];
}

function suggestionTables(database: SpanwrightDatabase) {
  return [database.suggestions, ...putTables(database)];
}

/** The suggestions for `annotator` on `documentId`, in reading order. */
export async function layerSuggestions(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
): Promise<Suggestion[]> {
  const found = await database.suggestions.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
  return found.sort(compareSpans);
}

/**
 * Stores the proposals that are new: none where the annotator's layer already has a span with the
 * same place and label, or a suggestion does, or an earlier proposal of this call. Resolves with
 * what was stored.
 */
export async function proposeSuggestions(
  database: SpanwrightDatabase,
  proposals: readonly NewSuggestion[],
  now: number,
): Promise<Suggestion[]> {
  return database.transaction('rw', suggestionTables(database), async () => {
    const layers = new Map<string, NewSuggestion[]>();
    for (const proposal of proposals) {
      const key = JSON.stringify([proposal.documentId, proposal.annotator]);
      layers.set(key, [...(layers.get(key) ?? []), proposal]);
    }
    const added: Suggestion[] = [];
    for (const group of layers.values()) {
      const { documentId, annotator } = group[0];
      const [spans, suggested] = await Promise.all([
        database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray(),
        database.suggestions.where('[documentId+annotator]').equals([documentId, annotator]).toArray(),
      ]);
      const taken = new Set([...spans, ...suggested].map(spanKey));
      for (const proposal of group) {
        const key = spanKey(proposal);
        if (taken.has(key)) continue;
        taken.add(key);
        added.push({ ...proposal, id: globalThis.crypto.randomUUID(), created: now });
      }
    }
    await database.suggestions.bulkAdd(added);
    return added;
  });
}

/** Puts suggestions back exactly as they were (undo of a rejection). */
export async function restoreSuggestions(
  database: SpanwrightDatabase,
  suggestions: readonly Suggestion[],
): Promise<void> {
  await database.suggestions.bulkPut(suggestions.map((suggestion) => ({ ...suggestion })));
}

/** Removes suggestions by id; resolves with those that were there. */
export async function removeSuggestions(database: SpanwrightDatabase, ids: readonly string[]): Promise<Suggestion[]> {
  return database.transaction('rw', database.suggestions, async () => {
    const found = (await database.suggestions.bulkGet([...ids])).filter(
      (suggestion): suggestion is Suggestion => suggestion !== undefined,
    );
    await database.suggestions.bulkDelete(found.map((suggestion) => suggestion.id));
    return found;
  });
}

/**
 * Accepts suggestions: each becomes a span of its annotator's layer carrying its source (none where
 * the layer already has that span), and leaves the suggestion layer, in one transaction.
 */
export async function acceptSuggestions(
  database: SpanwrightDatabase,
  ids: readonly string[],
  now: number,
): Promise<Acceptance> {
  return database.transaction('rw', suggestionTables(database), async () => {
    const suggestions = (await database.suggestions.bulkGet([...ids])).filter(
      (suggestion): suggestion is Suggestion => suggestion !== undefined,
    );
    const spans: Span[] = [];
    const seen = new Set<string>();
    for (const suggestion of suggestions) {
      const { documentId, annotator } = suggestion;
      const existing = await database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
      const key = JSON.stringify([documentId, annotator, spanKey(suggestion)]);
      if (seen.has(key) || existing.some((span) => spanKey(span) === spanKey(suggestion))) continue;
      seen.add(key);
      spans.push({
        id: globalThis.crypto.randomUUID(),
        documentId,
        annotator,
        start: suggestion.start,
        end: suggestion.end,
        label: suggestion.label,
        text: suggestion.text,
        created: now,
        updated: now,
        source: suggestion.source,
      });
    }
    const acceptance = { suggestions, spans };
    await applyAcceptance(database, acceptance, true, now);
    return acceptance;
  });
}

/** Carries an acceptance out again (`forward`) or takes it back: the spans go, the suggestions return. */
export async function applyAcceptance(
  database: SpanwrightDatabase,
  acceptance: Acceptance,
  forward: boolean,
  now: number,
): Promise<void> {
  await database.transaction('rw', suggestionTables(database), async () => {
    if (forward) {
      await database.suggestions.bulkDelete(acceptance.suggestions.map((suggestion) => suggestion.id));
      if (acceptance.spans.length > 0) await putSpans(database, acceptance.spans, now);
    } else {
      if (acceptance.spans.length > 0)
        await deleteSpans(
          database,
          acceptance.spans.map((span) => span.id),
          now,
        );
      await restoreSuggestions(database, acceptance.suggestions);
    }
  });
}

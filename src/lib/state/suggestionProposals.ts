/**
 * The ways to propose suggestions from the suggestions panel: every other occurrence of a span's
 * text (in the open document or the whole corpus) and a near-duplicate copy's spans. Loaded by
 * `Suggestions` with the first proposal, not with the first page; every proposal is stored a slice
 * at a time and recorded in the labelling history, so Ctrl+Z takes it back.
 */
import type { CorpusSearch } from '../model/corpusSearch';
import { eachMatch, foundHere, MatchColumnsBuilder, type FoundMatches } from '../model/matchColumns';
import type { Document, Span, Suggestion } from '../model/types';
import type { NewSuggestion, Store } from '../storage/store';
import type { StoredKey } from '../workers/storedTexts';
import { searchInThisThread } from './corpusSearch';
import { quoteText, truncate } from './truncate';
import { counted } from '../model/counted';
import type { CorpusSearcher } from './corpusSearch';
import type { History } from './history.svelte';
import { plainKeyName, type KeyName } from './keyNames';
import { stepHint } from './suggestionHints';
import type { Session } from './session.svelte';
import type { RejectedSuggestions } from './rejectedSuggestions';
import { PartlyWritten, proposeInSlices, removeInSlices, restoreInSlices } from './suggestionWrites';

/** What proposing needs of the suggestions (`SuggestionsContext`, in part). */
interface ProposalContext {
  store: Store;
  session: Session;
  history: History;
  documents(): readonly StoredKey[];
  search?: CorpusSearcher;
  /** What was rejected in this tab: proposed again, it is left out (and counted). */
  rejected?: RejectedSuggestions;
  /** How messages write character keys (Settings → Keyboard); pressed alone when not given. */
  keyName?: KeyName;
}

/** Where "label all occurrences" looks. */
export type OccurrenceScope = 'document' | 'corpus';

/** What "label all occurrences" was asked for: the span (read when the key was pressed), where, and the case. */
export interface OccurrenceRequest {
  current: Document;
  span: Span;
  scope: OccurrenceScope;
  caseSensitive: boolean;
}

/**
 * Proposes every other occurrence of `span`'s text as suggestions with its label, source
 * `propagated`: whole words, in the open document or the whole corpus, matching case when asked.
 */
export async function proposeOccurrences(
  context: ProposalContext,
  { current, span, scope, caseSensitive }: OccurrenceRequest,
): Promise<void> {
  const { session } = context;
  const search = {
    kind: 'occurrences' as const,
    phrase: span.text,
    caseSensitive,
    label: span.label,
    source: 'propagated',
  };
  const found: FoundMatches | null =
    scope === 'document' ? await occurrencesHere(current, search) : await searchCorpus(context, search);
  if (found === null) return;
  const annotator = session.annotator;
  // Made as they are stored, a slice at a time: a corpus-wide proposal may hold a hundred thousand,
  // their texts asked of the search a page at a time.
  const proposals = async function* (): AsyncGenerator<NewSuggestion> {
    for await (const { documentId, start, end, label, source, text } of eachMatch(found))
      // The span itself is no other occurrence.
      if (documentId !== span.documentId || start !== span.start || end !== span.end)
        yield { documentId, annotator, start, end, label, source, text };
  };
  let proposed = 0;
  const documents = scope === 'document' ? 1 : context.documents().length;
  let outcome: Proposed | null;
  try {
    outcome = await propose(context, proposals(), `occurrences of ${quoteText(span.text)}`, (done) => {
      proposed = done;
    });
  } finally {
    found.release();
  }
  if (outcome === null) return;
  const { added, rejected } = outcome;
  const what = `${quoteText(span.text)}`;
  const skipped = proposed - added.length;
  if (added.length === 0) {
    const where = scope === 'document' ? 'in this document' : `in the ${counted(documents, 'document')}`;
    const left = [
      skipped > 0 ? `${counted(skipped, 'other occurrence')} already labelled or suggested` : '',
      rejected > 0 ? `${rejected.toLocaleString('en')} rejected before, left out` : '',
    ].filter((reason) => reason !== '');
    session.notify(
      left.length === 0
        ? `Nothing proposed: ${what} occurs nowhere else ${where}${caseSensitive ? ' (matching case)' : ''}.`
        : `Nothing proposed for ${what} ${where}: ${left.join('; ')}.`,
    );
    return;
  }
  const where =
    scope === 'document'
      ? 'in this document'
      : `in ${new Set(added.map((suggestion) => suggestion.documentId)).size.toLocaleString('en')} of ${counted(documents, 'document')}`;
  session.notify(
    `Proposed ${counted(added.length, 'occurrence')} of ${what} as ${span.label} ${where}` +
      `${skipped > 0 ? ` (${skipped.toLocaleString('en')} already labelled or suggested)` : ''}${rejectedBefore(rejected)}. ` +
      stepHint(
        context.keyName ?? plainKeyName,
        added.some((suggestion) => suggestion.documentId === current.id),
      ),
  );
}

/**
 * Proposes the annotator's spans of the copy `sourceId` (null: the document has none) in `current`,
 * placed through a text alignment; a span whose words differ here is not placed.
 */
export async function projectFromCopy(
  context: ProposalContext,
  current: Document,
  sourceId: string | null,
): Promise<void> {
  const { session, store } = context;
  const copy = sourceId === null ? null : await guard(context, () => store.readDocument(sourceId), 'read');
  if (!copy) {
    session.notify('This document has no near-duplicate copy to take spans from.');
    return;
  }
  const annotator = session.annotator;
  const layer = await guard(context, () => store.readLayer(copy.id, annotator));
  if (!layer) return;
  if (layer.spans.length === 0) {
    session.notify(`${annotator} has no spans in the copy “${truncate(copy.title)}” to propose here.`);
    return;
  }
  const { projectSpans } = await import('../model/alignment');
  const projections = projectSpans(copy.text, current.text, layer.spans);
  const proposals: NewSuggestion[] = [];
  for (const projection of projections)
    if (projection.placed)
      proposals.push({
        documentId: current.id,
        annotator,
        label: projection.span.label,
        source: `near-duplicate:${copy.id}`,
        start: projection.start,
        end: projection.end,
        text: projection.text,
      });
  const outcome = await propose(context, proposals, `spans from “${truncate(copy.title)}”`);
  if (outcome === null) return;
  const { added, rejected } = outcome;
  const unplaced = projections.length - proposals.length;
  const skipped = proposals.length - added.length - rejected;
  session.notify(
    `Proposed ${added.length === 0 ? 'no spans' : counted(added.length, 'span')} from the copy “${truncate(copy.title)}”` +
      `${unplaced > 0 ? `; ${unplaced.toLocaleString('en')} could not be placed (the text differs there)` : ''}` +
      `${skipped > 0 ? `; ${skipped.toLocaleString('en')} already here` : ''}${rejectedBefore(rejected)}.`,
  );
}

/** The occurrences of `search` in the open document, found in this thread. */
async function occurrencesHere(current: Document, search: CorpusSearch): Promise<FoundMatches> {
  const { searcherOf } = await import('../model/corpusSearch');
  const builder = new MatchColumnsBuilder();
  builder.add(current.id, searcherOf(search)(current.text));
  const { columns, texts } = builder.build();
  return foundHere([columns], [texts]);
}

/** The occurrences of `search` in every stored document (read where the search runs); null when it failed. */
async function searchCorpus(context: ProposalContext, search: CorpusSearch): Promise<FoundMatches | null> {
  const { store, session } = context;
  try {
    // The list's heads: a kept search Worker reads only the texts it does not hold already.
    return await (context.search ?? searchInThisThread)(
      store.databaseName,
      search,
      () => undefined,
      undefined,
      context.documents(),
    );
  } catch (error) {
    session.readFailed(error);
    return null;
  }
}

/** What a proposal stored, and how many it left out as rejected in this tab before. */
interface Proposed {
  added: Suggestion[];
  rejected: number;
}

/** "; 3 rejected before, left out" when a proposal left out rejected ones. */
function rejectedBefore(count: number): string {
  return count > 0 ? `; ${count.toLocaleString('en')} rejected before, left out` : '';
}

/**
 * Stores proposals as an undoable step, a slice at a time so that a corpus-wide proposal never
 * holds the page, leaving out those rejected in this tab; resolves with those stored, or null when
 * the write failed (what was stored before the failure stays, and is undone like the rest).
 */
async function propose(
  context: ProposalContext,
  offered: Iterable<NewSuggestion> | AsyncIterable<NewSuggestion>,
  what: string,
  onProgress?: (done: number) => void,
): Promise<Proposed | null> {
  const { store, session, history } = context;
  let rejected = 0;
  const proposals = async function* (): AsyncGenerator<NewSuggestion> {
    for await (const proposal of offered)
      if (context.rejected?.has(proposal)) rejected++;
      else yield proposal;
  };
  const record = (added: readonly Suggestion[]) => {
    const documents = new Set(added.map((suggestion) => suggestion.documentId));
    if (added.length > 0)
      history.record({
        description: `propose ${what}`,
        // Undone and redone in the document it proposed in (helper-182: a redo left another one open).
        documentId: documents.size === 1 ? added[0].documentId : undefined,
        undo: async () =>
          void (await removeInSlices(
            store,
            added.map((suggestion) => suggestion.id),
          )),
        redo: () => restoreInSlices(store, added),
      });
  };
  try {
    const added = await proposeInSlices(store, proposals(), session.now(), onProgress);
    record(added);
    return { added, rejected };
  } catch (error) {
    if (error instanceof PartlyWritten) record(error.written);
    session.writeFailed(error instanceof PartlyWritten ? error.cause : error);
    return null;
  }
}

/** Runs a storage call; a failure is told as a failed write (or read) and answers null. */
async function guard<T>(
  context: ProposalContext,
  call: () => Promise<T>,
  kind: 'write' | 'read' = 'write',
): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (kind === 'read') context.session.readFailed(error);
    else context.session.writeFailed(error);
    return null;
  }
}

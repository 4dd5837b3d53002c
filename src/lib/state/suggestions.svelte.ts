import type { CorpusSearch } from '../model/corpusSearch';
import { eachMatch, type ColumnMatch } from '../model/matchColumns';
import type { DocumentHead, Span, Suggestion } from '../model/types';
import type { NewSuggestion, Store } from '../storage/store';
import { searchInThisThread, type CorpusSearcher } from './corpusSearch';
import type { History } from './history.svelte';
import type { NearDuplicate } from './nearDuplicates.svelte';
import type { OpenDocument } from './openDocument.svelte';
import type { Session } from './session.svelte';
import { PartlyWritten, proposeInSlices, removeInSlices, restoreInSlices } from './suggestionWrites';

/** What the suggestions need of the rest of the workbench. */
export interface SuggestionsContext {
  store: Store;
  session: Session;
  document: OpenDocument;
  /** The undo history labelling keeps: accepting and rejecting are undone like labels. */
  history: History;
  /** Every document's head (no text): the whole-corpus proposal counts them; its search reads the texts. */
  documents(): readonly DocumentHead[];
  /** The near-duplicate copies of a document, most similar first. */
  copiesOf(documentId: string): readonly NearDuplicate[];
  /** The span the annotator labelled last in this session, if any. */
  lastLabelled(): Span | null;
  /** Where "label all occurrences" searches the whole corpus (a Worker in the app); this thread when not given. */
  search?: CorpusSearcher;
}

/** A suggestion as the view draws it: UTF-16 place, drawn dashed. */
export interface SuggestionView extends Suggestion {
  start16: number;
  end16: number;
  layer: 'suggestion';
}

/** Where "label all occurrences" looks. */
export type OccurrenceScope = 'document' | 'corpus';

/**
 * The open document's suggestion layer (proposed spans, stored apart from every layer of spans),
 * the focused suggestion, and the commands that propose, accept and reject. Every change is stored
 * first and recorded in the labelling history, so Ctrl+Z takes it back.
 */
export class Suggestions {
  #list = $state.raw<Suggestion[]>([]);
  #focusedId = $state<string | null>(null);
  #caseSensitive = $state(false);
  #following: { documentId: string; annotator: string } | null = null;
  #subscription: { unsubscribe(): void } | null = null;
  readonly #context: SuggestionsContext;

  constructor(context: SuggestionsContext) {
    this.#context = context;
  }

  /** The open document's suggestions, in reading order. */
  get list(): readonly Suggestion[] {
    return this.#list;
  }

  get views(): readonly SuggestionView[] {
    return this.#views;
  }

  get focusedId(): string | null {
    return this.#focusedId;
  }

  get focused(): Suggestion | null {
    return this.#list.find((suggestion) => suggestion.id === this.#focusedId) ?? null;
  }

  /** Whether "label all occurrences" matches case. */
  get caseSensitive(): boolean {
    return this.#caseSensitive;
  }

  setCaseSensitive(caseSensitive: boolean): void {
    this.#caseSensitive = caseSensitive;
  }

  #views = $derived.by<SuggestionView[]>(() => {
    const index = this.#context.document.index;
    return this.#list
      .filter((suggestion) => suggestion.end <= index.codePointLength)
      .map((suggestion) => ({
        ...suggestion,
        start16: index.toUtf16(suggestion.start),
        end16: index.toUtf16(suggestion.end),
        layer: 'suggestion' as const,
      }));
  });

  /** Shows the suggestions for `annotator` on `documentId` (none for null), live. */
  follow(documentId: string | null, annotator: string): void {
    if (this.#following?.documentId === documentId && this.#following.annotator === annotator) return;
    this.stop();
    this.#list = [];
    this.#focusedId = null;
    if (documentId === null) return;
    const following = { documentId, annotator };
    this.#following = following;
    this.#subscription = this.#context.store.watchSuggestions(documentId, annotator).subscribe({
      next: (list) => {
        if (this.#following !== following) return;
        this.#list = list;
        if (this.#focusedId !== null && !list.some((suggestion) => suggestion.id === this.#focusedId))
          this.#focusedId = null;
      },
      error: (error) => this.#context.session.readFailed(error),
    });
  }

  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
    this.#following = null;
  }

  /** Focuses suggestion `id` (none for null), clearing the selected span, and scrolls to it when asked. */
  focus(id: string | null, scroll = false): void {
    this.#focusedId = id;
    if (id === null) return;
    this.#context.document.selectSpan(null);
    const view = this.#views.find((suggestion) => suggestion.id === id);
    if (view && scroll) this.#context.document.viewer?.scrollToOffset(view.start16);
  }

  /** Focuses the suggestion at UTF-16 offset `offset` (the shortest there), or none. */
  focusAt(offset: number): void {
    const here = this.#views.filter((view) => view.start16 <= offset && offset < view.end16);
    here.sort((a, b) => a.end16 - a.start16 - (b.end16 - b.start16));
    this.focus(here[0]?.id ?? null);
  }

  /** Focuses the next (+1) or previous (-1) suggestion in reading order, going round at either end. */
  step(direction: 1 | -1): void {
    const views = this.#views;
    if (views.length === 0) {
      this.#context.session.notify('No suggestions in this document: press O to propose the occurrences of a span.');
      return;
    }
    const index = views.findIndex((view) => view.id === this.#focusedId);
    const next =
      index < 0 ? (direction === 1 ? 0 : views.length - 1) : (index + direction + views.length) % views.length;
    this.focus(views[next].id, true);
  }

  /** Accepts suggestion `id` (the focused one by default) into the annotator's layer, and focuses the next. */
  async accept(id: string | null = this.#focusedId): Promise<void> {
    if (id === null) return;
    const after = this.#after(id);
    if (await this.#accept([id], 'accept')) this.focus(after, true);
  }

  /** Accepts every suggestion of the open document. */
  async acceptAll(): Promise<void> {
    const ids = this.#list.map((suggestion) => suggestion.id);
    if (ids.length === 0) return this.#context.session.notify('No suggestions in this document to accept.');
    await this.#accept(ids, 'accept all');
  }

  async #accept(ids: readonly string[], verb: string): Promise<boolean> {
    const { store, session, history } = this.#context;
    const acceptance = await this.#guard(() => store.acceptSuggestions(ids, session.now()));
    if (!acceptance || acceptance.suggestions.length === 0) return false;
    const count = acceptance.suggestions.length;
    const what =
      count === 1
        ? `“${truncate(acceptance.suggestions[0].text)}” ${acceptance.suggestions[0].label}`
        : `${count} suggestions`;
    const documents = new Set(acceptance.suggestions.map((suggestion) => suggestion.documentId));
    history.record({
      description: `${verb} ${what}`,
      documentId: documents.size === 1 ? acceptance.suggestions[0].documentId : undefined,
      undo: () => store.applyAcceptance(acceptance, false, session.now()),
      redo: () => store.applyAcceptance(acceptance, true, session.now()),
    });
    session.notify(`Accepted ${what}.`);
    return true;
  }

  /** Rejects suggestion `id` (the focused one by default): it leaves the suggestion layer. */
  async reject(id: string | null = this.#focusedId): Promise<void> {
    if (id === null) return;
    const { store, session, history } = this.#context;
    const after = this.#after(id);
    const removed = await this.#guard(() => store.removeSuggestions([id]));
    if (!removed || removed.length === 0) return;
    history.record({
      description: `reject “${truncate(removed[0].text)}” ${removed[0].label}`,
      documentId: removed[0].documentId,
      undo: () => store.restoreSuggestions(removed),
      redo: async () => void (await store.removeSuggestions(removed.map((suggestion) => suggestion.id))),
    });
    session.notify(`Rejected “${truncate(removed[0].text)}” ${removed[0].label}.`);
    this.focus(after, true);
  }

  /** The suggestion after `id` in reading order (or before it, at the end), to focus once `id` is gone. */
  #after(id: string): string | null {
    const index = this.#list.findIndex((suggestion) => suggestion.id === id);
    return this.#list[index + 1]?.id ?? this.#list[index - 1]?.id ?? null;
  }

  /**
   * Proposes every other occurrence of the selected span's text (or, with none selected, the span
   * labelled last) as suggestions with its label, source `propagated`: whole words, in the open
   * document or the whole corpus, matching case when asked.
   */
  async proposeOccurrences(scope: OccurrenceScope): Promise<void> {
    const { document, session } = this.#context;
    const current = document.current;
    const span =
      document.spans.find((candidate) => candidate.id === document.selectedSpanId) ??
      document.spans.find((candidate) => candidate.id === this.#context.lastLabelled()?.id) ??
      null;
    if (!current || !span) {
      session.notify('Label a span (or select one with ] ) first, then press O to propose its other occurrences.');
      return;
    }
    const search = {
      kind: 'occurrences' as const,
      phrase: span.text,
      caseSensitive: this.#caseSensitive,
      label: span.label,
      source: 'propagated',
    };
    // The search's code (the matcher) loads with the first proposal, not with the first page.
    const found =
      scope === 'document'
        ? [
            (await import('../model/corpusSearch'))
              .searcherOf(search)(current.text)
              .map((match) => ({ documentId: current.id, ...match })),
          ]
        : await this.#searchCorpus(search);
    if (found === null) return;
    const annotator = session.annotator;
    // Made as they are stored, a slice at a time: a corpus-wide proposal may hold a hundred thousand.
    const proposals = function* (): Generator<NewSuggestion> {
      for (const matches of found)
        for (const { documentId, start, end, label, source, text } of matches)
          // The span itself is no other occurrence.
          if (documentId !== span.documentId || start !== span.start || end !== span.end)
            yield { documentId, annotator, start, end, label, source, text };
    };
    let proposed = 0;
    const documents = scope === 'document' ? 1 : this.#context.documents().length;
    const added = await this.#propose(proposals(), `occurrences of “${truncate(span.text)}”`, (done) => {
      proposed = done;
    });
    if (added === null) return;
    const where =
      scope === 'document'
        ? 'in this document'
        : `in ${new Set(added.map((suggestion) => suggestion.documentId)).size} of ${documents} documents`;
    const skipped = proposed - added.length;
    session.notify(
      `Proposed ${plural(added.length, 'occurrence')} of “${truncate(span.text)}” as ${span.label} ${where}` +
        `${skipped > 0 ? ` (${skipped} already labelled or suggested)` : ''}. J and K step through them, Enter accepts, Backspace rejects.`,
    );
  }

  /**
   * Proposes the annotator's spans of a near-duplicate copy (the most similar by default) in the
   * open document, placed through a text alignment; a span whose words differ here is not placed.
   */
  async projectFromCopy(copyId: string | null = null): Promise<void> {
    const { document, session } = this.#context;
    const current = document.current;
    if (!current) return;
    const sourceId = copyId ?? this.#context.copiesOf(current.id)[0]?.id ?? null;
    const copy = sourceId === null ? null : await this.#guard(() => this.#context.store.readDocument(sourceId), 'read');
    if (!copy) {
      session.notify('This document has no near-duplicate copy to take spans from.');
      return;
    }
    const annotator = session.annotator;
    const layer = await this.#guard(() => this.#context.store.readLayer(copy.id, annotator));
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
          ...this.#proposal(current.id, projection.span.label, `near-duplicate:${copy.id}`),
          start: projection.start,
          end: projection.end,
          text: projection.text,
        });
    const added = await this.#propose(proposals, `spans from “${truncate(copy.title)}”`);
    if (added === null) return;
    const unplaced = projections.length - proposals.length;
    const skipped = proposals.length - added.length;
    session.notify(
      `Proposed ${plural(added.length, 'span')} from the copy “${truncate(copy.title)}”` +
        `${unplaced > 0 ? `; ${unplaced} could not be placed (the text differs there)` : ''}` +
        `${skipped > 0 ? `; ${skipped} already here` : ''}.`,
    );
  }

  #proposal(documentId: string, label: string, source: string) {
    return { documentId, annotator: this.#context.session.annotator, label, source };
  }

  /** The occurrences of `search` in every stored document (read where the search runs); null when it failed. */
  async #searchCorpus(search: CorpusSearch): Promise<Iterable<ColumnMatch>[] | null> {
    const { store, session } = this.#context;
    try {
      // The list's heads: a kept search Worker reads only the texts it does not hold already.
      const found = await (this.#context.search ?? searchInThisThread)(
        store.databaseName,
        search,
        () => undefined,
        undefined,
        this.#context.documents(),
      );
      return found.map((columns) => eachMatch(columns));
    } catch (error) {
      session.readFailed(error);
      return null;
    }
  }

  /**
   * Stores proposals as an undoable step, a slice at a time so that a corpus-wide proposal never
   * holds the page; resolves with those stored, or null when the write failed (what was stored
   * before the failure stays, and is undone like the rest).
   */
  async #propose(
    proposals: Iterable<NewSuggestion>,
    what: string,
    onProgress?: (done: number) => void,
  ): Promise<Suggestion[] | null> {
    const { store, session, history } = this.#context;
    const record = (added: readonly Suggestion[]) => {
      if (added.length > 0)
        history.record({
          description: `propose ${what}`,
          undo: async () =>
            void (await removeInSlices(
              store,
              added.map((suggestion) => suggestion.id),
            )),
          redo: () => restoreInSlices(store, added),
        });
    };
    try {
      const added = await proposeInSlices(store, proposals, session.now(), onProgress);
      record(added);
      return added;
    } catch (error) {
      if (error instanceof PartlyWritten) record(error.written);
      session.writeFailed(error instanceof PartlyWritten ? error.cause : error);
      return null;
    }
  }

  /** Runs a storage call; a failure is told as a failed write (or read) and answers null. */
  async #guard<T>(call: () => Promise<T>, kind: 'write' | 'read' = 'write'): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (kind === 'read') this.#context.session.readFailed(error);
      else this.#context.session.writeFailed(error);
      return null;
    }
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

import { RejectedSuggestions } from './rejectedSuggestions';
import type { DocumentHead, Span, Suggestion } from '../model/types';
import type { Store, SuggestionLayer } from '../storage/store';
import type { CorpusSearcher } from './corpusSearch';
import type { History } from './history.svelte';
import { plainKeyName, type KeyName } from './keyNames';
import type { NearDuplicate } from './nearDuplicates.svelte';
import type { OpenDocument } from './openDocument.svelte';
import { leftOutcome } from './stepReasons';
import { quoteText, truncate } from './truncate';
import { whenReady } from './whenShown';
import { counted } from '../model/counted';
import type { Session } from './session.svelte';
import { refusesWrites } from './labellingContext';
import type { Announcer } from './announcer.svelte';
import type { OccurrenceScope } from './suggestionProposals';

/** What the suggestions need of the rest of the workbench. */
export interface SuggestionsContext {
  /** Says which suggestion is focused, for a screen reader. */
  announcer?: Announcer;
  /** Why the open layer takes no writes now (team sync: another member's layer), or null. */
  locked?(): string | null;
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
  /** How messages write character keys (Settings → Keyboard); pressed alone when not given. */
  keyName?: KeyName;
  /** Opens a document (J with no suggestion left here goes on to the next document that has some). */
  open?(documentId: string): void;
}

/** A suggestion as the view draws it: UTF-16 place, drawn dashed. */
export interface SuggestionView extends Suggestion {
  start16: number;
  end16: number;
  layer: 'suggestion';
}

export type { OccurrenceScope } from './suggestionProposals';

/**
 * The open document's suggestion layer (proposed spans, stored apart from every layer of spans),
 * the focused suggestion, and the commands that propose, accept and reject. Every change is stored
 * first and recorded in the labelling history, so Ctrl+Z takes it back.
 */
export class Suggestions {
  #list = $state.raw<Suggestion[]>([]);
  #focusedId = $state<string | null>(null);
  /** The document's count of span selections when the suggestion was focused. */
  #focusedAt = $state(0);
  /** The suggestion an accept or a reject moved the focus on to, until the focus moves again. */
  #movedOnTo: string | null = null;
  #caseSensitive = $state(false);
  #following: { documentId: string; annotator: string } | null = null;
  #subscription: { unsubscribe(): void } | null = null;
  readonly #context: SuggestionsContext;
  /** Rejected in this tab: proposed again, left out. */
  readonly #rejected = new RejectedSuggestions();
  /** This tab's proposals still being stored: accepting all waits for them. */
  readonly #proposing = new Set<Promise<void>>();

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

  /** The focused suggestion's id: none once a span was selected after it was focused (the span is what keys act on). */
  get focusedId(): string | null {
    return this.#focusedAt === this.#context.document.selections ? this.#focusedId : null;
  }

  get focused(): Suggestion | null {
    const id = this.focusedId;
    return id === null ? null : (this.#list.find((suggestion) => suggestion.id === id) ?? null);
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

  /**
   * Focuses suggestion `id` (none for null), clearing the selected span, and scrolls to it when asked.
   * `gone`: a suggestion just accepted or rejected, still listed until storage says so: not counted.
   */
  focus(id: string | null, scroll = false, gone: string | null = null): void {
    this.#focusedId = id;
    // Focused by an accept or a reject moving on: `J` next keeps it (see `step`).
    this.#movedOnTo = gone === null ? null : id;
    if (id === null) return;
    this.#context.document.selectSpan(null);
    this.#focusedAt = this.#context.document.selections;
    const views = this.#views.filter((view) => view.id !== gone);
    const position = views.findIndex((suggestion) => suggestion.id === id);
    if (position < 0) return;
    const { label, text } = views[position];
    if (scroll) this.#context.document.viewer?.scrollToOffset(views[position].start16);
    // Said as `]` says a span: which one Enter and Backspace now act on.
    this.#context.announcer?.say(
      `Suggestion ${position + 1} of ${views.length}: ${label} ${quoteText(text)}. Enter accepts, Backspace rejects.`,
    );
  }

  /** Focuses the suggestion at UTF-16 offset `offset` (the shortest there), or none. */
  focusAt(offset: number): void {
    const here = this.#views.filter((view) => view.start16 <= offset && offset < view.end16);
    here.sort((a, b) => a.end16 - a.start16 - (b.end16 - b.start16));
    this.focus(here[0]?.id ?? null);
  }

  /**
   * Focuses the next (+1) or previous (-1) suggestion in reading order, going round at either end.
   * Right after Enter or Backspace moved the focus on to the next suggestion, `J` stays on that one:
   * J, Enter, J, Enter goes through each suggestion once (helper-182: every other one was passed over).
   */
  step(direction: 1 | -1): void {
    const views = this.#views;
    if (views.length === 0) return void this.#elsewhere(direction);
    const movedOnTo = this.#movedOnTo;
    if (direction === 1 && movedOnTo !== null && movedOnTo === this.focusedId && views.some((v) => v.id === movedOnTo))
      return this.focus(movedOnTo, true);
    const index = views.findIndex((view) => view.id === this.#focusedId);
    const next =
      index < 0 ? (direction === 1 ? 0 : views.length - 1) : (index + direction + views.length) % views.length;
    this.focus(views[next].id, true);
  }

  /**
   * With no suggestion here: opens the next document in the list (the previous for -1, going round)
   * where the annotator has suggestions, and focuses its first (last) once it shows; says which.
   */
  async #elsewhere(direction: 1 | -1): Promise<void> {
    const { document, documents, open, session, store } = this.#context;
    const here = document.id;
    if (this.#list.length > 0) return; // Here, but not drawn yet (its text is being read).
    const counts = await store.suggestionCounts(session.annotator).catch((error: unknown) => {
      session.readFailed(error);
      return null;
    });
    if (counts === null || document.id !== here) return;
    const list = direction === 1 ? [...documents()] : [...documents()].reverse();
    const at = list.findIndex((head) => head.id === here);
    const next = [...list.slice(at + 1), ...list.slice(0, Math.max(at, 0))].find((head) => counts.has(head.id));
    if (!next || !open) {
      const key = this.#context.keyName ?? plainKeyName;
      const where = open ? 'this document or any other' : 'this document';
      return session.notify(`No suggestions in ${where}: press ${key('O')} to propose the occurrences of a span.`);
    }
    const left = document.head?.title ?? '';
    open(next.id);
    session.notify(
      `No suggestions in “${truncate(left)}”: opened “${truncate(next.title)}”, with ${counted(counts.get(next.id) ?? 0, 'suggestion')}.`,
    );
    // Once its suggestions are read and its text shown (unless another document opened meanwhile).
    if (await whenReady(document, next.id, () => this.#views.length > 0)) this.step(direction);
  }

  /**
   * Accepts suggestion `id` (the focused one by default) into the annotator's layer, and focuses the
   * next; as label `as` when given (a label key pressed on it: the suggestion corrected as it is taken).
   */
  async accept(id: string | null = this.focusedId, as?: string): Promise<void> {
    if (id === null) return;
    const after = this.#after(id);
    if (await this.#accept([id], 'accept', as)) this.focus(after, true, id);
  }

  /**
   * Accepts every suggestion stored for the open document's layer when the acceptance runs (read
   * in the transaction that makes them spans, not from the list, which a live read brings up to
   * date a moment later). A proposal of this tab still being stored is waited for first: Shift+A
   * pressed as the status line counts the proposal accepts all of it.
   */
  async acceptAll(): Promise<void> {
    const { session } = this.#context;
    const layer = this.#following;
    if (layer === null) return session.notify('No suggestions in this document to accept.');
    if (this.#proposing.size > 0) {
      session.notify('Accepting every suggestion once the proposal is stored…');
      while (this.#proposing.size > 0) await Promise.allSettled([...this.#proposing]);
      // Another document (or layer) opened meanwhile: the press was for the one it left.
      const now = this.#following;
      if (now === null || now.documentId !== layer.documentId || now.annotator !== layer.annotator)
        return session.notify('Nothing accepted: another document was opened while the proposal was stored.');
    }
    const accepted = await this.#accept(layer, 'accept all');
    if (accepted === 0) session.notify('No suggestions in this document to accept.');
  }

  /** Accepts suggestions (by id, or all of a layer); resolves with how many, or null when the write failed. */
  async #accept(which: readonly string[] | SuggestionLayer, verb: string, as?: string): Promise<number | null> {
    const { store, session, history } = this.#context;
    const acceptance = await this.#guard(() => store.acceptSuggestions(which, session.now(), as));
    if (!acceptance) return null;
    const count = acceptance.suggestions.length;
    if (count === 0) return 0;
    const [first] = acceptance.suggestions;
    const relabelled = as !== undefined && as !== first.label;
    const what =
      count === 1 ? `${quoteText(first.text)} ${relabelled ? `as ${as}` : first.label}` : `${count} suggestions`;
    const documents = new Set(acceptance.suggestions.map((suggestion) => suggestion.documentId));
    let left = new Set<string>();
    history.record({
      description: `${verb} ${what}`,
      documentId: documents.size === 1 ? acceptance.suggestions[0].documentId : undefined,
      undo: async () => {
        left = new Set((await store.applyAcceptance(acceptance, false, session.now())).map((span) => span.id));
        return leftOutcome(left.size, acceptance.spans.length);
      },
      // What the undo left (changed or removed meanwhile) is not written over.
      redo: async () => {
        await store.applyAcceptance(
          { ...acceptance, spans: acceptance.spans.filter((span) => !left.has(span.id)) },
          true,
          session.now(),
        );
      },
    });
    const labelled = count - acceptance.spans.length;
    const notes = [
      relabelled ? `suggested ${first.label}` : '',
      labelled === 1 ? '1 was a span already' : labelled > 1 ? `${labelled} were spans already` : '',
    ].filter((note) => note !== '');
    session.notify(`Accepted ${what}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`);
    return count;
  }

  /** Rejects suggestion `id` (the focused one by default): it leaves the suggestion layer. */
  async reject(id: string | null = this.focusedId): Promise<void> {
    if (id === null) return;
    const { store, session, history } = this.#context;
    const after = this.#after(id);
    const removed = await this.#guard(() => store.removeSuggestions([id]));
    if (!removed) return;
    // Accepted or rejected in another tab a moment before: said, and the focus moves on as it would have.
    if (removed.length === 0) {
      session.notify('Nothing to reject: the suggestion was accepted or rejected meanwhile (in another tab).');
      return this.focus(after, true, id);
    }
    this.#rejected.add(removed);
    history.record({
      description: `reject ${quoteText(removed[0].text)} ${removed[0].label}`,
      documentId: removed[0].documentId,
      undo: () => {
        this.#rejected.delete(removed);
        return store.restoreSuggestions(removed);
      },
      redo: async () => {
        this.#rejected.add(removed);
        await store.removeSuggestions(removed.map((suggestion) => suggestion.id));
      },
    });
    session.notify(`Rejected ${quoteText(removed[0].text)} ${removed[0].label}.`);
    this.focus(after, true, id);
  }

  /** The suggestion after `id` in reading order (or before it, at the end), to focus once `id` is gone. */
  #after(id: string): string | null {
    const index = this.#list.findIndex((suggestion) => suggestion.id === id);
    return this.#list[index + 1]?.id ?? this.#list[index - 1]?.id ?? null;
  }

  /**
   * Proposes every other occurrence of the selected span's text (or, with none selected, the span
   * labelled last) as suggestions with its label, source `propagated`: whole words, in the open
   * document or the whole corpus, matching case when asked. The proposing code loads with the first
   * proposal (suggestionProposals.ts); the span is the one selected at the call.
   */
  async proposeOccurrences(scope: OccurrenceScope): Promise<void> {
    const { document, session } = this.#context;
    const current = document.current;
    const span =
      document.spans.find((candidate) => candidate.id === document.selectedSpanId) ??
      document.spans.find((candidate) => candidate.id === this.#context.lastLabelled()?.id) ??
      null;
    if (!current || !span) {
      const key = this.#context.keyName ?? plainKeyName;
      session.notify(
        `Label a span (or select one with ${key(']')} ) first, then press ${key('O')} to propose its other occurrences.`,
      );
      return;
    }
    const caseSensitive = this.#caseSensitive;
    await this.#whileProposing(async () => {
      const proposals = await this.#proposals();
      await proposals?.proposeOccurrences(
        { ...this.#context, rejected: this.#rejected },
        { current, span, scope, caseSensitive },
      );
    });
  }

  /**
   * Proposes the annotator's spans of a near-duplicate copy (the most similar by default) in the
   * open document, placed through a text alignment; a span whose words differ here is not placed.
   */
  async projectFromCopy(copyId: string | null = null): Promise<void> {
    const current = this.#context.document.current;
    if (!current) return;
    const sourceId = copyId ?? this.#context.copiesOf(current.id)[0]?.id ?? null;
    await this.#whileProposing(async () => {
      const proposals = await this.#proposals();
      await proposals?.projectFromCopy({ ...this.#context, rejected: this.#rejected }, current, sourceId);
    });
  }

  /** Runs a proposal, known as being stored until it ends (however it ends). */
  async #whileProposing(propose: () => Promise<void>): Promise<void> {
    const running = propose();
    this.#proposing.add(running);
    try {
      await running;
    } finally {
      this.#proposing.delete(running);
    }
  }

  /** The proposing code, loaded the first time; null (and said) when it could not load. */
  async #proposals(): Promise<typeof import('./suggestionProposals') | null> {
    try {
      return await import('./suggestionProposals');
    } catch (error) {
      this.#context.session.notify(`Proposing could not start: ${String(error)}. Reload the page.`, 'error');
      return null;
    }
  }

  /** Runs a storage call; a failure is told as a failed write (or read) and answers null. */
  async #guard<T>(call: () => Promise<T>, kind: 'write' | 'read' = 'write'): Promise<T | null> {
    if (kind === 'write' && refusesWrites(this.#context.locked, this.#context.session)) return null;
    try {
      return await call();
    } catch (error) {
      if (kind === 'read') this.#context.session.readFailed(error);
      else this.#context.session.writeFailed(error);
      return null;
    }
  }
}

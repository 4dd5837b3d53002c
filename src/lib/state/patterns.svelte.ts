import { counted } from '../model/counted';
import type { FormatError } from '../formats/records';
import { formatErrorText } from '../formats/errorMessages';
import { eachMatch, totalMatches, type FoundMatches } from '../model/matchColumns';
import { NewMatchTally } from '../model/newMatches';
import type { MatchPattern } from '../model/patternMatcher';
import type { Label, Suggestion } from '../model/types';
import type { NewSuggestion, Store } from '../storage/store';
import type { StoredKey } from '../workers/storedTexts';
import { searchInThisThread, type CorpusSearcher } from './corpusSearch';
import type { History } from './history.svelte';
import { plainKeyName, type KeyName } from './keyNames';
import type { Session } from './session.svelte';
import { stepHint } from './suggestionHints';
import { PartlyWritten, proposeInSlices, removeInSlices, restoreInSlices } from './suggestionWrites';

/**
 * How many new matches a label has (not a span or a suggestion the annotator has already), in how
 * many documents, and whether the label set lacks it.
 */
export interface LabelCount {
  label: string;
  matches: number;
  documents: number;
  isNew: boolean;
}

/** A file picked to load patterns from: its name and its text. */
export interface PatternFile {
  name: string;
  text(): Promise<string>;
}

/** Where loading patterns is: from a term list waiting for its label to the counts waiting for Add. */
export type PatternStep =
  | { kind: 'idle' }
  | { kind: 'term-list'; fileName: string; text: string; terms: number }
  | { kind: 'refused'; fileName: string; errors: string[] }
  | { kind: 'matching'; fileName: string; done: number; total: number }
  /**
   * `matches` found, `fresh` of them new (what adding stores: not a span or suggestion the annotator
   * has); `counts` the new ones by label. `found`'s texts are held (in the search Worker) until the
   * matches are added or put away.
   */
  | {
      kind: 'found';
      fileName: string;
      found: FoundMatches;
      matches: number;
      fresh: number;
      counts: LabelCount[];
      patterns: number;
      /** What the file's patterns do otherwise than spaCy's would (`patternTokens.ts`). */
      notes: string[];
    }
  /** Storing the matches as suggestions: `done` of `total` looked at. */
  | { kind: 'adding'; fileName: string; done: number; total: number };

export interface PatternsContext {
  store: Store;
  session: Session;
  /** The labelling history: adding the matches is undone like a label. */
  history: History;
  /** The corpus's documents' heads (the texts are read where the search runs, or reused there). */
  documents(): readonly StoredKey[];
  labels(): readonly Label[];
  /** The open document (where J and K step through suggestions), if any. */
  openDocumentId?(): string | null;
  /** How messages write character keys (Settings → Keyboard); pressed alone when not given. */
  keyName?: KeyName;
}

/**
 * Loading a patterns file (spaCy / Prodigy JSONL) or a term list, matching it across the corpus in
 * the background with progress and a way to cancel, and adding the matches as suggestions of the
 * annotator's suggestion layer, with source `pattern:<file name or pattern id>`. Nothing is stored
 * until the user adds the matches; a refused file stores nothing.
 */
export class PatternSuggestions {
  #step = $state.raw<PatternStep>({ kind: 'idle' });
  #controller: AbortController | null = null;
  readonly #find: CorpusSearcher;
  readonly #context: PatternsContext;

  constructor(context: PatternsContext, find: CorpusSearcher = searchInThisThread) {
    this.#context = context;
    this.#find = find;
  }

  get step(): PatternStep {
    return this.#step;
  }

  /**
   * Reads a picked file: JSONL patterns are matched at once; a term list waits for its label
   * ({@link matchTerms}); a wrong file is refused with its lines named.
   */
  async load(file: PatternFile): Promise<void> {
    this.cancel();
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      this.#step = { kind: 'refused', fileName: file.name, errors: [`could not be read: ${String(error)}`] };
      return;
    }
    // The readers load with the first file, not with the first page.
    const { isPatternsJsonlName, parsePatternsJsonl, patternTokenNotes } = await import('../formats/patterns');
    if (!isPatternsJsonlName(file.name)) {
      const terms = text.split(/\r\n|\r|\n/u).filter((line) => line.trim() !== '').length;
      if (terms === 0) this.#step = { kind: 'refused', fileName: file.name, errors: ['the file holds no terms'] };
      else this.#step = { kind: 'term-list', fileName: file.name, text, terms };
      return;
    }
    const read = parsePatternsJsonl(file.name, text);
    if ('errors' in read) return this.#refuse(file.name, read.errors);
    await this.#match(file.name, read.value, patternTokenNotes(read.value));
  }

  /** Matches the waiting term list with `label`, verbatim or ignoring case. */
  async matchTerms(label: string, ignoreCase: boolean): Promise<void> {
    const step = this.#step;
    if (step.kind !== 'term-list') return;
    const { parseTermList } = await import('../formats/patterns');
    const read = parseTermList(step.fileName, step.text, label, ignoreCase);
    if ('errors' in read) return this.#refuse(step.fileName, read.errors);
    await this.#match(step.fileName, read.value);
  }

  #refuse(fileName: string, errors: readonly FormatError[]): void {
    this.#step = { kind: 'refused', fileName, errors: errors.map(formatErrorText) };
  }

  async #match(fileName: string, patterns: MatchPattern[], notes: string[] = []): Promise<void> {
    const documents = this.#context.documents();
    const controller = new AbortController();
    this.#controller = controller;
    this.#step = { kind: 'matching', fileName, done: 0, total: documents.length };
    try {
      const found = await this.#find(
        this.#context.store.databaseName,
        { kind: 'patterns', patterns },
        (done, total) => {
          if (this.#controller === controller) this.#step = { kind: 'matching', fileName, done, total };
        },
        controller.signal,
        documents,
      );
      if (this.#controller !== controller) return found.release();
      let newMatches: { counts: LabelCount[]; fresh: number };
      try {
        newMatches = await this.#count(found);
      } catch (error) {
        found.release();
        throw error;
      }
      if (this.#controller !== controller) return found.release();
      const matches = totalMatches(found);
      this.#step = { kind: 'found', fileName, found, matches, ...newMatches, patterns: patterns.length, notes };
    } catch (error) {
      if (this.#controller !== controller || controller.signal.aborted) return;
      this.#step = { kind: 'refused', fileName, errors: [`matching failed: ${String(error)}`] };
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /**
   * The new matches by label, most first: those the annotator has as a span or a suggestion (read
   * now, for the documents with matches) are left out, as adding them will leave them out.
   */
  async #count(found: FoundMatches): Promise<{ counts: LabelCount[]; fresh: number }> {
    const { store, session, labels } = this.#context;
    const documentIds = found.pages.flatMap((page) => page.documentIds);
    const taken = await store.placesTaken(documentIds, session.annotator);
    const tally = new NewMatchTally();
    for (const page of found.pages) {
      tally.add(page, (documentId) => taken.get(documentId));
      // A page's matches at a time, the page free between them.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const known = new Set(labels().map((label) => label.name));
    const counts = tally
      .tallies()
      .map((count) => ({ ...count, isNew: !known.has(count.label) }))
      .sort((a, b) => b.matches - a.matches || a.label.localeCompare(b.label));
    return { counts, fresh: tally.total };
  }

  /** Stops a search that is running, or puts away what was loaded; nothing is stored. */
  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    if (this.#step.kind === 'matching') this.#context.session.notify('Pattern matching cancelled; nothing was added.');
    if (this.#step.kind === 'found') this.#step.found.release();
    this.#step = { kind: 'idle' };
  }

  /**
   * The matches as suggestions for the annotator, each quoting its text (made as they are stored,
   * the texts asked of the search a page at a time).
   */
  async *#proposals(found: FoundMatches): AsyncGenerator<NewSuggestion> {
    const annotator = this.#context.session.annotator;
    const stored = new Set(this.#context.documents().map((document) => document.id));
    for await (const { documentId, start, end, label, source, text } of eachMatch(found))
      // A document removed since the search takes no suggestion.
      if (stored.has(documentId)) yield { documentId, annotator, start, end, label, source, text };
  }

  /**
   * Adds the matches found as suggestions (labels the set lacks are added to it first), a slice at
   * a time with the progress shown; those the annotator already has as a span or a suggestion are
   * left out. Undone like a label.
   */
  async add(): Promise<void> {
    const step = this.#step;
    if (step.kind !== 'found') return;
    const { store, session, history } = this.#context;
    const { fileName, matches } = step;
    /** The labels the file brought that the set lacked: undo takes them back with the suggestions, unless used since. */
    const labels: string[] = [];
    const record = (added: readonly Suggestion[]) => {
      if (added.length > 0)
        history.record({
          description: `propose the matches of ${fileName}`,
          undo: async () => {
            await removeInSlices(
              store,
              added.map((suggestion) => suggestion.id),
            );
            for (const label of labels) await store.deleteLabelIfUnused(label);
          },
          redo: async () => {
            for (const label of labels) await store.addLabel(label);
            await restoreInSlices(store, added);
          },
        });
    };
    let proposed = 0;
    try {
      for (const count of step.counts)
        if (count.isNew && (await store.addLabel(count.label)) === null) labels.push(count.label);
      this.#step = { kind: 'adding', fileName, done: 0, total: matches };
      const added = await proposeInSlices(store, this.#proposals(step.found), session.now(), (done) => {
        proposed = done;
        this.#step = { kind: 'adding', fileName, done, total: matches };
      });
      record(added);
      step.found.release();
      session.notify(this.#added(fileName, added, proposed - added.length));
      this.#step = { kind: 'idle' };
    } catch (error) {
      // What was stored before a slice failed stays, and can be undone.
      if (error instanceof PartlyWritten) record(error.written);
      this.#step = step;
      session.writeFailed(error instanceof PartlyWritten ? error.cause : error);
    }
  }

  /** What the status line says once the matches were stored: how many, where, and how to go through them. */
  #added(fileName: string, added: readonly Suggestion[], skipped: number): string {
    if (added.length === 0)
      return `Added no suggestions from ${fileName}${skipped > 0 ? `: ${skipped === 1 ? 'its match is' : `its ${skipped} matches are`} already labelled or suggested` : ''}.`;
    const documents = new Set(added.map((suggestion) => suggestion.documentId)).size;
    // Without an open document to ask about (a test), the keys are told.
    const here = this.#context.openDocumentId?.();
    return (
      `Added ${counted(added.length, 'suggestion')} from ${fileName} in ${counted(documents, 'document')}` +
      `${skipped > 0 ? ` (${skipped} already labelled or suggested)` : ''}. ` +
      stepHint(
        this.#context.keyName ?? plainKeyName,
        here === undefined || added.some((suggestion) => suggestion.documentId === here),
      )
    );
  }
}

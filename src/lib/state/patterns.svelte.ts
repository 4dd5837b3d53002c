import { isPatternsJsonlName, parsePatternsJsonl, parseTermList } from '../formats/patterns';
import type { FormatError } from '../formats/records';
import { formatErrorText } from '../formats/errorMessages';
import { PatternMatcher, type MatchPattern } from '../model/patternMatcher';
import type { Document, Label } from '../model/types';
import type { NewSuggestion, Store } from '../storage/store';
import type { History } from './history.svelte';
import type { Session } from './session.svelte';

/** One document's matches, as the search answers them. */
export interface DocumentMatches {
  documentId: string;
  matches: { start: number; end: number; label: string; text: string; source: string }[];
}

/**
 * Matches patterns across documents: in a Worker in the app (workers/patternsClient.ts), in the
 * caller's thread in tests. Rejects with an `AbortError` when `signal` aborts.
 */
export type PatternFinder = (
  patterns: readonly MatchPattern[],
  documents: readonly { id: string; text: string }[],
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
) => Promise<DocumentMatches[]>;

/** The search in this thread, for tests and where no Worker is given. */
export const matchInThisThread: PatternFinder = async (patterns, documents, onProgress, signal) => {
  const matcher = new PatternMatcher(patterns);
  const found: DocumentMatches[] = [];
  for (const [index, document] of documents.entries()) {
    if (signal?.aborted) throw new DOMException('The pattern search was cancelled.', 'AbortError');
    const matches = matcher.match(document.text);
    if (matches.length > 0) found.push({ documentId: document.id, matches });
    onProgress(index + 1, documents.length);
  }
  return found;
};

/** How many matches a label has, in how many documents, and whether the label set lacks it. */
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
  | { kind: 'found'; fileName: string; proposals: NewSuggestion[]; counts: LabelCount[]; patterns: number };

export interface PatternsContext {
  store: Store;
  session: Session;
  /** The labelling history: adding the matches is undone like a label. */
  history: History;
  documents(): readonly Document[];
  labels(): readonly Label[];
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
  readonly #find: PatternFinder;
  readonly #context: PatternsContext;

  constructor(context: PatternsContext, find: PatternFinder = matchInThisThread) {
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
    if (!isPatternsJsonlName(file.name)) {
      const terms = text.split(/\r\n|\r|\n/u).filter((line) => line.trim() !== '').length;
      if (terms === 0) this.#step = { kind: 'refused', fileName: file.name, errors: ['the file holds no terms'] };
      else this.#step = { kind: 'term-list', fileName: file.name, text, terms };
      return;
    }
    const read = parsePatternsJsonl(file.name, text);
    if ('errors' in read) return this.#refuse(file.name, read.errors);
    await this.#match(file.name, read.value);
  }

  /** Matches the waiting term list with `label`, verbatim or ignoring case. */
  async matchTerms(label: string, ignoreCase: boolean): Promise<void> {
    const step = this.#step;
    if (step.kind !== 'term-list') return;
    const read = parseTermList(step.fileName, step.text, label, ignoreCase);
    if ('errors' in read) return this.#refuse(step.fileName, read.errors);
    await this.#match(step.fileName, read.value);
  }

  #refuse(fileName: string, errors: readonly FormatError[]): void {
    this.#step = { kind: 'refused', fileName, errors: errors.map(formatErrorText) };
  }

  async #match(fileName: string, patterns: MatchPattern[]): Promise<void> {
    const documents = this.#context.documents();
    const controller = new AbortController();
    this.#controller = controller;
    this.#step = { kind: 'matching', fileName, done: 0, total: documents.length };
    try {
      const found = await this.#find(
        patterns,
        documents,
        (done, total) => {
          if (this.#controller === controller) this.#step = { kind: 'matching', fileName, done, total };
        },
        controller.signal,
      );
      if (this.#controller !== controller) return;
      const annotator = this.#context.session.annotator;
      const proposals = found.flatMap(({ documentId, matches }) =>
        matches.map((match) => ({ ...match, documentId, annotator })),
      );
      this.#step = { kind: 'found', fileName, proposals, counts: this.#count(proposals), patterns: patterns.length };
    } catch (error) {
      if (this.#controller !== controller || controller.signal.aborted) return;
      this.#step = { kind: 'refused', fileName, errors: [`matching failed: ${String(error)}`] };
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  #count(proposals: readonly NewSuggestion[]): LabelCount[] {
    const known = new Set(this.#context.labels().map((label) => label.name));
    const byLabel = new Map<string, { matches: number; documents: Set<string> }>();
    for (const proposal of proposals) {
      const entry = byLabel.get(proposal.label) ?? { matches: 0, documents: new Set<string>() };
      entry.matches++;
      entry.documents.add(proposal.documentId);
      byLabel.set(proposal.label, entry);
    }
    return [...byLabel]
      .map(([label, { matches, documents }]) => ({
        label,
        matches,
        documents: documents.size,
        isNew: !known.has(label),
      }))
      .sort((a, b) => b.matches - a.matches || a.label.localeCompare(b.label));
  }

  /** Stops a search that is running, or puts away what was loaded; nothing is stored. */
  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    if (this.#step.kind === 'matching') this.#context.session.notify('Pattern matching cancelled; nothing was added.');
    this.#step = { kind: 'idle' };
  }

  /**
   * Adds the matches found as suggestions (labels the set lacks are added to it first); those the
   * annotator already has as a span or a suggestion are left out. Undone like a label.
   */
  async add(): Promise<void> {
    const step = this.#step;
    if (step.kind !== 'found') return;
    const { store, session, history } = this.#context;
    try {
      for (const count of step.counts) if (count.isNew) await store.addLabel(count.label);
      const added = await store.proposeSuggestions(step.proposals, session.now());
      if (added.length > 0)
        history.record({
          description: `propose the matches of ${step.fileName}`,
          undo: async () => void (await store.removeSuggestions(added.map((suggestion) => suggestion.id))),
          redo: () => store.restoreSuggestions(added),
        });
      const skipped = step.proposals.length - added.length;
      const documents = new Set(added.map((suggestion) => suggestion.documentId)).size;
      session.notify(
        `Added ${plural(added.length, 'suggestion')} from ${step.fileName} in ${plural(documents, 'document')}` +
          `${skipped > 0 ? ` (${skipped} already labelled or suggested)` : ''}. J and K step through them, Enter accepts, Backspace rejects.`,
      );
      this.#step = { kind: 'idle' };
    } catch (error) {
      session.writeFailed(error);
    }
  }
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}

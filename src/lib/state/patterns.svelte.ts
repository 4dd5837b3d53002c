import type { FormatError } from '../formats/records';
import { formatErrorText } from '../formats/errorMessages';
import { eachMatch, matchCount, MatchColumnsBuilder, type MatchColumns } from '../model/matchColumns';
import { CodePointIndex, sliceCodePoints } from '../model/offsets';
import type { MatchPattern } from '../model/patternMatcher';
import type { Document, Label } from '../model/types';
import type { NewSuggestion, Store } from '../storage/store';
import type { History } from './history.svelte';
import type { Session } from './session.svelte';

/**
 * Matches patterns across documents: in a Worker in the app (workers/patternsClient.ts), in the
 * caller's thread in tests. Rejects with an `AbortError` when `signal` aborts.
 */
export type PatternFinder = (
  patterns: readonly MatchPattern[],
  documents: readonly { id: string; text: string }[],
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
) => Promise<MatchColumns[]>;

/** The search in this thread, for tests and where no Worker is given. */
export const matchInThisThread: PatternFinder = async (patterns, documents, onProgress, signal) => {
  const { PatternMatcher } = await import('../model/patternMatcher');
  const matcher = new PatternMatcher(patterns);
  const found = new MatchColumnsBuilder();
  for (const [index, document] of documents.entries()) {
    if (signal?.aborted) throw new DOMException('The pattern search was cancelled.', 'AbortError');
    found.add(document.id, matcher.match(document.text));
    onProgress(index + 1, documents.length);
  }
  return [found.build()];
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
  | { kind: 'found'; fileName: string; found: MatchColumns[]; matches: number; counts: LabelCount[]; patterns: number };

export interface PatternsContext {
  store: Store;
  session: Session;
  /** The labelling history: adding the matches is undone like a label. */
  history: History;
  /** Every document with its text, read when a match starts (the list holds no texts). */
  readDocuments(): Promise<readonly Document[]>;
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
  /** The documents the last match ran over, with their texts: the matches quote them. */
  #matched: readonly Document[] = [];
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
    // The readers load with the first file, not with the first page.
    const { isPatternsJsonlName, parsePatternsJsonl } = await import('../formats/patterns');
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
    const { parseTermList } = await import('../formats/patterns');
    const read = parseTermList(step.fileName, step.text, label, ignoreCase);
    if ('errors' in read) return this.#refuse(step.fileName, read.errors);
    await this.#match(step.fileName, read.value);
  }

  #refuse(fileName: string, errors: readonly FormatError[]): void {
    this.#step = { kind: 'refused', fileName, errors: errors.map(formatErrorText) };
  }

  async #match(fileName: string, patterns: MatchPattern[]): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.#step = { kind: 'matching', fileName, done: 0, total: 0 };
    try {
      const documents = await this.#context.readDocuments();
      if (this.#controller !== controller) return;
      this.#matched = documents;
      this.#step = { kind: 'matching', fileName, done: 0, total: documents.length };
      const found = await this.#find(
        patterns,
        documents,
        (done, total) => {
          if (this.#controller === controller) this.#step = { kind: 'matching', fileName, done, total };
        },
        controller.signal,
      );
      if (this.#controller !== controller) return;
      const matches = found.reduce((sum, columns) => sum + matchCount(columns), 0);
      this.#step = { kind: 'found', fileName, found, matches, counts: this.#count(found), patterns: patterns.length };
    } catch (error) {
      if (this.#controller !== controller || controller.signal.aborted) return;
      this.#step = { kind: 'refused', fileName, errors: [`matching failed: ${String(error)}`] };
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  #count(found: readonly MatchColumns[]): LabelCount[] {
    const known = new Set(this.#context.labels().map((label) => label.name));
    const byLabel = new Map<string, { matches: number; documents: Set<string> }>();
    // Straight over the columns: no object per match, so a corpus-wide count stays a short task.
    for (const columns of found) {
      const entries = columns.kindTable.map(({ label }) => {
        let entry = byLabel.get(label);
        if (!entry) byLabel.set(label, (entry = { matches: 0, documents: new Set<string>() }));
        return entry;
      });
      let at = 0;
      columns.documentIds.forEach((documentId, document) => {
        for (const end = at + columns.counts[document]; at < end; at++) {
          const entry = entries[columns.kinds[at]];
          entry.matches++;
          entry.documents.add(documentId);
        }
      });
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

  /** The matches as suggestions for the annotator, each quoting its document's text. */
  #proposals(found: readonly MatchColumns[]): NewSuggestion[] {
    const annotator = this.#context.session.annotator;
    const documents = new Map(this.#matched.map((document) => [document.id, document]));
    const proposals: NewSuggestion[] = [];
    let text = '';
    let index: CodePointIndex | null = null;
    let current: string | null = null;
    for (const columns of found)
      for (const { documentId, start, end, label, source } of eachMatch(columns)) {
        if (documentId !== current) {
          current = documentId;
          text = documents.get(documentId)?.text ?? '';
          index = new CodePointIndex(text);
        }
        // A document removed since the search has nothing to quote: its matches are dropped.
        if (index === null || end > index.codePointLength) continue;
        proposals.push({
          documentId,
          annotator,
          start,
          end,
          label,
          source,
          text: sliceCodePoints(text, start, end, index),
        });
      }
    return proposals;
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
      const proposals = this.#proposals(step.found);
      const added = await store.proposeSuggestions(proposals, session.now());
      if (added.length > 0)
        history.record({
          description: `propose the matches of ${step.fileName}`,
          undo: async () => void (await store.removeSuggestions(added.map((suggestion) => suggestion.id))),
          redo: () => store.restoreSuggestions(added),
        });
      const skipped = proposals.length - added.length;
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

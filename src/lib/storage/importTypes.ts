/** What an import is asked to do (`ImportOptions`) and what it says back: its analysis, progress and result. */
import type { EdgesSuggestion, OffsetReading } from '../formats/offsetReadings';
import type { AnnotatedRecord, FormatError, FormatName } from '../formats/records';
import type { FileSource, Loss } from '../formats/format';

export interface ImportProgress {
  phase: 'reading' | 'writing';
  /** Bytes read while reading; records written while writing. */
  done: number;
  total: number;
}

export interface ImportOptions {
  format: FormatName;
  /** How the file's offsets count its text (code points unless the user chose another). */
  reading?: OffsetReading;
  /** The layer that records without an annotator go to. */
  defaultAnnotator: string;
  /**
   * Every record's spans and status go to this layer, whatever annotator the file names: to
   * correct a model's pre-annotations in one's own layer, as in doccano or Prodigy.
   */
  intoAnnotator?: string;
  onProgress?(progress: ImportProgress): void;
  now?(): number;
  /**
   * Cancels the analysis or the commit between two batches: the promise rejects with the signal's reason and a
   * commit takes back every batch it wrote, so a cancelled import stores nothing.
   */
  signal?: AbortSignal;
  /** The Web Locks a commit holds while it runs (importJournal.ts): `navigator.locks` when not given. */
  locks?: LockManagerLike;
}

/**
 * What taking back an import kept because it was labelled or changed since the import wrote it (in
 * another tab, or by a team member): a failed or cancelled import's error carries it (see {@link keptSince}).
 */
export interface KeptSince {
  /** Documents the import added, kept with every span in them. */
  documentsKept: number;
  /** Spans kept: those in the documents kept, and those the import added to older documents and were changed since. */
  spansKept: number;
}

/** The error of an import that was taken back, marked with what the take-back kept (when it kept anything). */
export function withKeptSince(error: unknown, kept: KeptSince): unknown {
  if (kept.documentsKept + kept.spansKept === 0 || typeof error !== 'object' || error === null) return error;
  return Object.assign(error, { keptSince: kept });
}

/** What the take-back behind an import's error kept; null when it kept nothing. */
export function keptSince(error: unknown): KeptSince | null {
  const kept = (error as { keptSince?: KeptSince } | null)?.keptSince;
  return kept && kept.documentsKept + kept.spansKept > 0 ? kept : null;
}

/** The part of the Web Locks API an import uses (`navigator.locks`; a fake in tests). */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
  /** The locks held now, in this tab or another (`navigator.locks.query`). */
  query?(): Promise<{ held?: { name?: string }[] }>;
}

/** This browser's Web Locks (`navigator.locks`), or undefined where there are none (Node, an old browser). */
export function browserLocks(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

/** What importing a file would do, worked out before anything is stored. */
export interface ImportAnalysis {
  fileName: string;
  format: FormatName;
  records: number;
  newDocuments: number;
  matchedDocuments: number;
  newSpans: number;
  /** The new spans by the layer (annotator) they go into. */
  newSpansByLayer: Record<string, number>;
  /**
   * Spans that are in storage already (re-importing a file adds nothing). A span the file itself
   * repeats in one layer is not counted here but as a loss, 'spans repeated in the file'.
   */
  knownSpans: number;
  annotators: string[];
  /** Labels used by the file that the label set does not have yet. */
  newLabels: string[];
  /** The first {@link MAX_LISTED_ERRORS} errors. */
  errors: FormatError[];
  errorCount: number;
  /** What the file holds that will not arrive (relations, rejected answers…), counted by kind. */
  losses: Loss[];
  /** What the format says of how it read the file (a token file's rebuilt text, its tag scheme). */
  notes: string[];
  /** The reading the file was analysed with, and how many of its quoted spans each reading fits. */
  offsets: OffsetSurvey;
  /** The text fingerprints of its new documents: which of them other files dropped with it bring (importsTogether.ts). */
  newDocumentTexts?: string[];
  /**
   * Its new documents' ids, each with its text's fingerprint, a hash of the text without white space and whether
   * its record was tokens only: which ids a file imported before it gives another text (importsTogether.ts).
   */
  newDocumentIds?: (readonly [id: string, fingerprint: string, unspaced: number, tokensOnly: boolean])[];
  /** Its new spans, each as a hash of its document, layer, place and label: which of them other files dropped with it bring. */
  newSpanKeys?: number[];
}

/** How a file's offsets were read, and how well each reading fits its quotes. */
export interface OffsetSurvey {
  reading: OffsetReading;
  /** Spans that quote their text (only they can be checked). */
  quoted: number;
  /** Every reading with the quotes it fits, most first. */
  ranking: { reading: OffsetReading; fits: number }[];
  /** The first reading that fits every quote; null when none does or nothing is quoted. */
  fitsAll: OffsetReading | null;
  /** When no span quotes its text and some spans' edges miss the reading: how many, and the reading every span's edges fit (null: none). */
  edges?: EdgesSuggestion | null;
}

export interface ImportResult {
  documentsAdded: number;
  spansAdded: number;
  labelsAdded: string[];
  /** Layers whose status from the file was not kept, a status the annotator set outranking it: `s1 (ann): skipped kept, done in the file`. */
  statusesKept?: string[];
  /**
   * What placing its records found that its check did not say: a file imported just before it took some of
   * its ids, or brought some of its texts (`placement.ts`'s notes). The card says them after the import.
   */
  notes?: string[];
}

/** What a card says of the files dropped with it, and whether they bring some of its new documents too. */
export interface TogetherNote {
  text: string;
  /** Whether another file brings some of its new documents: their ids and metadata are kept only from the first imported. */
  sharesDocuments: boolean;
}

/** An import of one file: analyse it (nothing stored), then commit it (all or nothing). */
export interface ImportJob {
  readonly source: FileSource;
  readonly options: ImportOptions;
  analyse(): Promise<ImportAnalysis>;
  /**
   * After `analyse`: a note on which of its new documents and spans the files analysed with it bring too,
   * once they are analysed (null inside: none do); null when no other file waited with it.
   */
  together?(): Promise<TogetherNote | null> | null;
  /** Calls `listener` when another file analysed with it is analysed again or let go (`together` may say otherwise). */
  onOthersChange?(listener: () => void): void;
  /** Call only after an analysis without errors. */
  commit(): Promise<ImportResult>;
  /** Lets go of what the job holds between its analysis and its commit (the parsed records). */
  close(): void;
}

/** The name of the error a commit rejects with when its Worker died before the end: part of the file may be stored. */
export const INTERRUPTED = 'ImportInterrupted';

/** One span a file repeats in the same layer of the same document (stored once). */
export function repeatedSpan(span: { start: number; end: number; label: string; text: string }, line: number): Loss {
  return {
    what: 'spans repeated in the file',
    why: 'each is kept once (a layer holds one span of a place and label)',
    count: 1,
    line,
    examples: [`${JSON.stringify(span.text)} ${span.start}–${span.end} (${span.label})`],
  };
}

/**
 * A record's metadata that is not kept: its document is stored already, or came earlier in the
 * file, with other metadata (a second annotator's Prodigy answer, with its own hashes and "reject");
 * named by the `keys` whose values the document does not hold.
 */
export function metadataNotKept(documentId: string, keys: readonly string[], line: number): Loss {
  const named = keys.slice(0, 6).map((key) => JSON.stringify(key));
  return {
    what: 'metadata of records whose document has other metadata',
    why:
      'a document keeps the metadata it was first stored with; a record placed on a document stored already, or ' +
      'earlier in the file, brings spans and a status to its layer but not its own metadata (an export writes the ' +
      "document's; for Prodigy that means the first answer's hashes and fields)",
    count: 1,
    line,
    examples: [`${documentId} (line ${line}): ${named.join(', ')}${keys.length > named.length ? ', …' : ''}`],
  };
}

/** Adds `loss` to `losses`, one entry per kind (what and why): counts summed, the first line kept, up to `max` examples. */
export function addLoss(losses: Map<string, Loss>, loss: Loss, max: number): void {
  const key = JSON.stringify([loss.what, loss.why]);
  const known = losses.get(key);
  if (!known) losses.set(key, { ...loss, examples: loss.examples?.slice(0, max) });
  else {
    known.count += loss.count;
    if (known.line === undefined && loss.line !== undefined) {
      known.line = loss.line;
      if (loss.inRecord) known.inRecord = true;
    }
    if (loss.examples) known.examples = [...(known.examples ?? []), ...loss.examples].slice(0, max);
  }
}

/**
 * Whether a record writes its layer: a span or a status. A record with neither (a plain text, a
 * document nobody labelled in an export of all documents) adds its document to no one's layer, so
 * no annotator counts as having worked on it (Review, Overview, exports).
 */
export function writesLayer(record: AnnotatedRecord): boolean {
  return record.spans.length > 0 || record.status !== null;
}

/** Storage changed between analysis and commit in a way that makes the file wrong. */
export class ImportFailure extends Error {
  constructor(readonly errors: FormatError[]) {
    super(
      errors
        .map((error) => (error.line > 0 ? `line ${error.line}: ${error.message}` : error.message))
        .slice(0, 3)
        .join('; '),
    );
    this.name = 'ImportFailure';
  }
}

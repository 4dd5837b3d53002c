/** Core vocabulary of Spanwright. Pure types: no DOM, no storage. */

/** A document: immutable text plus where it came from. */
export interface Document {
  /** Stable id: a `.txt` file's name without extension, or a JSONL record's `id`. */
  id: string;
  title: string;
  /** The text exactly as imported: never trimmed or normalised. */
  text: string;
  /** Where the document came from, e.g. `corpus/000_x.txt` or `import:file.jsonl`. */
  source: string;
  meta: Record<string, unknown>;
  /** Position in the document list. */
  order: number;
  /** `textFingerprint(text)`: finds documents with identical text through an index. */
  fingerprint: string;
  /** Epoch milliseconds. */
  created: number;
}

/**
 * A labelled span of a document in one annotator's layer.
 * `start` and `end` are Unicode code point offsets (Python `str` indices), end exclusive.
 */
export interface Span {
  id: string;
  documentId: string;
  annotator: string;
  start: number;
  end: number;
  label: string;
  /** The quoted text at [start, end): checked against the document on every load. */
  text: string;
  created: number;
  updated: number;
}

export interface Label {
  name: string;
  /** CSS colour, `#rrggbb`. */
  colour: string;
  /** A single key, e.g. `1`; empty for none. */
  hotkey: string;
  /** The guideline shown to annotators. */
  description: string;
  order: number;
}

export const STATUSES = ['todo', 'done', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * One annotator's summary of one document: the status they set, and the span count and labels
 * of their layer (kept in the same transaction as every span write, so the document list and its
 * filters never scan spans).
 */
export interface DocumentStatus {
  annotator: string;
  documentId: string;
  status: Status;
  spanCount: number;
  /** Distinct labels in the layer, sorted. */
  labels: string[];
  updated: number;
  /**
   * A new random token with every write to the layer (or its status): a tab showing the layer as
   * of revision R need not read it again while the summary still says R.
   */
  revision?: string;
}

/** The name of the adjudicated layer. */
export const GOLD_ANNOTATOR = 'gold';

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
 * What the document list knows of a document without reading its text (the `heads` table):
 * startup reads these, never the texts.
 */
export interface DocumentHead {
  id: string;
  title: string;
  source: string;
  order: number;
  fingerprint: string;
  created: number;
  /** The text's length in UTF-16 units. */
  length: number;
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
  /** The annotator's note on the span (shown on hover and in the span list, exported with it). */
  note?: string;
  /** For a span of the gold layer (or a rejected one): the review decision that put it there. */
  origin?: SpanOrigin;
  /** What a reviewer decided of this span, from a feedback file the annotator imported. */
  feedback?: SpanFeedback;
  /** Marked as an example of its label: the printable guidelines quote it. Absent when not. */
  example?: true;
  /**
   * Where an accepted suggestion came from (`propagated`, `near-duplicate:<document id>`, later
   * `pattern:…`, `model:…`); absent for a span the annotator drew.
   */
  source?: string;
  /** Came with an imported file, not labelled here: the Pace chart does not count it on the import's day. */
  imported?: true;
}

/**
 * A proposed span in an annotator's suggestion layer: stored apart from every layer of spans, so no
 * export, review, agreement or count ever sees it. Accepted, it becomes a span of the annotator's
 * layer carrying its `source`; rejected, it is gone.
 */
export interface Suggestion {
  id: string;
  documentId: string;
  /** Whose layer it is proposed for. */
  annotator: string;
  start: number;
  end: number;
  label: string;
  text: string;
  /** What proposed it: `propagated`, `near-duplicate:<document id>`, `pattern:…`, `model:…`. */
  source: string;
  created: number;
}

/** Where a gold span came from, who decided, and when. */
export interface SpanOrigin {
  /**
   * `a`, `b`: annotator A's or B's version; `both`: both versions kept; `majority`: the version
   * most annotators of the set marked; `others`: a version only annotators besides A and B marked,
   * fewer than most of the set; `agreed`: every annotator compared marked it; `edited`: the
   * reviewer drew it; `neither`: rejected (a span of the rejected layer). A span of the rejected layer
   * with another kind was passed over: the decision kept another version of its difference, of that kind.
   */
  kind: 'a' | 'b' | 'both' | 'majority' | 'others' | 'agreed' | 'edited' | 'added' | 'neither';
  /** The annotators who had this span (none for an edited one). */
  annotators: string[];
  /** The reviewer, and when (epoch milliseconds). */
  by: string;
  at: number;
  /** The reviewer's note on the decision. */
  note?: string;
}

/** A reviewer's decision on one of an annotator's spans, as their feedback file tells it. */
export interface SpanFeedback {
  verdict: 'kept' | 'changed' | 'removed';
  /** For `changed`: what gold has instead (place and label). */
  to?: { start: number; end: number; label: string }[];
  note?: string;
  reviewer: string;
  at: number;
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
   * When the status last became `done` in this app (epoch milliseconds); absent while the status is
   * not done, and for a done status that came in a file. Version 5 fills it from `updated` for done rows.
   */
  finished?: number;
  /**
   * A new random token with every write to the layer (or its status): a tab showing the layer as
   * of revision R need not read it again while the summary still says R.
   */
  revision?: string;
}

/** The name of the adjudicated layer. */
export const GOLD_ANNOTATOR = 'gold';

/**
 * The layer of spans a reviewer rejected ("keep neither"): kept as spans so a label rename, a
 * backup and an undo treat them as they treat any span. Never an annotator's own layer.
 */
export const REJECTED_ANNOTATOR = 'gold:rejected';

/**
 * For a span of the rejected layer (only: gold's spans have these kinds too): true when a decision passed
 * it over for another version (A's kept over B's): decided, though not refused outright ("keep neither",
 * or a removal from gold).
 */
export const passedOver = (span: { origin?: { kind?: string } }): boolean =>
  (span.origin?.kind ?? 'neither') !== 'neither';

/**
 * True when two review spans over overlapping text were written by one decision (the same reviewer at the
 * same time): the gold span a decision kept, and a version it passed over for it.
 */
export const decidedTogether = (
  one: { start: number; end: number; origin?: { by?: string; at?: number } },
  other: { start: number; end: number; origin?: { by?: string; at?: number } },
): boolean =>
  one.origin?.by === other.origin?.by &&
  one.origin?.at === other.origin?.at &&
  one.start < other.end &&
  other.start < one.end;

/** True for the layers the review keeps (gold, rejected), which are nobody's own work. */
export function isReviewLayer(annotator: string): boolean {
  return annotator === GOLD_ANNOTATOR || annotator === REJECTED_ANNOTATOR;
}

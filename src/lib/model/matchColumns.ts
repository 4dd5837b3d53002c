/**
 * Matches of many documents kept column by column: a few typed arrays instead of an object per
 * match, so a Worker can hand over a chunk's matches without the page rebuilding thousands of
 * objects (the arrays' buffers are transferred, not copied). Each match carries its text (all of
 * them joined in one string), so the page needs no document's text to quote it.
 */
import type { PatternMatch } from './patternMatcher';

/** What a match's `kind` indexes: its label and source. */
export interface MatchKind {
  label: string;
  source: string;
}

export interface MatchColumns {
  /** The documents with matches, in order; `counts[i]` matches belong to `documentIds[i]`. */
  documentIds: string[];
  counts: Int32Array;
  /** Code points, end exclusive, document by document. */
  starts: Int32Array;
  ends: Int32Array;
  kinds: Int32Array;
  kindTable: MatchKind[];
  /** The matches' texts, joined; match `i`'s ends at `textEnds[i]` (UTF-16) and starts where `i - 1`'s ends. */
  texts: string;
  textEnds: Int32Array;
  /** Each label's matches and documents here, counted where the columns were built (the Worker). */
  tallies: LabelTally[];
}

/** A label's matches, and how many documents hold at least one of them. */
export interface LabelTally {
  label: string;
  matches: number;
  documents: number;
}

/** The buffers of `columns` a Worker can transfer rather than copy. */
export function transferablesOf(columns: MatchColumns): ArrayBuffer[] {
  return [columns.counts, columns.starts, columns.ends, columns.kinds, columns.textEnds].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** One match read back from columns. */
export interface ColumnMatch extends MatchKind {
  documentId: string;
  start: number;
  end: number;
  text: string;
}

/** Collects documents' matches into {@link MatchColumns}. */
export class MatchColumnsBuilder {
  readonly #documentIds: string[] = [];
  readonly #counts: number[] = [];
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  readonly #kinds: number[] = [];
  readonly #texts: string[] = [];
  readonly #textEnds: number[] = [];
  #textLength = 0;
  readonly #kindTable: MatchKind[] = [];
  readonly #kindIndex = new Map<string, number>();
  /** Per label, with the last document counted (its position in `#documentIds`). */
  readonly #tallies = new Map<string, LabelTally & { lastDocument: number }>();

  /** Adds a document's matches (nothing for a document without any). */
  add(documentId: string, matches: readonly PatternMatch[]): void {
    if (matches.length === 0) return;
    const document = this.#documentIds.push(documentId) - 1;
    this.#counts.push(matches.length);
    for (const { start, end, label, source, text } of matches) {
      let tally = this.#tallies.get(label);
      if (!tally) this.#tallies.set(label, (tally = { label, matches: 0, documents: 0, lastDocument: -1 }));
      tally.matches++;
      if (tally.lastDocument !== document) {
        tally.lastDocument = document;
        tally.documents++;
      }
      const key = `${label}\u0000${source}`;
      let kind = this.#kindIndex.get(key);
      if (kind === undefined) {
        kind = this.#kindTable.push({ label, source }) - 1;
        this.#kindIndex.set(key, kind);
      }
      this.#starts.push(start);
      this.#ends.push(end);
      this.#kinds.push(kind);
      this.#texts.push(text);
      this.#textEnds.push((this.#textLength += text.length));
    }
  }

  build(): MatchColumns {
    return {
      documentIds: this.#documentIds,
      counts: Int32Array.from(this.#counts),
      starts: Int32Array.from(this.#starts),
      ends: Int32Array.from(this.#ends),
      kinds: Int32Array.from(this.#kinds),
      kindTable: this.#kindTable,
      texts: this.#texts.join(''),
      textEnds: Int32Array.from(this.#textEnds),
      tallies: [...this.#tallies.values()].map(({ label, matches, documents }) => ({ label, matches, documents })),
    };
  }
}

/** The number of matches the columns hold. */
export function matchCount(columns: MatchColumns): number {
  return columns.starts.length;
}

/** Every match of the columns, document by document, in the order they were added. */
export function* eachMatch(columns: MatchColumns): Generator<ColumnMatch> {
  let at = 0;
  for (let document = 0; document < columns.documentIds.length; document++) {
    const documentId = columns.documentIds[document];
    for (let end = at + columns.counts[document]; at < end; at++)
      yield {
        documentId,
        start: columns.starts[at],
        end: columns.ends[at],
        ...columns.kindTable[columns.kinds[at]],
        text: columns.texts.slice(at === 0 ? 0 : columns.textEnds[at - 1], columns.textEnds[at]),
      };
  }
}

/**
 * Each label's matches and documents over every set of columns, in the order the labels first
 * appear: the sum of the columns' tallies, so the page does not walk 175,000 matches in one task
 * (a set of ids per label filled over all of them took 27–47 ms in Chromium at load 4–6, once per
 * search). Each document is in one set of columns (a search gives each document to one page), so
 * their documents add up.
 */
export function countByLabel(found: readonly MatchColumns[]): LabelTally[] {
  const byLabel = new Map<string, LabelTally>();
  for (const columns of found)
    for (const { label, matches, documents } of columns.tallies) {
      const tally = byLabel.get(label);
      if (tally) {
        tally.matches += matches;
        tally.documents += documents;
      } else byLabel.set(label, { label, matches, documents });
    }
  return [...byLabel.values()];
}

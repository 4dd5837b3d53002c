/**
 * Matches of many documents kept column by column: a few typed arrays instead of an object per
 * match, so a Worker can hand over a chunk's matches without the page rebuilding thousands of
 * objects (the arrays' buffers are transferred, not copied). The matches' texts (all of a chunk's
 * joined in one string) are kept apart, {@link MatchTexts}: a search Worker holds them until the
 * matches are added, so the page holds the typed arrays alone and makes no garbage of 175,000
 * texts per search ({@link FoundMatches}).
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
  /** Each label's matches and documents here, counted where the columns were built (the Worker). */
  tallies: LabelTally[];
}

/** A label's matches, and how many documents hold at least one of them. */
export interface LabelTally {
  label: string;
  matches: number;
  documents: number;
}

/** The texts of one set of columns' matches, in its order. */
export interface MatchTexts {
  /** The texts joined; match `i`'s ends at `textEnds[i]` (UTF-16) and starts where `i - 1`'s ends. */
  texts: string;
  textEnds: Int32Array;
}

/**
 * What a search over the corpus found: its matches as columns, a set per page of documents, and
 * their texts asked for a page at a time where they are held (a search Worker, until `release`).
 */
export interface FoundMatches {
  pages: MatchColumns[];
  /** The texts of `pages[index]`'s matches; rejects when they are no longer held. */
  textsOf(index: number): Promise<MatchTexts>;
  /** Lets go of the texts; {@link textsOf} must not be asked afterwards. Safe to call again. */
  release(): void;
}

/** Matches found in this thread: their texts are at hand. */
export function foundHere(pages: MatchColumns[], texts: MatchTexts[]): FoundMatches {
  return { pages, textsOf: (index) => Promise.resolve(texts[index]), release: () => undefined };
}

/** The buffers of `columns` a Worker can transfer rather than copy. */
export function transferablesOf(columns: MatchColumns): ArrayBuffer[] {
  return [columns.counts, columns.starts, columns.ends, columns.kinds].map((array) => array.buffer as ArrayBuffer);
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

  /** The matches as columns, and their texts apart. */
  build(): { columns: MatchColumns; texts: MatchTexts } {
    return {
      columns: {
        documentIds: this.#documentIds,
        counts: Int32Array.from(this.#counts),
        starts: Int32Array.from(this.#starts),
        ends: Int32Array.from(this.#ends),
        kinds: Int32Array.from(this.#kinds),
        kindTable: this.#kindTable,
        tallies: [...this.#tallies.values()].map(({ label, matches, documents }) => ({ label, matches, documents })),
      },
      texts: { texts: this.#texts.join(''), textEnds: Int32Array.from(this.#textEnds) },
    };
  }
}

/** The number of matches the columns hold. */
export function matchCount(columns: MatchColumns): number {
  return columns.starts.length;
}

/** Every match of the columns with its text, document by document, in the order they were added. */
export function* matchesOf(columns: MatchColumns, { texts, textEnds }: MatchTexts): Generator<ColumnMatch> {
  let at = 0;
  for (let document = 0; document < columns.documentIds.length; document++) {
    const documentId = columns.documentIds[document];
    for (let end = at + columns.counts[document]; at < end; at++)
      yield {
        documentId,
        start: columns.starts[at],
        end: columns.ends[at],
        ...columns.kindTable[columns.kinds[at]],
        text: texts.slice(at === 0 ? 0 : textEnds[at - 1], textEnds[at]),
      };
  }
}

/**
 * Every match found, in order, with its text: the texts asked for a page at a time as the matches
 * are read (the next page's asked for while this one's are read), so only a page or two of them is
 * in the caller's thread at once.
 */
export async function* eachMatch(found: FoundMatches): AsyncGenerator<ColumnMatch> {
  const { pages } = found;
  let next = pages.length > 0 ? found.textsOf(0) : null;
  for (let index = 0; index < pages.length; index++) {
    const texts = await next!;
    next = index + 1 < pages.length ? found.textsOf(index + 1) : null;
    // A rejection of the page asked ahead is seen when it is awaited, not before.
    next?.catch(() => undefined);
    yield* matchesOf(pages[index], texts);
  }
}

/** The number of matches of every page found. */
export function totalMatches(found: FoundMatches): number {
  return found.pages.reduce((sum, columns) => sum + matchCount(columns), 0);
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

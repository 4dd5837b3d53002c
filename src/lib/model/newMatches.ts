/**
 * Counting the matches of a search that storing them as suggestions would add: a match whose place
 * and label the annotator already has (a span or a suggestion), or an earlier match has (two
 * patterns finding the same words with the same label), adds nothing. So a preview counts what
 * "Add as suggestions" will add, not every match.
 */
import type { LabelTally, MatchColumns } from './matchColumns';
import { spanKey } from './spanIdentity';

/** Each label's new matches and the documents holding them, counted a set of columns at a time. */
export class NewMatchTally {
  readonly #byLabel = new Map<string, LabelTally & { lastDocument: string | null }>();
  #total = 0;

  /** Counts `columns`' matches not in `taken(documentId)` (its `spanKey`s) nor met before in the same document. */
  add(columns: MatchColumns, taken: (documentId: string) => ReadonlySet<string> | undefined): void {
    let at = 0;
    columns.documentIds.forEach((documentId, document) => {
      const before = taken(documentId);
      const met = new Set<string>();
      for (const end = at + columns.counts[document]; at < end; at++) {
        const { label } = columns.kindTable[columns.kinds[at]];
        const key = spanKey({ start: columns.starts[at], end: columns.ends[at], label });
        if (before?.has(key) || met.has(key)) continue;
        met.add(key);
        this.#total++;
        let tally = this.#byLabel.get(label);
        if (!tally) this.#byLabel.set(label, (tally = { label, matches: 0, documents: 0, lastDocument: null }));
        tally.matches++;
        if (tally.lastDocument !== documentId) {
          tally.lastDocument = documentId;
          tally.documents++;
        }
      }
    });
  }

  /** How many new matches were counted in all. */
  get total(): number {
    return this.#total;
  }

  /** Each label with new matches, in the order the labels were first met. */
  tallies(): LabelTally[] {
    return [...this.#byLabel.values()].map(({ label, matches, documents }) => ({ label, matches, documents }));
  }
}

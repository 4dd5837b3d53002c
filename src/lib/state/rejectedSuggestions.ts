/**
 * The suggestions an annotator rejected in this tab, by place: a proposal made again ("label all
 * occurrences" pressed once more, a copy's spans projected again) leaves them out and says how many,
 * so a rejected occurrence does not come back. Kept for the tab's life, not stored: a reload forgets
 * them (docs/user-guide.md, Suggestions).
 */
import type { NewSuggestion } from '../storage/store';

type Place = Pick<NewSuggestion, 'documentId' | 'annotator' | 'start' | 'end' | 'label'>;

const keyOf = ({ documentId, annotator, start, end, label }: Place) =>
  `${documentId}\u0000${annotator}\u0000${start}\u0000${end}\u0000${label}`;

export class RejectedSuggestions {
  readonly #keys = new Set<string>();

  add(places: readonly Place[]): void {
    for (const place of places) this.#keys.add(keyOf(place));
  }

  /** Forgets `places` (a rejection undone). */
  delete(places: readonly Place[]): void {
    for (const place of places) this.#keys.delete(keyOf(place));
  }

  has(place: Place): boolean {
    return this.#keys.has(keyOf(place));
  }
}

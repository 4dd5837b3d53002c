import type { Difference } from '../model/adjudication';

/** Where the Review focus is: the focused difference's characters and kind. */
export interface FocusPlace {
  start: number;
  end: number;
  kind: Difference['kind'];
}

export const placeOf = ({ start, end, kind }: Difference): FocusPlace => ({ start, end, kind });

/**
 * The position of the difference at `place`: the same characters and kind, else the same characters
 * (an annotator relabelled it), else the first that starts at or after it (it was decided away or
 * removed), else the last.
 */
export function focusedPosition(differences: readonly Difference[], place: FocusPlace): number {
  const same = (difference: Difference) => difference.start === place.start && difference.end === place.end;
  const exact = differences.findIndex((difference) => same(difference) && difference.kind === place.kind);
  if (exact >= 0) return exact;
  const sameCharacters = differences.findIndex(same);
  if (sameCharacters >= 0) return sameCharacters;
  const after = differences.findIndex((difference) => difference.start >= place.start);
  return after >= 0 ? after : Math.max(0, differences.length - 1);
}

/**
 * The Review page's focused row, by place, so a change from elsewhere (a teammate's decision, an
 * annotator's new span above it) never moves it to another row. Until the reviewer moves it, the
 * first difference still to decide: live while the layers are still arriving (gold may say the first
 * rows are decided), then pinned.
 */
export class ReviewFocus {
  #place = $state<FocusPlace | null>(null);
  #pinned: FocusPlace | null = null;
  readonly #differences: () => readonly Difference[];
  readonly #firstToDecide: () => number;
  readonly #loaded: () => boolean;

  constructor(differences: () => readonly Difference[], firstToDecide: () => number, loaded: () => boolean) {
    this.#differences = differences;
    this.#firstToDecide = firstToDecide;
    this.#loaded = loaded;
  }

  #index = $derived.by<number>(() => {
    const differences = this.#differences();
    let place = this.#place;
    if (place === null) {
      if (!this.#loaded() || differences.length === 0) return this.#firstToDecide();
      place = this.#pinned ??= placeOf(differences[this.#firstToDecide()]);
    }
    return focusedPosition(differences, place);
  });

  /** The focused difference's position in the list. */
  get index(): number {
    return this.#index;
  }

  /** Focuses `difference`. */
  set(difference: Difference): void {
    this.#place = placeOf(difference);
  }

  /** Back to the first difference still to decide. */
  reset(): void {
    this.#place = null;
    this.#pinned = null;
  }
}

import type { Store } from '../storage/store';
import { ownLayerRefusal } from './reviewNews';

/** The setting naming who decided last on the Review page of this browser. */
const LAST_REVIEWER = 'lastReviewer';

/**
 * Decisions wait while the reviewer's own layer is one of those compared and another name decided last
 * in this browser, until the reviewer chooses to decide under their name: a new tab starts as the
 * annotator chosen last in any tab, so a reviewer may find themself deciding as an annotator whose work
 * is under review, and gold and feedback files would record that annotator as the reviewer (helper-193).
 * A lead, or a lone annotator, who always decides under their own name is never asked.
 */
export class OwnLayerGuard {
  /** Who decided last here (read from the settings at the start), or null when no one has. */
  #last = $state<string | null>(null);
  /** The name the reviewer chose to decide as while their layer is compared. */
  #agreed = $state<string | null>(null);
  #store: Store | null = null;
  /** The review: its compared set, and who decides. */
  readonly #review: { readonly set: readonly string[]; readonly reviewer: string };

  constructor(review: { readonly set: readonly string[]; readonly reviewer: string }) {
    this.#review = review;
  }

  /** Reads who decided last; a failed read only leaves the question unasked. */
  async load(store: Store): Promise<void> {
    this.#store = store;
    this.#last = await store.readSetting<string | null>(LAST_REVIEWER, null).catch(() => null);
  }

  /** Who decided last here, when decisions now wait for the reviewer's choice; else null. */
  get waitingAfter(): string | null {
    const { set, reviewer } = this.#review;
    const waits = set.includes(reviewer) && this.#last !== null && this.#last !== reviewer && this.#agreed !== reviewer;
    return waits ? this.#last : null;
  }

  /** Why a decision is refused now (`waitingAfter`), or null. */
  refusal(): string | null {
    const last = this.waitingAfter;
    return last === null ? null : ownLayerRefusal(this.#review.reviewer, last);
  }

  /** The reviewer decides under their name, though their layer is compared. */
  agree(): void {
    this.#agreed = this.#review.reviewer;
  }

  /** A decision was written: its reviewer is the one who decided last (another's choice to decide so is asked again). */
  decided(): void {
    const { reviewer } = this.#review;
    if (this.#agreed !== reviewer) this.#agreed = null;
    if (this.#last === reviewer) return;
    this.#last = reviewer;
    void this.#store?.writeSetting(LAST_REVIEWER, reviewer).catch(() => undefined);
  }
}

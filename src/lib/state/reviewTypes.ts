/** The review's types that the rest of the app sees (`review.svelte.ts`). */
import type { Document } from '../model/types';
import type { Store } from '../storage/store';
import type { GoldDecision } from '../storage/review';
import type { KeyName } from './keyNames';

export interface ReviewEntry {
  document: Document;
  /** Differences that are not exact matches. */
  disagreements: number;
  /** Differences the reviewer has still to decide (`reviewDecisions.toDecide`), as "gold done" counts them. */
  toDecide: number;
  goldDone: boolean;
  /** Gold's spans whose annotators have removed, relabelled or resized them since the decision (`goneFromLayers`). */
  goneFromGold: number;
  /** Share of the document's tokens the compared set disagrees on (null when no token has two annotators). */
  disagreement: number | null;
  /**
   * The one of A and B who worked on it alone (the other has not worked on it) and marked it done, or worked
   * on it where the review decided on the other's work (gone since); or null.
   */
  alone: string | null;
  /** Whether `alone` marked it done. */
  aloneDone: boolean;
  /** When one of A and B is `alone`: the others of the compared set who worked on it too. */
  alongside: readonly string[];
  /** The compared set on it: the set but those who have not worked on it (whom `disagreement` is over). */
  compared: readonly string[];
}

/** How the review lists its documents: in corpus order, or the most disagreed-on first. */
/** Whether `entry`'s gold is marked done yet open again: differences to decide, or gold its annotators have left. */
export const doneYetOpen = (entry: ReviewEntry): boolean => entry.goldDone && entry.toDecide + entry.goneFromGold > 0;

export type ReviewOrder = 'list' | 'disagreement';

/** What the review needs of the rest of the app. */
export interface ReviewContext {
  store: Store;
  /** The corpus's documents, in list order. */
  documents(): readonly Document[];
  /** Who is reviewing (the session's annotator): recorded on every decision. */
  reviewer(): string;
  now?(): number;
  /** Says passing news in the status line (what a decision, undo or redo did); `hint`: advice on this document only. */
  notify?(text: string, hint?: true): void;
  /** How messages write character keys (Settings → Keyboard: Alt+E when single keys are off); pressed alone when not given. */
  keyName?: KeyName;
  /** The names of the labels in this copy's set (with team sync on, as the team's reached it): gold taking another is said. */
  labels?(): readonly string[];
  /**
   * True when no decision may be written here: with team sync on, unless the server lists this member
   * as a reviewer (it takes gold from reviewers only, so a decision would stay in this browser).
   */
  locked?(): boolean;
  /** Keeps a decision in localStorage until it is written, for the next start to write (`decisionJournal.ts`). */
  journal?: { keepDecision(decision: GoldDecision, what: string): () => void };
}

/** Why a member of a team who is not (or not yet known as) a reviewer decides nothing here (`ReviewContext.locked`). */
export const REVIEW_LOCKED =
  'Read-only: with team sync on, the server takes gold only from the team’s reviewers, and you are not listed as one (or the members list has not arrived yet), so a decision here would stay in this browser. Compare the layers here; a reviewer decides.';

/** Where a decision was taken: a difference's row (its position), every row (M's), or none (the gold list). */
export type DecidedFrom = number | 'rows' | null;

import type { Span } from '../model/types';

/** Why an undo or redo did nothing: the span it changes is gone; or it was changed since, and the change stays. */
export const [GONE, CHANGED, STATUS_CHANGED] = [
  'the span was removed meanwhile (in another tab, or by the team)',
  'the span was changed or removed meanwhile (its label renamed, in another tab, or by the team)',
  'the status was changed meanwhile (in another tab, or by the team)',
];
/** Why a relabel or note step did nothing: gone (null; unless `quiet`), or changed since (after is before). */
export const stepOutcome = (result: { before: Span; after: Span } | null, quiet = false) =>
  result === null ? (quiet ? undefined : GONE) : result.after === result.before ? CHANGED : undefined;

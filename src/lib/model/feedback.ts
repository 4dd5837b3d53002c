/**
 * Feedback to an annotator: what the review made of each of their spans. For one document the
 * review decided something in, each span of the annotator's layer is `kept` (gold has it, same
 * place and label), `removed` (the reviewer rejected it: "neither", whatever gold holds around it),
 * `changed` (gold has an overlapping span that differs: the one overlapping it most; on a tie the one
 * closest to it, sharing the most of both together, then the first in reading order; a gold span the
 * annotator marked too over other characters, or one every annotator compared agreed on, is the
 * verdict on that span of theirs, never a decision on another span of theirs that it overlaps) or `removed`
 * (gold has nothing over it, and the reviewer rejected a span at its place, or marked the document's
 * gold done with it undecided: its note then says so). A span gold has nothing over in a document still under review is
 * not decided yet: it is left out, never reported as removed; so is one the annotator drew after the gold was marked
 * done, or after the decision on the gold span it would be changed to (the review lists it to decide). The note is the reviewer's: the gold
 * span's for kept and changed, the rejected span's at its place for removed. Offsets are code
 * points, as everywhere in Spanwright.
 */
import { inQuotes } from './graphemes';
import { compareSpans } from './spanOrder';
import { passedOver, type SpanFeedback, type SpanOrigin } from './types';

export type Verdict = SpanFeedback['verdict'];

/** The note of a span no decision took out of gold: the document's gold was marked done with it undecided. */
export const LEFT_OUT_NOTE = 'Not decided: left out of gold when the document’s gold was marked done.';

/** A span's place, label and quoted text. */
export interface QuotedPlace {
  start: number;
  end: number;
  label: string;
  text: string;
  /** When the annotator drew it (epoch milliseconds), where known. */
  created?: number;
}

/** A span of the gold or the rejected layer, with the decision that put it there (when it says). */
export interface DecidedSpan extends QuotedPlace {
  origin?: SpanOrigin;
}

/** What the review made of one of the annotator's spans. */
export interface SpanVerdict {
  span: QuotedPlace;
  verdict: Verdict;
  /** For `changed`: the gold span it became; otherwise null. */
  to: QuotedPlace | null;
  /** The reviewer's note on the decision, or null. */
  note: string | null;
  /** Who decided and when (epoch milliseconds), where the decision records it. */
  by: string | null;
  at: number | null;
}

/** One document as the review left it, beside the annotator's layer of it. */
export interface ReviewedDocument {
  /** The annotator's spans. */
  spans: readonly QuotedPlace[];
  /** The gold layer's spans. */
  gold: readonly DecidedSpan[];
  /** The rejected layer's spans (the "neither" decisions). */
  rejected: readonly DecidedSpan[];
  /** True when the gold layer has a status row for the document (the reviewer set one, or wrote gold). */
  goldStatus: boolean;
  /** True when the reviewer marked the document's gold done: what gold lacks was decided against. */
  goldDone?: boolean;
  /** When the gold was marked done (epoch milliseconds), where known: a span drawn since is not decided yet. */
  goldDoneAt?: number;
}

/** True when the review decided something in the document: a gold status, or gold or rejected spans. */
export function isReviewed(document: ReviewedDocument): boolean {
  return document.goldStatus || document.gold.length > 0 || document.rejected.length > 0;
}

/** How much [a.start, a.end) and [b.start, b.end) share, in code points (0 when they do not overlap). */
export function overlapLength(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function samePlace(a: QuotedPlace, b: QuotedPlace): boolean {
  return a.start === b.start && a.end === b.end && a.label === b.label;
}

function quoted(span: QuotedPlace): QuotedPlace {
  return { start: span.start, end: span.end, label: span.label, text: span.text };
}

function decision(
  span: QuotedPlace,
  verdict: Verdict,
  decided: DecidedSpan | undefined,
  to: QuotedPlace | null,
): SpanVerdict {
  const origin = decided?.origin;
  return {
    span: quoted(span),
    verdict,
    to,
    note: origin?.note !== undefined && origin.note !== '' ? origin.note : null,
    by: origin?.by ?? null,
    at: origin?.at ?? null,
  };
}

/**
 * The verdict on each of the annotator's spans of one document the review decided, in reading
 * order; null when the review decided nothing in it (a document never reviewed says nothing about
 * anyone's spans). Spans not decided yet are left out (see above).
 */
export function documentVerdicts(document: ReviewedDocument): SpanVerdict[] | null {
  if (!isReviewed(document)) return null;
  const gold = [...document.gold].sort(compareSpans);
  // What a span of theirs can have changed into: not an agreement, nor another span of their own over
  // other characters (a nested or overlapping span of theirs is a difference of its own, decided or not).
  // Their own span over the same characters with another label can be: a third annotator who marked both
  // labels of a label difference, decided for one of them.
  const place = (span: QuotedPlace) => `${span.start}:${span.end}:${span.label}`;
  const theirs = new Set(document.spans.map(place));
  const replacements = gold.filter((candidate) => candidate.origin?.kind !== 'agreed');
  const canBecome = (span: QuotedPlace, candidate: DecidedSpan) =>
    !theirs.has(place(candidate)) || (candidate.start === span.start && candidate.end === span.end);
  const verdicts: SpanVerdict[] = [];
  for (const span of [...document.spans].sort(compareSpans)) {
    const same = gold.find((candidate) => samePlace(candidate, span));
    if (same) {
      verdicts.push(decision(span, 'kept', same, null));
      continue;
    }
    // Rejected itself ("neither"): removed, whatever gold holds around it (a span it nests in). One passed over
    // for another version was changed to what gold holds over it, as below.
    const refused = document.rejected.find((candidate) => samePlace(candidate, span) && !passedOver(candidate));
    if (refused) {
      verdicts.push(decision(span, 'removed', refused, null));
      continue;
    }
    let best: DecidedSpan | undefined;
    let bestOverlap = 0;
    let bestUnion = Infinity;
    // In reading order: only a strictly better candidate replaces the best, so a full tie keeps the first.
    for (const candidate of replacements) {
      if (candidate.start >= span.end) break;
      if (!canBecome(span, candidate)) continue;
      const shared = overlapLength(candidate, span);
      const union = Math.max(candidate.end, span.end) - Math.min(candidate.start, span.start);
      if (shared > bestOverlap || (shared > 0 && shared === bestOverlap && union < bestUnion)) {
        best = candidate;
        bestOverlap = shared;
        bestUnion = union;
      }
    }
    // Drawn after the decision that put `best` there: news to the review (it lists it to decide), not decided yet.
    if (best && span.created !== undefined && span.created > (best.origin?.at ?? Infinity)) continue;
    if (best) {
      verdicts.push(decision(span, 'changed', best, quoted(best)));
      continue;
    }
    const rejected = document.rejected.find(
      (candidate) => candidate.start === span.start && candidate.end === span.end,
    );
    // Nothing over it, not rejected, and the document still under review: not decided yet.
    if (rejected) verdicts.push(decision(span, 'removed', rejected, null));
    // Left out of gold by "gold done" with no decision on it: removed, and the note says no one decided it.
    // One the annotator drew since the gold was done is new to the review: not decided yet. (Not one changed
    // since: a note, an example mark, a label renamed in Settings or a re-import touch a span's `updated`.)
    else if (document.goldDone && !(span.created !== undefined && span.created > (document.goldDoneAt ?? Infinity)))
      verdicts.push({ ...decision(span, 'removed', undefined, null), note: LEFT_OUT_NOTE });
  }
  return verdicts;
}

/**
 * True for feedback an annotator should look at: a span changed or removed, or kept with a note.
 * These are the spans the feedback key steps through.
 */
export function isMarked(feedback: SpanFeedback | undefined): boolean {
  return feedback !== undefined && (feedback.verdict !== 'kept' || (feedback.note ?? '') !== '');
}

/**
 * Feedback in words, for the span list: `changed to denial 4–9 “Kim”: “note”`. `quote` gives the
 * text at a place (none: places are said without their text).
 */
export function describeFeedback(
  feedback: SpanFeedback,
  quote?: (place: { start: number; end: number }) => string,
): string {
  const to = feedback.to
    ?.map((place) => `${place.label} ${place.start}–${place.end}${quote ? ` ${inQuotes(quote(place))}` : ''}`)
    .join(', ');
  const verdict = feedback.verdict === 'changed' && to ? `changed to ${to}` : feedback.verdict;
  const note = feedback.note ? `: ${inQuotes(feedback.note)}` : '';
  return `${verdict}${note}`;
}

/** Who decided and when, for the span list: `rev, 2026-05-01`. */
export function feedbackSource(feedback: SpanFeedback): string {
  const day = Number.isFinite(feedback.at) ? new Date(feedback.at).toISOString().slice(0, 10) : '';
  return [feedback.reviewer, day].filter((part) => part !== '').join(', ');
}

/** A marked span's place in the corpus: its document's place in the list, then its own in reading order. */
export interface MarkedPlace {
  documentId: string;
  /** The document's `order` in the list. */
  order: number;
  id: string;
  start: number;
  end: number;
  label: string;
}

/** Where the annotator is: the open document (its order) and the selected span in it, if any. */
export interface StepPosition {
  order: number | null;
  selected: { id: string; start: number; end: number; label: string } | null;
}

/**
 * The marked span after (+1) or before (-1) `position` in `marked` (sorted by document order, then
 * reading order), going round at either end; `wrapped` says it went round. Null when none is marked.
 * With no span selected, the open document's own marked spans come next either way.
 */
export function stepMarked(
  marked: readonly MarkedPlace[],
  position: StepPosition,
  direction: 1 | -1,
): { target: MarkedPlace; index: number; wrapped: boolean } | null {
  if (marked.length === 0) return null;
  const compare = (place: MarkedPlace): number => {
    if (position.order === null) return direction;
    if (place.order !== position.order) return place.order - position.order;
    const selected = position.selected;
    if (selected === null) return direction;
    return compareSpans(place, selected);
  };
  if (direction === 1) {
    const index = marked.findIndex((place) => compare(place) > 0);
    return index >= 0
      ? { target: marked[index], index, wrapped: false }
      : { target: marked[0], index: 0, wrapped: true };
  }
  const index = marked.findLastIndex((place) => compare(place) < 0);
  const last = marked.length - 1;
  return index >= 0
    ? { target: marked[index], index, wrapped: false }
    : { target: marked[last], index: last, wrapped: true };
}

/**
 * The Overview's figures, from what storage holds: each annotator's progress, spans per label, span
 * lengths in tokens, the pace per day, and the documents with the most and the fewest spans. Pure:
 * the state class hands in the rows, and every figure here is a count a test can work out by hand.
 * The review layers (gold, rejected) are nobody's own work and count nowhere here but in the
 * review's own progress (`reviewProgressOf`).
 */
import { compareText } from './spanOrder';
import { tokenize, type TokenRange } from './tokens';
import {
  GOLD_ANNOTATOR,
  isReviewLayer,
  passedOver,
  REJECTED_ANNOTATOR,
  type Document,
  type DocumentStatus,
  type Span,
  type Status,
} from './types';

/** How far the review is, over the corpus's documents. */
export interface ReviewProgress {
  /** Documents an annotator has worked on (a span or a status): those there is something to review on. */
  documents: number;
  /** Documents whose gold is marked done. */
  goldDone: number;
  /** Documents with a span in gold or rejected, their gold not marked done. */
  underReview: number;
  goldSpans: number;
  /** Versions recorded as rejected ("keep neither"), not those passed over for another version. */
  rejected: number;
}

/** One annotator's documents by status; a document without a status row is `todo`. */
export interface Progress {
  annotator: string;
  done: number;
  skipped: number;
  todo: number;
}

/** The spans one annotator gave one label. */
export interface LabelCount {
  label: string;
  annotator: string;
  spans: number;
}

/** How long one label's spans are, in tokens: the five numbers of a box plot, and the mean. */
export interface LengthSummary {
  label: string;
  spans: number;
  min: number;
  lowerQuartile: number;
  median: number;
  upperQuartile: number;
  max: number;
  mean: number;
}

/** What one annotator did on one day: spans created (and still there) and documents marked done. */
export interface PaceDay {
  /** The day, `YYYY-MM-DD`. */
  day: string;
  annotator: string;
  spans: number;
  documents: number;
}

/** A document with its number of spans, over every annotator's layer. */
/** The documents with the most and the fewest spans, and how many more tie with each list's last. */
export interface SpanExtremes {
  most: DocumentSpanCount[];
  fewest: DocumentSpanCount[];
  mostTied: number;
  fewestTied: number;
}

export interface DocumentSpanCount {
  id: string;
  title: string;
  spans: number;
}

/** The annotators whose work the Overview shows: everyone with a span or a status row, and `current` (unless null), sorted. */
export function overviewAnnotators(
  spans: readonly Pick<Span, 'annotator'>[],
  statuses: readonly Pick<DocumentStatus, 'annotator'>[],
  current: string | null,
): string[] {
  const names = new Set<string>(current === null ? [] : [current]);
  for (const row of spans) names.add(row.annotator);
  for (const row of statuses) names.add(row.annotator);
  return [...names].filter((name) => name !== '' && !isReviewLayer(name)).sort(compareText);
}

/** Each annotator's documents done, skipped and still to do, out of `documentIds`. */
export function progressOf(
  documentIds: readonly string[],
  statuses: readonly Pick<DocumentStatus, 'annotator' | 'documentId' | 'status'>[],
  annotators: readonly string[],
): Progress[] {
  const known = new Set(documentIds);
  const counts = new Map<string, Record<Status, number>>(
    annotators.map((name) => [name, { todo: 0, done: 0, skipped: 0 }]),
  );
  for (const row of statuses) {
    const count = counts.get(row.annotator);
    if (count && known.has(row.documentId)) count[row.status]++;
  }
  return annotators.map((annotator) => {
    const { done, skipped } = counts.get(annotator)!;
    return { annotator, done, skipped, todo: known.size - done - skipped };
  });
}

/** The review's progress over `documentIds`: gold done of the documents worked on, those begun, gold spans and rejections. */
export function reviewProgressOf(
  documentIds: readonly string[],
  statuses: readonly Pick<DocumentStatus, 'annotator' | 'documentId' | 'status'>[],
  spans: readonly Pick<Span, 'annotator' | 'documentId' | 'origin'>[],
): ReviewProgress {
  const known = new Set(documentIds);
  const done = new Set<string>();
  const begun = new Set<string>();
  // Out of the documents there is something to review on: those an annotator worked on (a span or a status),
  // not every document (helper-171: "7 of 17" counted five never touched), and any with gold or rejected spans.
  const worked = new Set<string>();
  let goldSpans = 0;
  let rejected = 0;
  for (const row of statuses) {
    if (!known.has(row.documentId)) continue;
    if (!isReviewLayer(row.annotator)) worked.add(row.documentId);
    // A gold summary row that is not "done" says nothing: an undone decision leaves one behind, empty.
    else if (row.annotator === GOLD_ANNOTATOR && row.status === 'done') done.add(row.documentId);
  }
  for (const span of spans) {
    if (!known.has(span.documentId)) continue;
    worked.add(span.documentId);
    if (!isReviewLayer(span.annotator)) continue;
    begun.add(span.documentId);
    if (span.annotator === REJECTED_ANNOTATOR) rejected += passedOver(span) ? 0 : 1;
    else goldSpans++;
  }
  for (const id of done) worked.add(id);
  const underReview = [...begun].filter((id) => !done.has(id)).length;
  return { documents: worked.size, goldDone: done.size, underReview, goldSpans, rejected };
}

/** The labels to show, in order: the label set's, then any other label a span has, in code-unit order. */
export function labelsInOrder(labelSet: readonly string[], spans: readonly Pick<Span, 'label'>[]): string[] {
  const listed = new Set(labelSet);
  const others = new Set<string>();
  for (const span of spans) if (!listed.has(span.label)) others.add(span.label);
  return [...labelSet, ...[...others].sort(compareText)];
}

/** Spans per label per annotator, every pair of `labels` × `annotators` (zeros included), label by label. */
export function labelCountsOf(
  spans: readonly Pick<Span, 'label' | 'annotator'>[],
  labels: readonly string[],
  annotators: readonly string[],
): LabelCount[] {
  const counts = new Map<string, number>();
  const key = (label: string, annotator: string) => `${annotator}\u0000${label}`;
  for (const span of spans)
    counts.set(key(span.label, span.annotator), (counts.get(key(span.label, span.annotator)) ?? 0) + 1);
  return labels.flatMap((label) =>
    annotators.map((annotator) => ({ label, annotator, spans: counts.get(key(label, annotator)) ?? 0 })),
  );
}

/**
 * The `p` quantile (0 ≤ p ≤ 1) of ascending `sorted` values, interpolating linearly between the two
 * nearest ranks (R's type 7, d3's `quantileSorted`, NumPy's default); NaN when empty.
 * @see https://en.wikipedia.org/wiki/Quantile#Estimating_quantiles_from_a_sample
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * p;
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

/**
 * How many of `tokens` (in text order) [start, end) touches: a span over part of a word counts
 * that word. Offsets in code points.
 */
export function tokensCovered(tokens: readonly TokenRange[], start: number, end: number): number {
  // The first token ending after `start`, by bisection.
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle].end <= start) low = middle + 1;
    else high = middle;
  }
  let count = 0;
  for (let index = low; index < tokens.length && tokens[index].start < end; index++) count++;
  return count;
}

/** Each label's span lengths in tokens (`tokens.ts`), in the order of `labels`; labels without spans are left out. */
export function spanLengthsOf(
  documents: readonly Pick<Document, 'id' | 'text'>[],
  spans: readonly Pick<Span, 'documentId' | 'start' | 'end' | 'label'>[],
  labels: readonly string[],
): LengthSummary[] {
  const texts = new Map(documents.map((document) => [document.id, document.text]));
  const tokens = new Map<string, TokenRange[]>();
  const lengths = new Map<string, number[]>();
  for (const span of spans) {
    const text = texts.get(span.documentId);
    if (text === undefined) continue;
    let documentTokens = tokens.get(span.documentId);
    if (!documentTokens) tokens.set(span.documentId, (documentTokens = tokenize(text)));
    let list = lengths.get(span.label);
    if (!list) lengths.set(span.label, (list = []));
    list.push(tokensCovered(documentTokens, span.start, span.end));
  }
  return labels.flatMap((label) => {
    const sorted = (lengths.get(label) ?? []).sort((left, right) => left - right);
    if (sorted.length === 0) return [];
    return [
      {
        label,
        spans: sorted.length,
        min: sorted[0],
        lowerQuartile: quantile(sorted, 0.25),
        median: quantile(sorted, 0.5),
        upperQuartile: quantile(sorted, 0.75),
        max: sorted[sorted.length - 1],
        mean: sorted.reduce((sum, length) => sum + length, 0) / sorted.length,
      },
    ];
  });
}

/** The local calendar day of an epoch-milliseconds time, `YYYY-MM-DD`. */
export function localDay(time: number): string {
  const date = new Date(time);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** Every day from `first` to `last` (both `YYYY-MM-DD`, first ≤ last), in order. */
export function daysBetween(first: string, last: string): string[] {
  const toTime = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8)));
  const days: string[] = [];
  for (let time = toTime(first); time <= toTime(last); time += 86_400_000)
    days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

/**
 * Each annotator's spans (by the day each was created; not those that came with an imported file,
 * labelled elsewhere before: helper-179 saw a year's work as the import's day) and documents
 * finished (by the day each was marked done, `DocumentStatus.finished`) per day, every day from the
 * first to the last with either, zeros included; day by day, annotators in the order given. `dayOf`
 * names a time's day.
 */
export function paceOf(
  spans: readonly Pick<Span, 'annotator' | 'created' | 'imported'>[],
  statuses: readonly Pick<DocumentStatus, 'annotator' | 'status' | 'finished'>[],
  annotators: readonly string[],
  dayOf: (time: number) => string = localDay,
): PaceDay[] {
  const wanted = new Set(annotators);
  const counts = new Map<string, { spans: number; documents: number }>();
  const countOf = (day: string, annotator: string) => {
    const key = `${day}\u0000${annotator}`;
    let count = counts.get(key);
    if (!count) counts.set(key, (count = { spans: 0, documents: 0 }));
    return count;
  };
  const days = new Set<string>();
  for (const span of spans) {
    if (!wanted.has(span.annotator) || span.imported) continue;
    const day = dayOf(span.created);
    days.add(day);
    countOf(day, span.annotator).spans++;
  }
  for (const row of statuses) {
    if (!wanted.has(row.annotator) || row.status !== 'done' || row.finished === undefined) continue;
    const day = dayOf(row.finished);
    days.add(day);
    countOf(day, row.annotator).documents++;
  }
  if (days.size === 0) return [];
  const sorted = [...days].sort(compareText);
  return daysBetween(sorted[0], sorted[sorted.length - 1]).flatMap((day) =>
    annotators.map((annotator) => ({
      day,
      annotator,
      ...(counts.get(`${day}\u0000${annotator}`) ?? { spans: 0, documents: 0 }),
    })),
  );
}

/**
 * The documents with the most spans and those with the fewest (over every annotator's layer), at
 * most `size` of each and never one document in both; a tie is never split between them (one
 * document with 9 spans among the most and another among the fewest), and the documents a list has
 * no room for that tie with its last are counted; ties go by list order.
 */
export function spanExtremesOf(
  documents: readonly Pick<Document, 'id' | 'title'>[],
  spans: readonly Pick<Span, 'documentId'>[],
  size = 5,
): SpanExtremes {
  const counts = new Map<string, number>();
  for (const span of spans) counts.set(span.documentId, (counts.get(span.documentId) ?? 0) + 1);
  const listed = documents.map((document, order) => ({
    id: document.id,
    title: document.title,
    spans: counts.get(document.id) ?? 0,
    order,
  }));
  const each = Math.min(size, Math.floor(listed.length / 2));
  const strip = ({ id, title, spans }: DocumentSpanCount) => ({ id, title, spans });
  const most = [...listed].sort((left, right) => right.spans - left.spans || left.order - right.order);
  const fewest = [...listed].sort((left, right) => left.spans - right.spans || left.order - right.order);
  if (listed.length === 1) return { most: [strip(listed[0])], fewest: [], mostTied: 0, fewestTied: 0 };
  // A tie is never split between the lists: the most are above the lowest count, the fewest below
  // the lowest of the most (with no span yet, none has the most). A list's last count that ties
  // with documents it has no room for says how many more have it.
  const lowest = fewest[0]?.spans ?? 0;
  const top = most.filter((entry) => entry.spans > lowest);
  const shown = top.slice(0, each);
  const floor = Math.min(Infinity, ...shown.map((entry) => entry.spans));
  const bottom = fewest.filter((entry) => entry.spans < floor);
  const shownFewest = bottom.slice(0, each);
  return {
    most: shown.map(strip),
    fewest: shownFewest.map(strip),
    mostTied: tiedBeyond(top, each),
    fewestTied: tiedBeyond(bottom, each),
  };
}

/** How many of `sorted` past its first `size` tie with the last of those (0 when none). */
function tiedBeyond(sorted: readonly { spans: number }[], size: number): number {
  const last = sorted[size - 1];
  return last === undefined ? 0 : sorted.slice(size).filter((entry) => entry.spans === last.spans).length;
}

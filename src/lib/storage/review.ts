/**
 * The review's storage: the layers it compares, read whole per annotator and kept live, and a
 * decision written into the gold layer in one transaction. A "neither" decision keeps the versions
 * it rejects as spans of the rejected layer (`REJECTED_ANNOTATOR`), so a rejected difference counts
 * as decided and survives a reload, a backup and a label rename like any span. Every decision
 * answers with the change it made, which its undo takes back.
 */
import { liveQuery } from 'dexie';
import { CodePointIndex } from '../model/offsets';
import { samePlace, type SpanPlace } from '../model/spanIdentity';
import {
  GOLD_ANNOTATOR,
  REJECTED_ANNOTATOR,
  type Document,
  type DocumentStatus,
  type Span,
  type SpanOrigin,
} from '../model/types';
import type { SpanwrightDatabase } from './database';
import { deleteSpans, putSpans, putTables, sameWork } from './spans';

/** Every span of `annotator`'s layer, live. */
export function watchAnnotatorSpans(database: SpanwrightDatabase, annotator: string) {
  return liveQuery(() => database.spans.where('annotator').equals(annotator).toArray());
}

/** Every summary row of `annotator`, live. */
export function watchAnnotatorSummaries(database: SpanwrightDatabase, annotator: string) {
  return liveQuery<DocumentStatus[]>(() => database.statuses.where('annotator').equals(annotator).toArray());
}

/** A decision on one difference of one document, as the review worked it out. */
export interface GoldDecision {
  document: Pick<Document, 'id' | 'text'>;
  /** Spans that are in gold afterwards, each with where it came from. */
  keep: { place: SpanPlace; origin: SpanOrigin }[];
  /** Spans that are not in gold afterwards (the versions not kept). */
  drop: SpanPlace[];
  /** Of the dropped ones, those recorded as rejected (a "neither"), with the decision's origin. */
  reject: { place: SpanPlace; origin: SpanOrigin }[];
  /** Spans no longer rejected (a new decision on a difference that was "neither"). */
  unreject: SpanPlace[];
  /**
   * Decided again over a version drawn since the last decision: the kept spans are written again with this
   * decision's time even where the decision on them is the same, so the difference counts as decided after it.
   */
  renew?: boolean;
}

/** What a decision changed in the gold and rejected layers: its undo puts `removed` back and takes `added` away. */
export interface GoldChange {
  added: Span[];
  removed: Span[];
}

/** Writes a decision into the gold (and rejected) layers of its document, in one transaction. */
/**
 * The id of the review's span at `place`: one per place and label, so two reviewers deciding the
 * same difference at once (team sync) write the same span, and the later decision is the one kept.
 */
export function reviewSpanId(annotator: string, documentId: string, place: SpanPlace): string {
  return `${annotator}:${place.start}-${place.end}:${place.label}:${documentId}`;
}

/**
 * True when a stored span's origin says what `next` says: the same kind of decision on the same
 * annotators' spans, and the same note or none given. Who decided and when do not count, so the
 * same key pressed again changes nothing (and its note stays).
 */
export function sameDecision(stored: SpanOrigin | undefined, next: SpanOrigin): boolean {
  return (
    stored !== undefined &&
    stored.kind === next.kind &&
    stored.annotators.join('\n') === next.annotators.join('\n') &&
    (next.note === undefined || stored.note === next.note)
  );
}

export async function decideInGold(
  database: SpanwrightDatabase,
  decision: GoldDecision,
  now = Date.now(),
): Promise<GoldChange> {
  const { document } = decision;
  const index = new CodePointIndex(document.text);
  const quote = (place: SpanPlace) => document.text.slice(index.toUtf16(place.start), index.toUtf16(place.end));
  return database.transaction('rw', putTables(database), async () => {
    const [gold, rejected] = await reviewSpansOf(database, document.id);
    const added: Span[] = [];
    const removed: Span[] = [];
    const make = (annotator: string, place: SpanPlace, origin: SpanOrigin): Span => ({
      id: reviewSpanId(annotator, document.id, place),
      documentId: document.id,
      annotator,
      start: place.start,
      end: place.end,
      label: place.label,
      text: quote(place),
      created: now,
      updated: now,
      origin,
    });
    // One span per place and label (its id says so): a second keep of the same place replaces the first.
    const add = (span: Span) => {
      const index = added.findIndex((other) => other.id === span.id);
      if (index >= 0) added[index] = span;
      else added.push(span);
    };
    for (const { place, origin } of decision.keep) {
      // A place gold keeps is rejected no more (an agreement going in over a version passed over before).
      removed.push(...rejected.filter((span) => samePlace(span, place)));
      const stored = gold.filter((span) => samePlace(span, place));
      // A kept span already in gold is replaced only when the decision on it changes.
      if (stored.length === 1 && sameDecision(stored[0].origin, origin) && !decision.renew) continue;
      removed.push(...stored);
      add(make(GOLD_ANNOTATOR, place, origin));
    }
    const kept = (place: SpanPlace) => decision.keep.some((entry) => samePlace(entry.place, place));
    for (const place of decision.drop) if (!kept(place)) removed.push(...gold.filter((span) => samePlace(span, place)));
    for (const place of decision.unreject) removed.push(...rejected.filter((span) => samePlace(span, place)));
    for (const { place, origin } of decision.reject) {
      const stored = rejected.filter((span) => samePlace(span, place));
      if (stored.length === 1 && sameDecision(stored[0].origin, origin) && !removed.includes(stored[0])) continue;
      removed.push(...stored.filter((span) => !removed.includes(span)));
      add(make(REJECTED_ANNOTATOR, place, origin));
    }
    const change = { added, removed: [...new Set(removed)] };
    await applyChange(database, change, now);
    return change;
  });
}

/**
 * Applies a change (`added` stored, `removed` deleted), or takes it back with `undo`, in one
 * transaction; resolves false, changing nothing, when the gold and rejected spans at the places it
 * touches are no longer as it left them (decided again since, in another tab or by the team): an
 * undo or redo must not take away or undo a later decision.
 */
export async function applyGoldChange(
  database: SpanwrightDatabase,
  change: GoldChange,
  undo: boolean,
  now = Date.now(),
): Promise<boolean> {
  const [from, to] = undo ? [change.added, change.removed] : [change.removed, change.added];
  const touched = [...change.added, ...change.removed];
  if (touched.length === 0) return true;
  return database.transaction('rw', putTables(database), async () => {
    const stored = await reviewSpansOf(database, touched[0].documentId);
    const there = stored.flat().filter((span) => touched.some((place) => samePlace(span, place)));
    if (!sameSpans(there, from)) return false;
    await applyChange(database, { added: to, removed: from }, now);
    return true;
  });
}

/** True when `stored` are `expected`: the same ids, each with the same work and the same decision. */
function sameSpans(stored: readonly Span[], expected: readonly Span[]): boolean {
  const byId = new Map(stored.map((span) => [span.id, span]));
  return (
    stored.length === expected.length &&
    expected.every((span) => {
      const found = byId.get(span.id);
      return found !== undefined && sameWork(found, span) && sameOrigin(found.origin, span.origin);
    })
  );
}

/** The same decision ({@link sameDecision}) with the same note, or none on both. */
const sameOrigin = (stored: SpanOrigin | undefined, written: SpanOrigin | undefined) =>
  written === undefined
    ? stored === undefined
    : sameDecision(stored, written) && (stored?.note ?? '') === (written.note ?? '');

/** The gold and the rejected spans of a document, in one read each (inside the caller's transaction). */
function reviewSpansOf(database: SpanwrightDatabase, documentId: string): Promise<Span[][]> {
  return Promise.all(
    [GOLD_ANNOTATOR, REJECTED_ANNOTATOR].map((annotator) =>
      database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray(),
    ),
  );
}

async function applyChange(database: SpanwrightDatabase, change: GoldChange, now: number): Promise<void> {
  if (change.removed.length > 0)
    await deleteSpans(
      database,
      change.removed.map((span) => span.id),
      now,
    );
  if (change.added.length > 0) await putSpans(database, change.added, now);
}

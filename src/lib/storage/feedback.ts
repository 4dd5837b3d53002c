/**
 * Feedback to annotators, in storage: the file a reviewer sends (built from an annotator's layers
 * and the review's gold and rejected layers, see `model/feedback.ts`), what importing one would
 * do, the import itself (one transaction setting `feedback` on the matching spans, never creating
 * or deleting one), and the marked spans an annotator steps through.
 */
import {
  feedbackEntryLine,
  feedbackHeaderLine,
  type FeedbackEntry,
  type FeedbackFile,
  type FeedbackHeader,
} from '../formats/feedbackFile';
import { documentVerdicts, isMarked, type Verdict } from '../model/feedback';
import { groupBy } from '../model/groupBy';
import { layerKey } from '../model/layerKey';
import { workedOn } from '../model/reliability';
import { compareSpans } from '../model/spanOrder';
import { GOLD_ANNOTATOR, REJECTED_ANNOTATOR, type Span, type SpanFeedback } from '../model/types';
import type { SpanwrightDatabase } from './database';
import { rewriteSpans, writeTables } from './spans';

/** A built feedback file and what it holds. */
export interface FeedbackBuild {
  blob: Blob;
  /** Span lines written. */
  spans: number;
  /** Documents they are in. */
  documents: number;
  /** The annotator's spans in those documents left out: gold has nothing over them yet and they were not rejected. */
  undecided: number;
}

const byDocument = (spans: readonly Span[]) => groupBy(spans, (span) => span.documentId);

const isoDate = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/**
 * The entries of `annotator`'s feedback: every span of theirs in a document the review decided
 * something in, with its verdict, documents in list order, spans in reading order. Read in one transaction.
 */
async function feedbackEntries(
  database: SpanwrightDatabase,
  annotator: string,
): Promise<{ entries: FeedbackEntry[]; documents: number; undecided: number }> {
  const { mine, gold, rejected, goldStatuses, documents } = await database.transaction(
    'r',
    [database.spans, database.statuses, database.documents],
    async () => {
      const [all, gold, rejected, goldStatuses, skipped] = await Promise.all([
        database.spans.where('annotator').equals(annotator).toArray(),
        database.spans.where('annotator').equals(GOLD_ANNOTATOR).toArray(),
        database.spans.where('annotator').equals(REJECTED_ANNOTATOR).toArray(),
        database.statuses.where('annotator').equals(GOLD_ANNOTATOR).toArray(),
        database.statuses
          .where('annotator')
          .equals(annotator)
          .filter((row) => !workedOn(row))
          .primaryKeys(),
      ]);
      // A document the annotator skipped is no example of theirs: the review did not weigh their spans there.
      const passed = new Set(skipped.map(([, documentId]) => documentId));
      const mine = all.filter((span) => !passed.has(span.documentId));
      const ids = [...new Set(mine.map((span) => span.documentId))];
      const documents = (await database.documents.bulkGet(ids)).filter((document) => document !== undefined);
      return { mine, gold, rejected, goldStatuses, documents };
    },
  );
  const mineByDocument = byDocument(mine);
  const goldByDocument = byDocument(gold);
  const rejectedByDocument = byDocument(rejected);
  const statused = new Set(goldStatuses.map((status) => status.documentId));
  const done = new Map(
    goldStatuses
      .filter((status) => status.status === 'done')
      .map((status) => [status.documentId, status.finished] as const),
  );
  const entries: FeedbackEntry[] = [];
  let documentCount = 0;
  let undecided = 0;
  for (const document of documents.sort((left, right) => left.order - right.order)) {
    const own = mineByDocument.get(document.id) ?? [];
    const verdicts = documentVerdicts({
      spans: own,
      gold: goldByDocument.get(document.id) ?? [],
      rejected: rejectedByDocument.get(document.id) ?? [],
      goldStatus: statused.has(document.id),
      goldDone: done.has(document.id),
      goldDoneAt: done.get(document.id),
    });
    if (verdicts !== null) undecided += own.length - verdicts.length;
    if (verdicts === null || verdicts.length === 0) continue;
    documentCount++;
    for (const verdict of verdicts)
      entries.push({
        documentId: document.id,
        title: document.title,
        ...verdict.span,
        verdict: verdict.verdict,
        to: verdict.to,
        note: verdict.note,
        by: verdict.by,
        at: isoDate(verdict.at),
      });
  }
  return { entries, documents: documentCount, undecided };
}

/** The feedback file for `annotator` from `reviewer` (see `feedbackEntries`). */
export async function buildFeedbackFile(
  database: SpanwrightDatabase,
  annotator: string,
  reviewer: string,
  now = new Date(),
): Promise<FeedbackBuild> {
  const { entries, documents, undecided } = await feedbackEntries(database, annotator);
  const header: FeedbackHeader = { annotator, reviewer, created: now.toISOString() };
  const parts = [`${feedbackHeaderLine(header)}\n`, ...entries.map((entry) => `${feedbackEntryLine(entry)}\n`)];
  return { blob: new Blob(parts, { type: 'application/jsonl' }), spans: entries.length, documents, undecided };
}

/** What taking the verdicts from the gold this copy holds did (`feedbackFromGold`). */
export interface GoldFeedback {
  /** Spans with a verdict now, by verdict, and the documents they are in. */
  verdicts: Record<Verdict, number>;
  documents: number;
  /** Spans in reviewed documents not decided yet. */
  undecided: number;
  /** Spans whose feedback this changed: set anew, or cleared. */
  updated: number;
  /** Spans whose earlier verdict the review no longer gives (taken back, or the document's review undone): cleared. */
  cleared: number;
  /** Spans that had a verdict and now have another. */
  revised: number;
}

/** The same verdict, target, note and reviewer (when the verdict was reached may differ: a left-out span's is the press). */
function sameVerdict(left: SpanFeedback | undefined, right: SpanFeedback): boolean {
  return (
    left !== undefined &&
    left.verdict === right.verdict &&
    left.reviewer === right.reviewer &&
    (left.note ?? '') === (right.note ?? '') &&
    JSON.stringify(left.to ?? []) === JSON.stringify(right.to ?? [])
  );
}

/**
 * Gives `annotator`'s spans the verdicts of the gold this copy holds (with team sync on, gold reaches
 * every member, so an annotator need not wait for a file), in one transaction: a span with a new or
 * changed verdict gets it, as importing their feedback file would; a span whose earlier verdict the
 * review no longer gives loses it; the rest are not written (nothing new to send the team).
 * `reviewer` names who decided where a gold span does not say.
 */
export async function feedbackFromGold(
  database: SpanwrightDatabase,
  annotator: string,
  reviewer: string,
  now = new Date(),
): Promise<GoldFeedback> {
  const { entries, documents, undecided } = await feedbackEntries(database, annotator);
  const file: FeedbackFile = {
    header: { annotator, reviewer, created: now.toISOString() },
    entries: entries.map((entry, index) => ({ line: index + 2, entry })),
  };
  return database.transaction('rw', writeTables(database), async () => {
    // The layer read once: matched against the verdicts, and what they no longer mark found in it.
    const layer = await database.spans.where('annotator').equals(annotator).toArray();
    const decided = new Set<string>();
    let revised = 0;
    const written = new Map<string, Span>();
    for (const { entry, spans } of match(file, byLayer(layer))) {
      const feedback = feedbackOf(entry, file.header);
      for (const span of spans) {
        decided.add(span.id);
        if (sameVerdict(span.feedback, feedback)) continue;
        if (span.feedback) revised++;
        written.set(span.id, { ...span, feedback });
      }
    }
    let cleared = 0;
    for (const { feedback, ...span } of layer) {
      if (feedback === undefined || decided.has(span.id)) continue;
      written.set(span.id, span);
      cleared++;
    }
    await rewriteSpans(database, [...written.values()], now.getTime());
    return { verdicts: verdictCounts(entries), documents, undecided, updated: written.size, cleared, revised };
  });
}

/** An entry of the file that matches no span of the annotator's layer any more. */
export interface MissingFeedback {
  line: number;
  documentId: string;
  title: string;
  start: number;
  end: number;
  label: string;
  text: string;
}

/** What importing a feedback file would do, said before the user confirms. */
export interface FeedbackPreview {
  annotator: string;
  reviewer: string;
  /** Span lines in the file. */
  spans: number;
  /** Documents they are in. */
  documents: number;
  verdicts: Record<Verdict, number>;
  /** Entries that match a span of the annotator's layer (same document, place and label). */
  found: number;
  /** Entries that match none (the span changed since), every one. */
  missing: MissingFeedback[];
}

/** What an import of feedback did. */
export interface FeedbackResult {
  /** Spans given feedback. */
  updated: number;
  /** Entries that matched no span. */
  missing: number;
}

/** The feedback an entry gives its span. */
export function feedbackOf(entry: FeedbackEntry, header: FeedbackHeader): SpanFeedback {
  const at = Date.parse(entry.at ?? header.created);
  const feedback: SpanFeedback = {
    verdict: entry.verdict,
    reviewer: entry.by ?? header.reviewer,
    at: Number.isNaN(at) ? Date.parse(header.created) : at,
  };
  if (entry.to !== null) feedback.to = [{ start: entry.to.start, end: entry.to.end, label: entry.to.label }];
  if (entry.note !== null && entry.note !== '') feedback.note = entry.note;
  return feedback;
}

/** The annotator's layers the file names, by layer key. */
async function layersOf(database: SpanwrightDatabase, file: FeedbackFile): Promise<Map<string, Span[]>> {
  const annotator = file.header.annotator;
  const keys = [...new Set(file.entries.map(({ entry }) => entry.documentId))].map(
    (documentId) => [documentId, annotator] as [string, string],
  );
  if (keys.length === 0) return new Map();
  return byLayer(await database.spans.where('[documentId+annotator]').anyOf(keys).toArray());
}

/** Spans grouped by their layer (`layerKey`). */
const byLayer = (spans: readonly Span[]) => groupBy(spans, (span) => layerKey(span.documentId, span.annotator));

/** How many entries give each verdict. */
function verdictCounts(entries: Iterable<FeedbackEntry>): Record<Verdict, number> {
  const verdicts: Record<Verdict, number> = { kept: 0, changed: 0, removed: 0 };
  for (const entry of entries) verdicts[entry.verdict]++;
  return verdicts;
}

/** Each entry with the spans of the annotator's layer it matches (same document, start, end and label). */
function match(file: FeedbackFile, layers: Map<string, Span[]>) {
  return file.entries.map(({ line, entry }) => ({
    line,
    entry,
    spans: (layers.get(layerKey(entry.documentId, file.header.annotator)) ?? []).filter(
      (span) => span.start === entry.start && span.end === entry.end && span.label === entry.label,
    ),
  }));
}

/** What importing `file` would do; nothing is stored. */
export async function previewFeedback(database: SpanwrightDatabase, file: FeedbackFile): Promise<FeedbackPreview> {
  const matched = match(file, await layersOf(database, file));
  return {
    annotator: file.header.annotator,
    reviewer: file.header.reviewer,
    spans: file.entries.length,
    documents: new Set(file.entries.map(({ entry }) => entry.documentId)).size,
    verdicts: verdictCounts(file.entries.map(({ entry }) => entry)),
    found: matched.filter((item) => item.spans.length > 0).length,
    missing: matched
      .filter((item) => item.spans.length === 0)
      .map(({ line, entry }) => ({
        line,
        documentId: entry.documentId,
        title: entry.title,
        start: entry.start,
        end: entry.end,
        label: entry.label,
        text: entry.text,
      })),
  };
}

/**
 * Sets each entry's feedback on the spans of the annotator's layer it matches, in one transaction
 * (spans are matched again inside it). No span is created or deleted; entries matching none are counted.
 */
export async function applyFeedback(
  database: SpanwrightDatabase,
  file: FeedbackFile,
  now = Date.now(),
): Promise<FeedbackResult> {
  return database.transaction('rw', writeTables(database), async () => {
    const matched = match(file, await layersOf(database, file));
    const updated = new Map<string, Span>();
    for (const { entry, spans } of matched) {
      const feedback = feedbackOf(entry, file.header);
      for (const span of spans) updated.set(span.id, { ...span, feedback });
    }
    await rewriteSpans(database, [...updated.values()], now);
    return { updated: updated.size, missing: matched.filter((item) => item.spans.length === 0).length };
  });
}

/** A span of the annotator's layer with feedback to look at, with its document's place in the list. */
export interface MarkedSpan {
  documentId: string;
  /** The document's `order` in the list. */
  order: number;
  id: string;
  start: number;
  end: number;
  label: string;
}

/** The annotator's marked spans (see `isMarked`), in list order of their documents, then reading order. */
export async function markedSpans(database: SpanwrightDatabase, annotator: string): Promise<MarkedSpan[]> {
  return database.transaction('r', [database.spans, database.documents], async () => {
    const spans = await database.spans
      .where('annotator')
      .equals(annotator)
      .filter((span) => isMarked(span.feedback))
      .toArray();
    const ids = [...new Set(spans.map((span) => span.documentId))];
    const orders = new Map<string, number>();
    (await database.documents.bulkGet(ids)).forEach((document) => {
      if (document) orders.set(document.id, document.order);
    });
    return spans
      .filter((span) => orders.has(span.documentId))
      .sort(
        (left, right) =>
          (orders.get(left.documentId) ?? 0) - (orders.get(right.documentId) ?? 0) || compareSpans(left, right),
      )
      .map((span) => ({
        documentId: span.documentId,
        order: orders.get(span.documentId) ?? 0,
        id: span.id,
        start: span.start,
        end: span.end,
        label: span.label,
      }));
  });
}

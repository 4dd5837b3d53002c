import { layerKey, parseLayerKey } from '../model/layerKey';
import { compareSpans, compareText } from '../model/spanOrder';
import type { DocumentStatus, Span, Status } from '../model/types';
import { logChange } from './changes';
import type { SpanwrightDatabase } from './database';
import { batchesOf } from './requestBatches';
import { storedTwin, withoutTwins } from './spanTwins';

/** What a caller supplies to create a span; `created` and `origin` only for one put back as it was (the journal's replay). */
export type NewSpan = Omit<Span, 'id' | 'created' | 'updated'> & { id?: string; created?: number };

function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** A token for a new state of a layer (see `DocumentStatus.revision`). */
export function newRevision(): string {
  return newId();
}

/** The spans of one annotator's layer of one document, in reading order (`model/spanOrder.ts`). */
export async function layerSpans(database: SpanwrightDatabase, documentId: string, annotator: string): Promise<Span[]> {
  const spans = await database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
  return spans.sort(compareSpans);
}

/**
 * The summary row of a layer holding `spans` (count and distinct labels), with a new revision.
 * `status` is the layer's status; `finished`, when it became done (kept only while it is done).
 */
export function summarize(
  annotator: string,
  documentId: string,
  spans: readonly { label: string }[],
  status: Status,
  now: number,
  finished?: number,
): DocumentStatus {
  return {
    annotator,
    documentId,
    status,
    spanCount: spans.length,
    labels: [...new Set(spans.map((span) => span.label))].sort(compareText),
    updated: now,
    ...(status === 'done' && finished !== undefined ? { finished } : {}),
    revision: newRevision(),
  };
}

/** When a layer whose summary was `existing` is done as of a write at `now` that sets `status`. */
function finishedTime(existing: DocumentStatus | undefined, status: Status, now: number): number | undefined {
  if (status !== 'done') return undefined;
  return existing?.status === 'done' ? existing.finished : now;
}

/** True when two summaries say the same of their layer (status, count, labels), whatever their revisions. */
export function sameSummary(left: DocumentStatus, right: DocumentStatus): boolean {
  return (
    left.status === right.status &&
    left.spanCount === right.spanCount &&
    left.labels.length === right.labels.length &&
    left.labels.every((label, index) => label === right.labels[index])
  );
}

/**
 * Recomputes the summary row of a layer (span count, labels present); call inside the write
 * transaction that changed the layer.
 */
export async function refreshSummary(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
  now: number,
  status?: Status,
): Promise<DocumentStatus> {
  const [spans, existing] = await Promise.all([
    database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray(),
    database.statuses.get([annotator, documentId]),
  ]);
  const kept = status ?? existing?.status ?? 'todo';
  const finished = status === undefined ? existing?.finished : finishedTime(existing, status, now);
  const summary = summarize(annotator, documentId, spans, kept, now, finished);
  await database.statuses.put(summary);
  return summary;
}

/**
 * Adjusts a layer's summary after spans with `added` labels were stored and spans with `removed`
 * labels were deleted (or relabelled away), without reading the layer: the count moves by the
 * difference, and a removed label stays listed only while the label index still has a key for it.
 * Call inside the write transaction, after the writes.
 */
async function adjustSummary(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
  added: readonly string[],
  removed: readonly string[],
  now: number,
  /** The summary row when the caller has already read it (undefined: read it here). */
  known?: DocumentStatus | undefined | null,
): Promise<DocumentStatus> {
  const existing = known === undefined ? await database.statuses.get([annotator, documentId]) : (known ?? undefined);
  if (!existing) return refreshSummary(database, documentId, annotator, now);
  const labels = new Set(existing.labels);
  for (const label of added) labels.add(label);
  for (const label of new Set(removed)) {
    if (
      !added.includes(label) &&
      (await database.spans.where('[documentId+annotator+label]').equals([documentId, annotator, label]).count()) === 0
    )
      labels.delete(label);
  }
  const summary: DocumentStatus = {
    ...existing,
    spanCount: existing.spanCount + added.length - removed.length,
    labels: [...labels].sort(compareText),
    updated: now,
    revision: newRevision(),
  };
  await database.statuses.put(summary);
  return summary;
}

/** Groups spans by layer and adjusts each layer's summary. */
async function adjustLayers(
  database: SpanwrightDatabase,
  added: readonly Span[],
  removed: readonly Span[],
  now: number,
): Promise<void> {
  const layers = new Map<string, { documentId: string; annotator: string; added: string[]; removed: string[] }>();
  const layerOf = (span: Span) => {
    const key = layerKey(span.documentId, span.annotator);
    let layer = layers.get(key);
    if (!layer) {
      layer = { documentId: span.documentId, annotator: span.annotator, added: [], removed: [] };
      layers.set(key, layer);
    }
    return layer;
  };
  for (const span of added) layerOf(span).added.push(span.label);
  for (const span of removed) layerOf(span).removed.push(span.label);
  for (const layer of layers.values())
    await adjustSummary(database, layer.documentId, layer.annotator, layer.added, layer.removed, now);
  await logChange(
    database,
    [...layers.values()].map((layer) => [layer.annotator, layer.documentId] as const),
  );
}

/**
 * Refreshes the summaries of the layers `spans` were written to or taken from, and tells the change
 * log (inside the write transaction: a label's rename, merge, deletion or their undo).
 */
export async function refreshLayersOf(
  database: SpanwrightDatabase,
  spans: readonly Span[],
  now: number,
): Promise<void> {
  const layers = [...new Set(spans.map((span) => layerKey(span.documentId, span.annotator)))].map(parseLayerKey);
  for (const { documentId, annotator } of layers) await refreshSummary(database, documentId, annotator, now);
  await logChange(
    database,
    layers.map(({ documentId, annotator }) => [annotator, documentId] as const),
  );
}

/** The tables every layer write touches: the spans, their summaries, and the change log. */
export function writeTables(database: SpanwrightDatabase) {
  return [database.spans, database.statuses, database.changes];
}

/** Stores a new span; resolves once it is committed. */
export async function createSpan(database: SpanwrightDatabase, input: NewSpan, now = Date.now()): Promise<Span> {
  const created = await createSpanInLayer(database, input, now);
  if ('refused' in created) throw new Error(`not stored: ${created.refused === 'twin' ? 'a twin' : 'no such label'}`);
  return created.span;
}

/**
 * What {@link createSpanInLayer} did: stored the span, and which state of its layer it turned into
 * which; or stored nothing, because the layer holds its `twin` already, or its label is gone (renamed
 * or removed a moment before, in another tab: a span must not be stored under a name no label has).
 */
export type Created =
  | { span: Span; previous: string | undefined; revision: string | undefined }
  | { refused: 'twin'; twin: Span }
  | { refused: 'label' };

/**
 * Stores a new span: a tab that showed revision `previous` and adds the span itself shows revision
 * `revision` without reading the layer. Not when its twin or its label's absence says otherwise.
 */
export async function createSpanInLayer(
  database: SpanwrightDatabase,
  input: NewSpan,
  now = Date.now(),
): Promise<Created> {
  const span: Span = { ...input, id: input.id ?? newId(), created: input.created ?? now, updated: now };
  return database.transaction('rw', [...writeTables(database), database.labels], async () => {
    // The span, its layer's summary, the change log and the checks are independent: one round trip for all.
    const [, existing, , label, twin] = await Promise.all([
      database.spans.add(span),
      database.statuses.get([span.annotator, span.documentId]),
      logChange(database, [[span.annotator, span.documentId]]),
      database.labels.get(span.label),
      storedTwin(database, span),
    ]);
    if (twin || !label) {
      await database.spans.delete(span.id);
      return twin ? { refused: 'twin', twin } : { refused: 'label' };
    }
    const summary = await adjustSummary(
      database,
      span.documentId,
      span.annotator,
      [span.label],
      [],
      now,
      existing ?? null,
    );
    return { span, previous: existing?.revision, revision: summary.revision };
  });
}

/**
 * One annotator's layer of one document as stored, with its revision and status, read in one
 * transaction (so the spans are the layer as of that revision).
 */
export async function readLayer(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
): Promise<{ spans: Span[]; revision: string | undefined; status: Status | undefined }> {
  return database.transaction('r', writeTables(database), async () => {
    const [spans, summary] = await Promise.all([
      layerSpans(database, documentId, annotator),
      database.statuses.get([annotator, documentId]),
    ]);
    return { spans, revision: summary?.revision, status: summary?.status };
  });
}

/** The tables {@link putSpans} reads and writes: a layer write's, and the documents (their keys only). */
export function putTables(database: SpanwrightDatabase) {
  return [...writeTables(database), database.documents];
}

/**
 * Stores spans exactly as given (undo of a delete, redo of a create), but for those whose document
 * is gone (a restore or another tab removed it): a span never outlives its document, or no backup
 * could be restored again; and for twins of spans stored meanwhile (another tab made the same span).
 * Resolves with the spans left out: `gone` (their document) and `twins`.
 */
export async function putSpans(
  database: SpanwrightDatabase,
  spans: readonly Span[],
  now = Date.now(),
  fresh = false,
): Promise<{ gone: Span[]; twins: Span[] }> {
  return database.transaction('rw', putTables(database), async () => {
    const documentIds = [...new Set(spans.map((span) => span.documentId))];
    const stored = new Set(await database.documents.where(':id').anyOf(documentIds).primaryKeys());
    const gone = spans.filter((span) => !stored.has(span.documentId));
    // `fresh`: ids just made for places its caller found free in this transaction (an accept of thousands).
    const { kept, twins } = fresh
      ? { kept: spans.filter((span) => stored.has(span.documentId)), twins: [] }
      : await withoutTwins(
          database,
          spans.filter((span) => stored.has(span.documentId)),
        );
    // Thousands at once (an accept-all, its undo) are written a batch of requests at a time.
    const replaced: Span[] = [];
    for (const batch of batchesOf(kept)) {
      // `fresh`: nothing stored is replaced, so nothing is read first.
      if (!fresh)
        for (const span of await database.spans.bulkGet(batch.map((span) => span.id))) if (span) replaced.push(span);
      await database.spans.bulkPut(batch.map((span) => ({ ...span })));
    }
    await adjustLayers(database, kept, replaced, now);
    return { gone, twins };
  });
}

/**
 * Removes spans by id; resolves with the spans that were removed. With `asWritten`, a span is
 * removed only while it is as given there (an undo must not take away what another tab or the team
 * has made of it since: another label, other bounds, a note).
 */
export async function deleteSpans(
  database: SpanwrightDatabase,
  ids: readonly string[],
  now = Date.now(),
  asWritten?: readonly Span[],
): Promise<Span[]> {
  const written = new Map(asWritten?.map((span) => [span.id, span]));
  return database.transaction('rw', writeTables(database), async () => {
    const found: Span[] = [];
    for (const batch of batchesOf(ids)) {
      const here = (await database.spans.bulkGet(batch)).filter(
        (span): span is Span => span !== undefined && (!asWritten || sameWork(span, written.get(span.id))),
      );
      await database.spans.bulkDelete(here.map((span) => span.id));
      found.push(...here);
    }
    await adjustLayers(database, [], found, now);
    return found;
  });
}

/** Whether `stored` holds the work `written` does: label, bounds, note and example mark. */
export const sameWork = (stored: Span, written: Span | undefined) =>
  written !== undefined &&
  stored.label === written.label &&
  stored.start === written.start &&
  stored.end === written.end &&
  (stored.note ?? '') === (written.note ?? '') &&
  stored.example === written.example;

/**
 * A relabel's outcome: the span before and after. Nothing written (`after` is `before`) when the
 * layer holds its `twin` at the new label already, or no label has that name any more (`labelGone`:
 * renamed or removed a moment before in another tab), or (with `from`) it was relabelled since.
 */
export type Relabelled = { before: Span; after: Span; twin?: Span; labelGone?: true };

/**
 * Changes a span's label; resolves with the {@link Relabelled} outcome, or null if the span is gone.
 * With `from` (an undo or redo), only while the stored label is still `from`: otherwise nothing is
 * written (another tab or the team relabelled it since, and that stays).
 */
export async function relabelSpan(
  database: SpanwrightDatabase,
  id: string,
  label: string,
  now = Date.now(),
  from?: string,
): Promise<Relabelled | null> {
  return database.transaction('rw', [...writeTables(database), database.labels], async () => {
    const before = await database.spans.get(id);
    if (!before) return null;
    if (from !== undefined && before.label !== from) return { before, after: before };
    const after: Span = { ...before, label, updated: now };
    const [twin, known] = await Promise.all([storedTwin(database, after), database.labels.get(label)]);
    if (twin || !known) return { before, after: before, ...(twin ? { twin } : { labelGone: true }) };
    await database.spans.put(after);
    await adjustLayers(database, [after], [before], now);
    return { before, after };
  });
}

/**
 * Sets an annotator's status for a document. With `from` (an undo or redo), only while the stored status is still
 * `from` (and, given `finished`, became done then): one another tab set since stays; false when not set.
 */
export async function setStatus(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
  status: Status,
  now = Date.now(),
  from?: Status,
  finished?: number,
): Promise<boolean> {
  return database.transaction('rw', writeTables(database), async () => {
    const stored = from === undefined ? undefined : await database.statuses.get([annotator, documentId]);
    const changed = (stored?.status ?? 'todo') !== from || (finished !== undefined && stored?.finished !== finished);
    if (from !== undefined && changed) return false;
    await Promise.all([
      refreshSummary(database, documentId, annotator, now, status),
      logChange(database, [[annotator, documentId]]),
    ]);
    return true;
  });
}

/**
 * Stores new versions of stored spans whose place and label stay as they are (a note, feedback):
 * each layer they are in gets a new revision, and the write is logged. Call inside a write
 * transaction over `writeTables`.
 */
export async function rewriteSpans(database: SpanwrightDatabase, spans: readonly Span[], now: number): Promise<void> {
  if (spans.length === 0) return;
  await database.spans.bulkPut(spans.map((span) => ({ ...span })));
  const layers = new Map(spans.map((span) => [layerKey(span.documentId, span.annotator), span] as const));
  const keys = [...layers.values()].map((span) => [span.annotator, span.documentId] as [string, string]);
  const summaries = await database.statuses.bulkGet(keys);
  await Promise.all(
    keys.map(([annotator, documentId], index) => {
      const summary = summaries[index];
      return summary
        ? database.statuses.put({ ...summary, updated: now, revision: newRevision() })
        : refreshSummary(database, documentId, annotator, now);
    }),
  );
  await logChange(database, keys);
}

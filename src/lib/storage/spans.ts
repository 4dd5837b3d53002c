import type { DocumentStatus, Span, Status } from '../model/types';
import type { SpanwrightDatabase } from './database';

/** What a caller supplies to create a span; the repository adds id and times. */
export type NewSpan = Pick<Span, 'documentId' | 'annotator' | 'start' | 'end' | 'label' | 'text'>;

function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** The spans of one annotator's layer of one document, sorted by start, end, label. */
export async function layerSpans(database: SpanwrightDatabase, documentId: string, annotator: string): Promise<Span[]> {
  const spans = await database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
  return spans.sort(compareStoredSpans);
}

export function compareStoredSpans(a: Span, b: Span): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
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
  const spans = await database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray();
  const existing = await database.statuses.get([annotator, documentId]);
  const summary: DocumentStatus = {
    annotator,
    documentId,
    status: status ?? existing?.status ?? 'todo',
    spanCount: spans.length,
    labels: [...new Set(spans.map((span) => span.label))].sort(),
    updated: now,
  };
  await database.statuses.put(summary);
  return summary;
}

function writeTables(database: SpanwrightDatabase) {
  return [database.spans, database.statuses];
}

/** Stores a new span; resolves once it is committed. */
export async function createSpan(database: SpanwrightDatabase, input: NewSpan, now = Date.now()): Promise<Span> {
  const span: Span = { ...input, id: newId(), created: now, updated: now };
  await database.transaction('rw', writeTables(database), async () => {
    await database.spans.add(span);
    await refreshSummary(database, span.documentId, span.annotator, now);
  });
  return span;
}

/** Stores spans exactly as given (undo of a delete, redo of a create). */
export async function putSpans(database: SpanwrightDatabase, spans: readonly Span[], now = Date.now()): Promise<void> {
  await database.transaction('rw', writeTables(database), async () => {
    await database.spans.bulkPut(spans.map((span) => ({ ...span })));
    for (const key of layerKeys(spans)) await refreshSummary(database, key.documentId, key.annotator, now);
  });
}

/** Removes spans by id; resolves with the spans that were removed. */
export async function deleteSpans(database: SpanwrightDatabase, ids: readonly string[], now = Date.now()): Promise<Span[]> {
  return database.transaction('rw', writeTables(database), async () => {
    const found = (await database.spans.bulkGet([...ids])).filter((span): span is Span => span !== undefined);
    await database.spans.bulkDelete(found.map((span) => span.id));
    for (const key of layerKeys(found)) await refreshSummary(database, key.documentId, key.annotator, now);
    return found;
  });
}

/** Changes a span's label; resolves with the span before and after, or null if it is gone. */
export async function relabelSpan(
  database: SpanwrightDatabase,
  id: string,
  label: string,
  now = Date.now(),
): Promise<{ before: Span; after: Span } | null> {
  return database.transaction('rw', writeTables(database), async () => {
    const before = await database.spans.get(id);
    if (!before) return null;
    const after: Span = { ...before, label, updated: now };
    await database.spans.put(after);
    await refreshSummary(database, after.documentId, after.annotator, now);
    return { before, after };
  });
}

/** Sets an annotator's status for a document. */
export async function setStatus(
  database: SpanwrightDatabase,
  documentId: string,
  annotator: string,
  status: Status,
  now = Date.now(),
): Promise<void> {
  await database.transaction('rw', writeTables(database), () => refreshSummary(database, documentId, annotator, now, status));
}

function layerKeys(spans: readonly Span[]): { documentId: string; annotator: string }[] {
  const keys = new Map<string, { documentId: string; annotator: string }>();
  for (const span of spans) keys.set(JSON.stringify([span.documentId, span.annotator]), { documentId: span.documentId, annotator: span.annotator });
  return [...keys.values()];
}

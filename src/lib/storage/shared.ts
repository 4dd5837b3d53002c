/**
 * What team sync reads and writes here: whole layers (read to share them, replaced by what another
 * member shared), documents and labels that arrive from the team, and the sync's own record of the
 * shared documents (their Yjs updates, so a reload offline still knows what was shared).
 */
import { textFingerprint } from '../model/fingerprint';
import { newLabel } from '../model/labels';
import { layerKey } from '../model/layerKey';
import { CodePointIndex, sliceCodePoints } from '../model/offsets';
import type { Document, DocumentStatus, Label, Span, Status } from '../model/types';
import { logChange } from './changes';
import type { SpanwrightDatabase } from './database';
import { addDocuments } from './documentRows';
import { renamedSince } from './labelRenames';
import { refreshSummary, writeTables } from './spans';

/** A layer's status as it is shared: the summary's counts are rebuilt from the spans. */
export interface SharedStatus {
  status: Status;
  updated: number;
  finished?: number;
}

/** A document as it is shared (its place in the list and fingerprint are this database's). */
export type SharedDocument = Omit<Document, 'fingerprint'>;

/** Every span and summary row of `annotator`'s layers. */
export async function readLayers(
  database: SpanwrightDatabase,
  annotator: string,
): Promise<{ spans: Span[]; statuses: DocumentStatus[] }> {
  return database.transaction('r', [database.spans, database.statuses], async () => {
    const [spans, statuses] = await Promise.all([
      database.spans.where('annotator').equals(annotator).toArray(),
      database.statuses.where('annotator').equals(annotator).toArray(),
    ]);
    return { spans, statuses };
  });
}

/** The spans of the named layers, by `layerKey`, and their summaries. */
export async function readSomeLayers(
  database: SpanwrightDatabase,
  layers: readonly (readonly [annotator: string, documentId: string])[],
): Promise<{ spans: Map<string, Span[]>; statuses: Map<string, DocumentStatus> }> {
  return database.transaction('r', [database.spans, database.statuses], async () => {
    const spans = new Map<string, Span[]>();
    const statuses = new Map<string, DocumentStatus>();
    await Promise.all(
      layers.map(async ([annotator, documentId]) => {
        const key = layerKey(documentId, annotator);
        const [layer, status] = await Promise.all([
          database.spans.where('[documentId+annotator]').equals([documentId, annotator]).toArray(),
          database.statuses.get([annotator, documentId]),
        ]);
        spans.set(key, layer);
        if (status) statuses.set(key, status);
      }),
    );
    return { spans, statuses };
  });
}

function withStatus(summary: DocumentStatus, status: SharedStatus): DocumentStatus {
  const { finished: _finished, ...rest } = summary;
  return {
    ...rest,
    updated: status.updated,
    ...(status.status === 'done' && status.finished !== undefined ? { finished: status.finished } : {}),
  };
}

function sameStatus(summary: DocumentStatus | undefined, status: SharedStatus | undefined): boolean {
  if (!status) return true;
  return summary?.status === status.status && summary.finished === status.finished;
}

/** True when two versions of a span say the same (every field). */
export function sameSpan(left: Span | undefined, right: Span): boolean {
  return left !== undefined && JSON.stringify(sortedEntries(left)) === JSON.stringify(sortedEntries(right));
}

function sortedEntries(value: object): [string, unknown][] {
  return Object.entries(value)
    .filter(([, field]) => field !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
}

/**
 * Adds the shared documents this database lacks, after its own; resolves with how many were added.
 * A document stored here under the same id stays as it is, whatever the team's text: this
 * database's spans quote it. The team's spans on another text are left aside by `applySharedChanges`.
 */
export async function addSharedDocuments(
  database: SpanwrightDatabase,
  documents: readonly SharedDocument[],
): Promise<number> {
  if (documents.length === 0) return 0;
  return database.transaction('rw', [database.documents, database.heads], async () => {
    const present = await database.documents.bulkGet(documents.map((document) => document.id));
    const missing = documents.filter((_, index) => present[index] === undefined);
    if (missing.length === 0) return 0;
    const last = await database.documents.orderBy('order').last();
    let order = (last?.order ?? -1) + 1;
    const sorted = [...missing].sort((left, right) => left.order - right.order);
    await addDocuments(
      database,
      sorted.map((document) => ({ ...document, order: order++, fingerprint: textFingerprint(document.text) })),
    );
    return missing.length;
  });
}

/**
 * Stores the team's labels: a new one is added (when all its fields came), a known one takes the
 * fields given (the others stay as they are here). A label only this database has stays (its spans
 * keep their label). A key the team gives a label is taken from any other label here that held it,
 * but from one of the team's own labels (`teamNames`, or one given in the same batch: two reviewers
 * each added a label offline and gave both the first free key): of those two, the name first in
 * code-unit order keeps the key and the other takes the first free one (and a free colour, when they
 * shared one). Every copy decides alike, and a reviewer's copy shares the move, so the team ends with
 * one key per label. Resolves with the labels of the team's so moved (their new key and colour).
 */
export async function mergeSharedLabels(
  database: SpanwrightDatabase,
  labels: readonly (Partial<Label> & { name: string })[],
  teamNames: ReadonlySet<string> = new Set(),
): Promise<Label[]> {
  if (labels.length === 0) return [];
  return database.transaction('rw', database.labels, async () => {
    const stored = new Map((await database.labels.toArray()).map((label) => [label.name, label]));
    const given = new Set(labels.map((label) => label.name));
    const merged = labels
      .map((label) => ({ ...stored.get(label.name), ...label }))
      .filter((label): label is Label => [label.colour, label.hotkey, label.description, label.order].every(known));
    const result = new Map(stored);
    for (const label of merged) result.set(label.name, label);
    const moved = new Set<string>();
    for (const { name } of merged) {
      const label = result.get(name)!;
      if (label.hotkey === '') continue;
      for (const other of [...result.values()]) {
        if (other.name === name || other.hotkey !== label.hotkey) continue;
        // Two of the team's labels on one key (also two that came in one batch): the order of names decides.
        if (!given.has(other.name) && !teamNames.has(other.name)) result.set(other.name, { ...other, hotkey: '' });
        else {
          const [keeper, mover] = other.name < name ? [other, label] : [label, other];
          const rest = [...result.values()].filter((one) => one.name !== mover.name);
          const fresh = newLabel(mover.name, rest);
          const sameColour = mover.colour.toUpperCase() === keeper.colour.toUpperCase();
          result.set(mover.name, { ...mover, hotkey: fresh.hotkey, colour: sameColour ? fresh.colour : mover.colour });
          moved.add(mover.name);
          if (mover === label) break; // the team's label moved: it holds the key no more
        }
      }
    }
    const changed = [...result.values()].filter((label) => {
      const before = stored.get(label.name);
      return !before || JSON.stringify(sortedEntries(before)) !== JSON.stringify(sortedEntries(label));
    });
    if (changed.length > 0) await database.labels.bulkPut(changed.map((label) => ({ ...label })));
    return [...moved].map((name) => result.get(name)!);
  });
}

const known = (field: unknown) => field !== undefined;

/** The stored Yjs updates of one shared document, oldest first. */
export async function readSyncUpdates(database: SpanwrightDatabase, name: string): Promise<Uint8Array[]> {
  const rows = await database.syncUpdates.where('name').equals(name).sortBy('seq');
  return rows.map((row) => row.update);
}

/** Stores one more update of a shared document. */
export async function appendSyncUpdate(database: SpanwrightDatabase, name: string, update: Uint8Array) {
  await database.syncUpdates.add({ name, update });
}

/**
 * Replaces a shared document's stored updates by one that holds them all; with `read`, only the
 * first `read` of them (those a caller read and merged into `update`): one another tab stored since
 * stays, or its change would be kept nowhere.
 */
export async function compactSyncUpdates(
  database: SpanwrightDatabase,
  name: string,
  update: Uint8Array,
  read?: number,
) {
  await database.transaction('rw', database.syncUpdates, async () => {
    const rows = await database.syncUpdates.where('name').equals(name).sortBy('seq');
    await database.syncUpdates.bulkDelete(rows.slice(0, read ?? rows.length).map((row) => row.seq));
    await database.syncUpdates.add({ name, update });
  });
}

/**
 * A span from the team this database does not store, as its document here can not carry it: the
 * document is missing (an annotator's own import is not shared), or has another text under the same
 * id (two Label Studio projects both number their tasks from 1). It stays in the shared document,
 * and team sync stores it once a document that quotes it arrives.
 */
export interface HeldSpan {
  id: string;
  documentId: string;
  annotator: string;
  reason: 'missing' | 'different';
}

/** What `applySharedChanges` left aside: spans and statuses whose document can not carry them here. */
export interface SharedOutcome {
  held: HeldSpan[];
  /**
   * Spans from the team not stored because their id is a span of a layer their shared document does not hold
   * (another member's, or gold for a member's layer): `over` is the annotator whose span it is here. Spanwright
   * never writes such a record; stored, it would have taken the other's span away (helper-198).
   */
  clashes?: { id: string; annotator: string; over: string }[];
  /** Layer statuses of documents this database lacks. */
  heldStatuses: { documentId: string; annotator: string }[];
  /** The layers where what is stored here stayed over the team's version (`keepLater`): a span, or the status. */
  kept: [annotator: string, documentId: string][];
}

/** The documents named by `ids`, by id (those stored), with a code point index each built when first needed. */
async function readPlaces(database: SpanwrightDatabase, ids: Iterable<string>) {
  const unique = [...new Set(ids)];
  const documents = await database.documents.bulkGet(unique);
  const places = new Map<string, { text: string; index: CodePointIndex | null }>();
  documents.forEach((document, position) => {
    if (document) places.set(unique[position], { text: document.text, index: null });
  });
  return places;
}

/** Why `span` can not be stored here (null when its document here quotes its text at its offsets, in code points). */
function misplacement(
  places: Map<string, { text: string; index: CodePointIndex | null }>,
  span: Span,
): HeldSpan['reason'] | null {
  const place = places.get(span.documentId);
  if (!place) return 'missing';
  place.index ??= new CodePointIndex(place.text);
  if (span.end > place.index.codePointLength) return 'different';
  return sliceCodePoints(place.text, span.start, span.end, place.index) === span.text ? null : 'different';
}

const heldSpan = (span: Span, reason: HeldSpan['reason']): HeldSpan => ({
  id: span.id,
  documentId: span.documentId,
  annotator: span.annotator,
  reason,
});

/** The spans of `spans` this database could not store (read only): see {@link HeldSpan}. */
export async function unplacedSpans(database: SpanwrightDatabase, spans: readonly Span[]): Promise<HeldSpan[]> {
  if (spans.length === 0) return [];
  const places = await readPlaces(
    database,
    spans.map((span) => span.documentId),
  );
  return spans.flatMap((span) => {
    const reason = misplacement(places, span);
    return reason ? [heldSpan(span, reason)] : [];
  });
}

/** Which of `ids` this database lacks (reads the keys only, never a text). */
export async function missingDocuments(database: SpanwrightDatabase, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const present = new Set(await database.documents.where(':id').anyOf(unique).primaryKeys());
  return unique.filter((id) => !present.has(id));
}

/** Changes from the team, span by span: stored, removed, and layer statuses set. */
export interface SharedChanges {
  put: Span[];
  remove: { id: string; documentId: string; annotator: string }[];
  statuses: { documentId: string; annotator: string; status: SharedStatus }[];
  /**
   * Spans the team removed before this database kept the update that had brought them (a tab that
   * closed between storing a span and keeping its update never hears of the removal): each id is
   * removed where it is stored in a layer `owns` accepts (none without `owns`).
   */
  gone?: readonly string[];
  owns?: (annotator: string) => boolean;
  /** Whether what is stored here stays over the team's version of it (a later write of this copy's, sync/concurrentWrites.ts). */
  keepLater?: {
    span(stored: Span, incoming: Span): boolean;
    removal(stored: Span): boolean;
    status(stored: DocumentStatus, incoming: { documentId: string; status: SharedStatus }): boolean;
  };
}

/**
 * Stores changes from the team span by span, in one transaction with the summaries of the layers
 * they touch and a change-log row: a span of the same layer written here meanwhile stays. A span
 * is stored only against the same text: its document here must quote the span's text at its
 * offsets, or it is left aside (resolves with those, see {@link HeldSpan}), as is the status of a
 * layer whose document this database lacks.
 */
export async function applySharedChanges(
  database: SpanwrightDatabase,
  changes: SharedChanges,
  now: number,
): Promise<SharedOutcome> {
  const layers = new Map<string, [annotator: string, documentId: string]>();
  const touch = (annotator: string, documentId: string) =>
    layers.set(layerKey(documentId, annotator), [annotator, documentId]);
  const outcome: SharedOutcome = { held: [], heldStatuses: [], kept: [], clashes: [] };
  const renamed = changes.put.length > 0 ? await renamedSince(database) : (span: Span) => span;
  await database.transaction('rw', [database.documents, ...writeTables(database)], async () => {
    const places = await readPlaces(database, [
      ...changes.put.map((span) => span.documentId),
      ...changes.statuses.map((entry) => entry.documentId),
    ]);
    const placed = changes.put.map(renamed).filter((span) => {
      const reason = misplacement(places, span);
      if (reason) outcome.held.push(heldSpan(span, reason));
      return reason === null;
    });
    const found = await database.spans.bulkGet(placed.map((span) => span.id));
    // An id names one span: a record may move a span only between layers its shared document holds (gold and
    // gold:rejected), never over another member's span or gold from a member's layer.
    const owns = changes.owns ?? (() => false);
    const [put, stored]: [Span[], (Span | undefined)[]] = [[], []];
    placed.forEach((span, index) => {
      const before = found[index];
      if (!before || before.annotator === span.annotator || owns(before.annotator)) {
        put.push(span);
        stored.push(before);
      } else outcome.clashes?.push({ id: span.id, annotator: span.annotator, over: before.annotator });
    });
    const kept = new Set<Span>();
    const changed = put.filter((span, index) => {
      const before = stored[index];
      if (!before || !changes.keepLater?.span(before, span)) return !sameSpan(before, span);
      kept.add(before);
      outcome.kept.push([before.annotator, before.documentId]);
      return false;
    });
    // A span that moved layer (between gold and gold:rejected, which one document holds) leaves its old one.
    stored.forEach((before, index) => {
      if (before && !sameSpan(before, put[index]) && !kept.has(before)) touch(before.annotator, before.documentId);
    });
    for (const span of changed) touch(span.annotator, span.documentId);
    if (changed.length > 0) await database.spans.bulkPut(changed);
    // A removal takes a span only from the annotator it names: a record can not reach another member's layers.
    const removing = [...changes.remove, ...(changes.gone ?? []).map((id) => ({ id, owns }))];
    const removed = (await database.spans.bulkGet(removing.map((span) => span.id))).filter(
      (span, index): span is Span => {
        if (span === undefined) return false;
        const entry = removing[index];
        if ('owns' in entry) return entry.owns(span.annotator);
        if (span.annotator !== entry.annotator) return false;
        if (!changes.keepLater?.removal(span)) return true;
        outcome.kept.push([span.annotator, span.documentId]);
        return false;
      },
    );
    for (const span of removed) touch(span.annotator, span.documentId);
    if (removed.length > 0) await database.spans.bulkDelete(removed.map((span) => span.id));
    const statuses = new Map(
      changes.statuses
        .filter((entry) => {
          const present = places.has(entry.documentId);
          if (!present) outcome.heldStatuses.push({ documentId: entry.documentId, annotator: entry.annotator });
          return present;
        })
        .map((entry) => [layerKey(entry.documentId, entry.annotator), entry]),
    );
    const entries = [...statuses.values()];
    const summaries = await database.statuses.bulkGet(entries.map((entry) => [entry.annotator, entry.documentId]));
    entries.forEach((entry, index) => {
      const summary = summaries[index];
      if (summary && changes.keepLater?.status(summary, entry)) {
        statuses.delete(layerKey(entry.documentId, entry.annotator));
        outcome.kept.push([entry.annotator, entry.documentId]);
      } else if (!sameStatus(summary, entry.status)) touch(entry.annotator, entry.documentId);
    });
    if (layers.size === 0) return;
    // The summaries are rebuilt side by side: the requests go out together, not one round trip each
    // (a member joining a project receives thousands of layers at once).
    await Promise.all(
      [...layers].map(async ([key, [annotator, documentId]]) => {
        const status = statuses.get(key)?.status;
        const written = await refreshSummary(database, documentId, annotator, now, status?.status);
        if (status) await database.statuses.put(withStatus(written, status));
      }),
    );
    await logChange(database, layers.values());
  });
  return outcome;
}

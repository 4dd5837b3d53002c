/**
 * The spans and statuses of a shared layer document (`<project>/layer/<annotator>`, or the gold
 * document with the review's two layers) over a Yjs document: a flat map of span id → record (never
 * a map per document, which two offline writers would each create and one would lose) and a map of
 * document id → status. An index by layer keeps reading one document's layer cheap.
 */
import * as Y from 'yjs';
import { layerKey } from '../model/layerKey';
import type { Span } from '../model/types';
import { replacedUnseen, type Replaced } from './concurrentWrites';
import { layerChanges, spanFromRecord, statusFromRecord, type SpanRecord } from './records';
import { quoted, spanRefusal } from './serverLimits';
import type { SharedStatusRecord } from './syncStore';

/** The origin of transactions that carry this client's own writes into the document. */
export const LOCAL_ORIGIN = 'spanwright:local';

/** What a transaction from elsewhere changed: spans set or removed, and statuses set. */
export interface RemoteChange {
  put: Span[];
  remove: { id: string; documentId: string; annotator: string }[];
  statuses: { documentId: string; annotator: string; status: SharedStatusRecord }[];
  /**
   * Span ids that came already removed: this document never held their record, so their layer is
   * unknown. A database can still hold such a span, stored by a tab that closed before it kept the
   * update that brought it; the removal must reach it.
   */
  gone: string[];
  /**
   * For each span of `put` and `remove` that replaced a record: the record the shared document held
   * before, and whether the write that replaced it had not seen it (concurrentWrites.ts). A span
   * added where nothing was has no entry (a project joined adds thousands). The same map in every
   * part of one change; absent for a change that did not come from the shared document.
   */
  replaced?: ReadonlyMap<string, Replaced>;
  /** The same for each status of `statuses`, by document id. */
  replacedStatuses?: ReadonlyMap<string, Replaced>;
}

/**
 * Spans stored per transaction when many come at once (a member joining a project receives all of
 * it in one update): each part commits on its own, so the page stays responsive and the work
 * shows as it is stored. Every part is written again in full if the tab closes before it commits.
 */
const STORE_CHUNK = 5000;

/** `change` in parts of at most STORE_CHUNK spans, sorted by document so that most layers fall in one part. */
export function chunks(change: RemoteChange): RemoteChange[] {
  if (change.put.length + change.remove.length + change.gone.length <= STORE_CHUNK) return [change];
  const put = [...change.put].sort((left, right) =>
    left.documentId < right.documentId ? -1 : left.documentId > right.documentId ? 1 : 0,
  );
  const parts: RemoteChange[] = [];
  const part = (values: Partial<RemoteChange>): RemoteChange => ({
    put: [],
    remove: [],
    statuses: [],
    gone: [],
    ...values,
  });
  for (let index = 0; index < put.length; index += STORE_CHUNK)
    parts.push(part({ put: put.slice(index, index + STORE_CHUNK) }));
  for (let index = 0; index < change.remove.length; index += STORE_CHUNK)
    parts.push(part({ remove: change.remove.slice(index, index + STORE_CHUNK) }));
  for (let index = 0; index < change.gone.length; index += STORE_CHUNK)
    parts.push(part({ gone: change.gone.slice(index, index + STORE_CHUNK) }));
  parts[parts.length - 1].statuses = change.statuses;
  for (const each of parts)
    Object.assign(each, { replaced: change.replaced, replacedStatuses: change.replacedStatuses });
  return parts;
}

export class SharedLayers {
  readonly doc: Y.Doc;
  readonly #spans: Y.Map<unknown>;
  readonly #statuses: Y.Map<unknown>;
  readonly #accepts: (annotator: string) => boolean;
  /** The annotator the statuses belong to: a member's layer's, or gold's in the review's document (not its rejections). */
  readonly #owner: string | null;
  /** Span ids by `layerKey`. */
  readonly #index = new Map<string, Set<string>>();

  constructor(doc: Y.Doc, accepts: (annotator: string) => boolean, owner: string | null) {
    this.doc = doc;
    this.#spans = doc.getMap('spans');
    this.#statuses = doc.getMap('statuses');
    this.#accepts = accepts;
    this.#owner = owner;
    for (const [id, value] of this.#spans) this.#indexSpan(id, value);
    this.#spans.observe((event) => {
      event.changes.keys.forEach((change, id) => {
        if (change.action !== 'add') this.#unindexSpan(id, change.oldValue);
        if (change.action !== 'delete') this.#indexSpan(id, this.#spans.get(id));
      });
    });
  }

  /** Whether spans of `annotator`'s layers belong in this document. */
  readonly accepts = (annotator: string): boolean => this.#accepts(annotator);

  #layerOf(value: unknown): string | null {
    if (typeof value !== 'object' || value === null) return null;
    const { documentId, annotator } = value as { documentId?: unknown; annotator?: unknown };
    return typeof documentId === 'string' && typeof annotator === 'string' ? layerKey(documentId, annotator) : null;
  }

  #indexSpan(id: string, value: unknown): void {
    const key = this.#layerOf(value);
    if (key === null) return;
    let ids = this.#index.get(key);
    if (!ids) this.#index.set(key, (ids = new Set()));
    ids.add(id);
  }

  #unindexSpan(id: string, value: unknown): void {
    const key = this.#layerOf(value);
    if (key !== null) this.#index.get(key)?.delete(id);
  }

  /** The shared records of one layer of one document, by span id (unchecked: what the map holds). */
  records(documentId: string, annotator: string): Map<string, SpanRecord> {
    const records = new Map<string, SpanRecord>();
    for (const id of this.#index.get(layerKey(documentId, annotator)) ?? [])
      records.set(id, this.#spans.get(id) as SpanRecord);
    return records;
  }

  /** The valid spans of one layer of one document. */
  spans(documentId: string, annotator: string): Span[] {
    const spans: Span[] = [];
    for (const [id, record] of this.records(documentId, annotator)) {
      const span = spanFromRecord(id, record, this.#accepts);
      if (span && span.documentId === documentId && span.annotator === annotator) spans.push(span);
    }
    return spans;
  }

  /**
   * Whether the document held span `id` once and has removed it since. A Yjs map keeps its last
   * entry for each key, deleted or not (`_map`, as `Y.Map.get` reads it): a key never set has none.
   */
  removed(id: string): boolean {
    const entry = (this.#spans as unknown as { _map: Map<string, { deleted: boolean }> })._map.get(id);
    return entry !== undefined && entry.deleted;
  }

  /** The shared status of `annotator`'s layer of the document (only the owner's layer has one). */
  status(documentId: string, annotator: string): SharedStatusRecord | null {
    return this.#owner === null || annotator !== this.#owner ? null : statusFromRecord(this.#statuses.get(documentId));
  }

  /** Every layer the document holds spans or a status for, as [annotator, documentId]. */
  layers(): [annotator: string, documentId: string][] {
    const layers = new Map<string, [string, string]>();
    for (const [key, ids] of this.#index) {
      if (ids.size === 0) continue;
      const [documentId, annotator] = JSON.parse(key) as [string, string];
      layers.set(key, [annotator, documentId]);
    }
    if (this.#owner !== null)
      for (const documentId of this.#statuses.keys())
        layers.set(layerKey(documentId, this.#owner), [this.#owner, documentId]);
    return [...layers.values()];
  }

  /**
   * Makes the shared layer of one document hold `spans` (and `status`), leaving alone the span ids
   * in `keep` (changes from elsewhere not yet stored locally). Returns whether anything changed.
   */
  write(
    documentId: string,
    annotator: string,
    spans: readonly Span[],
    status: SharedStatusRecord | null,
    keep: { has(id: string): boolean; unshared?(what: string[]): void } = new Set<string>(),
  ): boolean {
    const changes = layerChanges(
      spans.filter((span) => !keep.has(span.id)),
      new Map([...this.records(documentId, annotator)].filter(([id]) => !keep.has(id))),
    );
    const { remove } = changes;
    // A span the server would refuse stays out (serverLimits.ts); its earlier record, if any, stays.
    const refusals = changes.set.map(([, record]) => spanRefusal(record));
    const set = changes.set.filter((_, index) => refusals[index] === null);
    const unshared = changes.set.flatMap(([, record], index) =>
      refusals[index] === null ? [] : [`a span in ${quoted(record.documentId)} (${refusals[index]})`],
    );
    if (unshared.length > 0) keep.unshared?.(unshared);
    const before = statusFromRecord(this.#statuses.get(documentId));
    // A status never set (to do, where none is shared) is not shared: it is what a copy that stored the
    // spans first has (a join cut short), and written it would stand against the team's at once.
    const statusChanged =
      this.#owner === annotator &&
      status !== null &&
      (before === null
        ? status.status !== 'todo'
        : before.status !== status.status || before.finished !== status.finished);
    if (set.length === 0 && remove.length === 0 && !statusChanged) return false;
    this.doc.transact(() => {
      for (const [id, record] of set) this.#spans.set(id, record);
      for (const id of remove) this.#spans.delete(id);
      if (statusChanged) this.#statuses.set(documentId, status);
    }, LOCAL_ORIGIN);
    return true;
  }

  /**
   * Calls `listener` with what each transaction not of this client's own writes changed (a sync
   * from the server, an update from another member). Values that are not valid records are left out.
   */
  onRemoteChange(listener: (change: RemoteChange) => void): void {
    const report = (change: RemoteChange) => {
      if (change.put.length + change.remove.length + change.statuses.length + change.gone.length > 0) listener(change);
    };
    this.#spans.observe((event, transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const replaced = new Map<string, Replaced>();
      const change: RemoteChange = { put: [], remove: [], statuses: [], gone: [], replaced };
      event.changes.keys.forEach((keyChange, id) => {
        const old = keyChange.action === 'add' ? null : spanFromRecord(id, keyChange.oldValue, this.#accepts);
        if (keyChange.action === 'delete') {
          if (old) change.remove.push({ id, documentId: old.documentId, annotator: old.annotator });
          replaced.set(id, { before: keyChange.oldValue, unseen: false });
          return;
        }
        const span = spanFromRecord(id, this.#spans.get(id), this.#accepts);
        if (!span) return;
        change.put.push(span);
        if (keyChange.action === 'add') return;
        // Whether it was seen matters only when what it replaced is the later write.
        const unseen = old !== null && old.updated > span.updated && replacedUnseen(this.#spans, event, id);
        replaced.set(id, { before: keyChange.oldValue, unseen });
      });
      // A key added and removed within what arrived is not in `changes.keys`, only in `keysChanged`.
      for (const id of event.keysChanged) if (!event.changes.keys.has(id) && !this.#spans.has(id)) change.gone.push(id);
      report(change);
    });
    this.#statuses.observe((event, transaction) => {
      const owner = this.#owner;
      if (transaction.origin === LOCAL_ORIGIN || owner === null) return;
      const replacedStatuses = new Map<string, Replaced>();
      const change: RemoteChange = { put: [], remove: [], statuses: [], gone: [], replacedStatuses };
      for (const [documentId, keyChange] of event.changes.keys) {
        const status = statusFromRecord(this.#statuses.get(documentId));
        if (!status) continue;
        change.statuses.push({ documentId, annotator: owner, status });
        const old = statusFromRecord(keyChange.oldValue);
        const unseen =
          old !== null && old.updated > status.updated && replacedUnseen(this.#statuses, event, documentId);
        replacedStatuses.set(documentId, { before: keyChange.oldValue, unseen });
      }
      report(change);
    });
  }
}
